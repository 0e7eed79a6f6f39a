# Where the help center's gunicorn hosts are and who may purge; included by helpcenter.vcl. Change it for
# the site (one backend line per gunicorn host).

import directors;

backend gunicorn_1 {
    .host = "127.0.0.1";
    .port = "8000";
}

# The hosts whose workers send purges (FRONT_CACHE_PURGE_URLS): the gunicorn hosts and the task worker's.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new origin = directors.round_robin();
    origin.add_backend(gunicorn_1);
}

sub vcl_recv {
    set req.backend_hint = origin.backend();
}
