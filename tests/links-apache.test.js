'use strict';
/*
 * tests/links-apache.test.js: the links suite (link checks, the link
 * report, redirects in bulk) again, behind Apache (conf/apache-site.conf
 * through tools/serve).
 */
process.env.RC_SERVER = 'apache';
require('./links.test.js');
