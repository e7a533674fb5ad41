'use strict';
/*
 * tests/files-apache.test.js: the file library suite again, behind
 * Apache (conf/apache-site.conf through tools/serve): uploads served by
 * Apache with the same types and headers as by nginx.
 */
process.env.RC_SERVER = 'apache';
require('./files.test.js');
