# Varnish 7.1 (Debian's varnish and varnish-modules packages) in front of the help center's gunicorn hosts.
#
# Stores what the page cache made public (it carries the `xkey` tags: helpcenter/page_cache/tags.py) under
# its host (without a port), scheme and path; the language is in the path. Passes everything else: other
# methods, the admin and what mail programs fetch (personal, or following Accept-Language), a session
# cookie, a query string (searches and votes: the help center's own store answers them), and anything the
# help center did not tag (redirects, errors, static files, responses that set a cookie).
# Forgets by tag: `PURGE /` with `xkey-purge: <tags>` from an address in `purgers` (origin.vcl), as
# FRONT_CACHE_PURGE_URLS sends it after every change (helpcenter/page_cache/purges.py).
#
# origin.vcl beside this file says where gunicorn is and who may purge: copy it and change it for the site.
# Run: varnishd -a :6081 -f /etc/varnish/helpcenter.vcl -s malloc,256m  (the storage bounds its memory).

vcl 4.1;

import std;
import xkey;

include "origin.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the tags to forget in xkey-purge"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|mail|autodiscover|mobileconfig|\.well-known|static|media|documents)(/|$)") {
        return (pass);
    }
    # A query string, an escaped or doubled path: the help center's own store keys them; here each would
    # be another object.
    if (req.url ~ "[?%]" || req.url ~ "//") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Other cookies (the language, the reader's browser id) do not change a stored page: keep them for
    # the help center, leave them out of the key.
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(std.tolower(regsub(req.http.host, ":[0-9]+$", "")));
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_response {
    if (beresp.status != 200 || !beresp.http.xkey) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Kept until a purge names one of its tags; this bounds how long a failed purge (shown in the admin)
    # leaves readers the previous version. No grace: an expired page is fetched, never served.
    set beresp.ttl = 1h;
    set beresp.grace = 0s;
    unset beresp.http.Set-Cookie;
    return (deliver);
}

sub vcl_deliver {
    # Nothing tells a client whether someone else asked for the page before.
    unset resp.http.xkey;
    unset resp.http.Age;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
