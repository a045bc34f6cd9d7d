vcl 4.1;
# sozialplattform.site: Varnish in front of the load balancer (docs/operators/scale-out.md).
# One cache for all instances. The instances decide what may be cached (plone.app.caching:
# profiles/default/registry/caching.xml); this VCL adds the safety net for everything
# personal and normalises the request so that anonymous visitors share one copy.
# `make start-cluster VARNISH_PORT=...` uses this file with the backend port replaced.

backend haproxy {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 5s;
    .first_byte_timeout = 120s;
    .between_bytes_timeout = 60s;
}

# who may send PURGE (the instances, the operators' cron)
acl purge {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # PURGE <path>: drop every cached answer whose URL begins with <path>, all query
    # strings included (e.g. /Plone/++api++/@finder after an import)
    if (req.method == "PURGE") {
        if (client.ip !~ purge) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.x-url ~ ^" + regsuball(req.url, "([.?*+^$|()\[\]{}\\])", "\\\1"));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # a login (cookie or basic auth) or a secret token: never from or into the cache
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(__ac|auth_token)=") {
        return (pass);
    }
    if (req.url ~ "[?&](token|_authenticator)=") {
        return (pass);
    }
    # personal pages and services (they say private, no-store themselves as well)
    if (req.url ~ "/@{0,2}(termin|termin\.ics|termine|termine\.csv|termine-feed\.ics|booking[a-z-]*|book|slots|video|jitsi-token|anbindung|confirm-data|recent-changes|centres-export|ok|login|logout|login_form|require_login|mail_password_form|passwordreset)([/?]|$)"
        || req.url ~ "/manage") {
        return (pass);
    }
    # status messages are one visitor's: pass; every other cookie is dropped, only the
    # chosen language is kept (it is part of the cache key, see vcl_hash)
    if (req.http.Cookie ~ "(^|;\s*)statusmessages=") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)I18N_LANGUAGE=") {
        set req.http.Cookie = regsub(req.http.Cookie, "^.*?(?:^|;\s*)(I18N_LANGUAGE=[^;]*).*$", "\1");
    } else {
        unset req.http.Cookie;
    }
    # one copy per representation: JSON (REST API) or HTML; German or English
    if (req.http.Accept ~ "application/json") {
        set req.http.Accept = "application/json";
    } elsif (req.url !~ "\+\+(webresource|plone|resource)\+\+") {
        set req.http.Accept = "text/html";
    }
    if (req.http.Accept-Language ~ "\b(de|en)\b") {
        set req.http.Accept-Language = regsub(req.http.Accept-Language, "^.*?\b(de|en)\b.*$", "\1");
    } else {
        set req.http.Accept-Language = "de";
    }
    # tracking parameters do not change the answer
    set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid)=[^&]*&?", "\1");
    set req.url = regsub(req.url, "[?&]$", "");
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.host);
    hash_data(req.http.Accept-Language);
    if (req.http.Cookie) {
        hash_data(req.http.Cookie);
    }
    return (lookup);
}

sub vcl_backend_response {
    # for PURGE (bans tested by the ban lurker)
    set beresp.http.x-url = bereq.url;
    # compression by the proxy: text, JSON, JavaScript, SVG (what the instance already
    # compressed stays as it is)
    if (beresp.http.Content-Type ~ "^(text/|application/(json|ld\+json|javascript|xml|rss\+xml|atom\+xml)|image/svg\+xml)") {
        set beresp.do_gzip = true;
    }
    # never store what the instance marked personal or what sets a cookie (also the
    # built-in VCL's rule; explicit here because this VCL returns before it)
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Vary == "*"
        || beresp.ttl <= 0s) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # a short grace (a changed centre shows within s-maxage + grace), a long keep for
    # conditional requests to the backend (ETag: 304 instead of the whole page)
    set beresp.grace = 10s;
    set beresp.keep = 1h;
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-url;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    set resp.http.X-Cache-Hits = obj.hits;
}
