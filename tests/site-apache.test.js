'use strict';
/*
 * tests/site-apache.test.js: the public-site suite again, this time
 * behind Apache (conf/apache-site.conf through tools/serve): the same
 * assertions must hold under both servers.
 */
process.env.RC_SERVER = 'apache';
require('./site.test.js');
