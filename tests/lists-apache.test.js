'use strict';
/*
 * tests/lists-apache.test.js: the lists suite again, behind Apache
 * (conf/apache-site.conf through tools/serve): the same assertions must
 * hold under both servers.
 */
process.env.RC_SERVER = 'apache';
require('./lists.test.js');
