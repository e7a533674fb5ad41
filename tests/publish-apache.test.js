'use strict';
/*
 * tests/publish-apache.test.js: the publishing suite again, behind Apache
 * (conf/apache-site.conf through tools/serve: mod_rewrite serves the
 * published files, [P] to the worker otherwise): the same assertions must
 * hold under both servers.
 */
process.env.RC_SERVER = 'apache';
require('./publish.test.js');
