'use strict';
/*
 * tests/search-apache.test.js: the search, sitemap, robots.txt and
 * head-tags suite again, this time behind Apache (conf/apache-site.conf
 * through tools/serve): the same assertions must hold under both servers.
 */
process.env.RC_SERVER = 'apache';
require('./search.test.js');
