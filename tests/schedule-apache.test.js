'use strict';
/*
 * tests/schedule-apache.test.js: the scheduling suite again, behind
 * Apache (conf/apache-site.conf through tools/serve): the same assertions
 * must hold under both servers.
 */
process.env.RC_SERVER = 'apache';
require('./schedule.test.js');
