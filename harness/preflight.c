#include "preflight.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rs_status rs_preflight_url(const char *url, rs_err *err)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *path = NULL, *query = NULL, *frag = NULL, *user = NULL;
    rs_status st = RS_OK;
    if (!u)
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
        st = rs_errf(err, RS_ERR_CONFIG, "target url '%s' is not a URL", url);
    else {
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
        curl_url_get(u, CURLUPART_HOST, &host, 0);
        curl_url_get(u, CURLUPART_PATH, &path, 0);
        curl_url_get(u, CURLUPART_QUERY, &query, 0);
        curl_url_get(u, CURLUPART_FRAGMENT, &frag, 0);
        curl_url_get(u, CURLUPART_USER, &user, 0);
        const char *why = !scheme || (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)
                              ? "the scheme must be http or https"
                          : !host || !host[0]                    ? "it has no host"
                          : path && path[0] && strcmp(path, "/") ? "it must not have a path"
                          : query                                ? "it must not have a query"
                          : frag                                 ? "it must not have a fragment"
                          : user ? "credentials belong in actors:, not in the URL"
                                 : NULL;
        if (why)
            st = rs_errf(err, RS_ERR_CONFIG, "target url: %s (e.g. https://registry.example:5000)",
                         why);
    }
    curl_free(scheme), curl_free(host), curl_free(path), curl_free(query), curl_free(frag);
    curl_free(user);
    curl_url_cleanup(u);
    return st;
}

static void preflight_conn(rs_conn *c, const rs_target *t, rs_guard *g)
{
    rs_conn_init(c, t->ca_file, t->insecure, t->timeout_s, NULL, "preflight");
    c->connect_timeout_s = RS_PREFLIGHT_CONNECT_S;
    c->total_timeout_s = RS_PREFLIGHT_TOTAL_S;
    c->guard = g;
    c->retries = (int)t->retries;
}

rs_status rs_preflight_reach(const rs_target *t, rs_guard *g, rs_challenge *chal, rs_err *err)
{
    return rs_preflight_reach_info(t, g, chal, NULL, NULL, err);
}

/* A response header's value into out (len bytes), or "". */
static void header_copy(const rs_resp *r, const char *name, char *out, size_t len)
{
    const char *v = out ? rs_resp_header(r, name) : NULL;
    if (out)
        snprintf(out, len, "%s", v ? v : "");
}

rs_status rs_preflight_reach_info(const rs_target *t, rs_guard *g, rs_challenge *chal,
                                  char api_version[128], char server[256], rs_err *err)
{
    rs_conn c;
    preflight_conn(&c, t, g);
    char url[1024];
    snprintf(url, sizeof(url), "%s/v2/", t->url);
    rs_req req = {.method = "GET", .url = url};
    rs_resp r;
    rs_resp_init(&r);
    memset(chal, 0, sizeof(*chal));
    chal->scheme = RS_SCHEME_NONE;
    rs_status st = rs_http_send(&c, &req, NULL, NULL, NULL, &r, err);
    const char *h = st == RS_OK ? rs_resp_header(&r, "WWW-Authenticate") : NULL;
    header_copy(&r, "Docker-Distribution-API-Version", api_version, 128);
    header_copy(&r, "Server", server, 256);
    if (st == RS_OK && r.status == 401 && !(h && rs_challenge_parse(h, chal) == 0)) {
        chal->scheme = RS_SCHEME_UNKNOWN; /* the scenarios report the broken challenge */
    } else if (st == RS_OK && r.status != 200 && r.status != 401) {
        st = rs_errf(
            err, RS_ERR_PROTO, "GET %s answered %ld, not 200 or 401: is this a registry?%s%s%s",
            url, r.status, r.retry_note[0] ? " (" : "", r.retry_note, r.retry_note[0] ? ")" : "");
    }
    rs_resp_free(&r);
    rs_conn_free(&c);
    return st;
}

/* GET url with the actor's credentials (Basic); *status gets the answer's status. */
static rs_status get_as(rs_conn *c, const char *url, const rs_target_actor *a, long *status,
                        rs_err *err)
{
    rs_req req = {.method = "GET", .url = url};
    rs_resp r;
    rs_resp_init(&r);
    rs_status st = rs_http_send(c, &req, NULL, a->username, a->password, &r, err);
    *status = r.status;
    rs_resp_free(&r);
    return st;
}

/* realm?service=..&scope=repository:<ns>/regsuite-preflight:pull, with the actor's Basic creds. */
static rs_status token_login(rs_conn *c, const rs_target *t, const rs_target_actor *a,
                             const rs_challenge *chal, long *status, rs_err *err)
{
    char *svc = curl_easy_escape(NULL, chal->service, 0);
    const char *ns = rs_target_ns(t, a->role);
    char scope[512] = "";
    if (ns && ns[0]) {
        char raw[400];
        snprintf(raw, sizeof(raw), "repository:%s/regsuite-preflight:pull", ns);
        char *e = curl_easy_escape(NULL, raw, 0);
        snprintf(scope, sizeof(scope), "&scope=%s", e ? e : "");
        curl_free(e);
    }
    char url[2048];
    snprintf(url, sizeof(url), "%s%sservice=%s%s", chal->realm,
             strchr(chal->realm, '?') ? "&" : "?", svc ? svc : "", scope);
    curl_free(svc);
    return get_as(c, url, a, status, err);
}

static rs_status basic_login(rs_conn *c, const rs_target *t, const rs_target_actor *a, long *status,
                             rs_err *err)
{
    char url[1024];
    snprintf(url, sizeof(url), "%s/v2/", t->url);
    return get_as(c, url, a, status, err);
}

static rs_status check_actor(rs_conn *c, const rs_target *t, const rs_target_actor *a,
                             const rs_challenge *chal, rs_err *err)
{
    const char *realm = chal->realm[0] ? chal->realm : "(no realm)";
    if (!a->password[0])
        return rs_errf(err, RS_ERR_CONFIG,
                       "actor '%s' (user %s) has no password: give password or password_env in "
                       "the target file, or log in with docker (config.json)",
                       a->role, a->username);
    long status = 0;
    rs_status st = chal->scheme == RS_SCHEME_BEARER ? token_login(c, t, a, chal, &status, err)
                                                    : basic_login(c, t, a, &status, err);
    if (st != RS_OK)
        return st;
    if (status == 401 || status == 403)
        return rs_errf(err, RS_ERR_CONFIG,
                       "actor '%s' (user %s): the credentials were refused by realm %s (HTTP %ld); "
                       "fix the password in the target file or docker config.json",
                       a->role, a->username, realm, status);
    if (status != 200)
        return rs_errf(err, RS_ERR_PROTO,
                       "actor '%s' (user %s): realm %s answered %ld to a login, not 200", a->role,
                       a->username, realm, status);
    return RS_OK;
}

rs_status rs_preflight_credentials(const rs_target *t, rs_guard *g, const rs_challenge *chal,
                                   rs_err *err)
{
    if (chal->scheme != RS_SCHEME_BEARER && chal->scheme != RS_SCHEME_BASIC)
        return RS_OK; /* no auth, or a challenge the scenarios will report */
    rs_conn c;
    preflight_conn(&c, t, g);
    rs_status st = RS_OK;
    for (int i = 0; st == RS_OK && i < t->nactors; i++)
        if (t->actors[i].username[0])
            st = check_actor(&c, t, &t->actors[i], chal, err);
    rs_conn_free(&c);
    return st;
}
