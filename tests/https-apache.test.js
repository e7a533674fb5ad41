'use strict';
/*
 * tests/https-apache.test.js: the HTTPS suite again, behind Apache
 * (conf/apache-site.conf through tools/serve).
 */
process.env.RC_SERVER = 'apache';
require('./https.test.js');
