'use strict';
/*
 * tests/admin-apache.test.js: the admin suite again, behind Apache
 * (conf/apache-site.conf through tools/serve: the admin CGI under
 * fcgiwrap, reached through mod_proxy_fcgi): the same assertions must
 * hold under both servers.
 */
process.env.RC_SERVER = 'apache';
require('./admin.test.js');
