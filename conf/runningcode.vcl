vcl 4.1;
# runningcode: a Varnish edge in front of the site's web server, for
# Debian 12's varnish (7.1) with varnish-modules (the xkey module).
#
# Where it goes: /etc/varnish/default.vcl (or another file that
# varnish.service's -f names), with the backend below pointing at the
# site's nginx or Apache, and the ACL "purgers" listing the machines
# that run the admin: then `systemctl reload varnish`.
#
# What it does:
# - pages, search answers and static files are cached as the site says
#   (Cache-Control: s-maxage for pages, a minute for search answers,
#   404s and redirects, the static files' own max-age), one copy per
#   page, whatever the visitor's cookies (the public site sets none);
# - a purge from the admin (runningcode.conf: purge) is "PURGE /" with
#   the header xkey-purge naming cache tags (src/cache-tags.h): every
#   answer filed under one of them is dropped at once (xkey-softpurge:
#   kept for grace only); a PURGE without it drops that one address.
#   Purges from outside the ACL "purgers" are refused (403);
# - while the site answers (its /robots.txt, probed every 2 s), a page
#   past its lifetime is served at most 10 s stale while it is fetched
#   again; while it does not, every page still cached is served for up
#   to a day (grace), and an error of the site never replaces it;
# - /admin/ passes through untouched, never cached;
# - /.edge-health answers 200 from the edge itself (HAProxy's check).
#
# tests/varnish.test.js runs this very file, with only the backend's
# port substituted.

import std;
import xkey;

backend site {
    .host = "127.0.0.1";
    .port = "80";
    .connect_timeout = 1s;
    .first_byte_timeout = 10s;
    .probe = {
        .url = "/robots.txt";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

# The machines whose PURGE requests count: those that run the admin (and
# `runningcode purge --retry`). Nobody else may empty the cache.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from this address"));
        }
        if (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.x-purged));
        }
        if (req.http.xkey-softpurge) {
            set req.http.x-purged = xkey.softpurge(req.http.xkey-softpurge);
            return (synth(200, "Soft-purged " + req.http.x-purged));
        }
        return (purge);
    }
    # A load balancer's health check (conf/haproxy.cfg): whether this
    # edge runs, whatever the site's state (it serves what it holds while
    # the site is down). No page has a path starting with a dot.
    if (req.url == "/.edge-health") {
        return (synth(200, "OK"));
    }
    if (req.url ~ "^/admin(/|$)") {
        return (pass);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The public site reads no cookie: one copy serves everyone.
    unset req.http.Cookie;
    # Stale answers: 10 s while the site answers; all of beresp.grace
    # (below) while its probe says it is down.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (beresp.status >= 500) {
        # An error never replaces a good copy: keep serving that one.
        if (bereq.is_bgfetch) {
            return (abandon);
        }
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        return (deliver);
    }
    # Kept past its lifetime for a day, to be served while the site is
    # down (vcl_recv: only 10 s of it while the site answers).
    set beresp.grace = 24h;
}

sub vcl_deliver {
    # Whether the answer came from the cache, for people and the tests.
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
