'use strict';
/*
 * tests/limits-apache.test.js: the limits suite again, behind Apache
 * (conf/apache-site.conf through tools/serve): the same assertions must
 * hold under both servers.
 */
process.env.RC_SERVER = 'apache';
require('./limits.test.js');
