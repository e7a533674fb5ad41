'use strict';
/*
 * tests/headers-apache.test.js: the headers suite again, behind Apache
 * (conf/apache-site.conf through tools/serve): the same assertions must
 * hold under both servers.
 */
process.env.RC_SERVER = 'apache';
require('./headers.test.js');
