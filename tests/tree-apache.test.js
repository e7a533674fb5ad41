'use strict';
/*
 * tests/tree-apache.test.js: the tree suite again, behind Apache
 * (conf/apache-site.conf through tools/serve): the same assertions must
 * hold under both servers.
 */
process.env.RC_SERVER = 'apache';
require('./tree.test.js');
