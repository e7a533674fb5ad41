'use strict';
/*
 * tests/review-apache.test.js: the review suite again, behind Apache
 * (conf/apache-site.conf through tools/serve).
 */
process.env.RC_SERVER = 'apache';
require('./review.test.js');
