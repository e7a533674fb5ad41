'use strict';
/*
 * tests/users-apache.test.js: the users and roles suite again, behind
 * Apache (conf/apache-site.conf through tools/serve).
 */
process.env.RC_SERVER = 'apache';
require('./users.test.js');
