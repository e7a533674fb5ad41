'use strict';
/*
 * tests/compress-apache.test.js: the compression suite again, behind Apache
 * (conf/apache-site.conf through tools/serve): the same assertions must
 * hold under both servers.
 */
process.env.RC_SERVER = 'apache';
require('./compress.test.js');
