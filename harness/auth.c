#include "auth.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int rs_challenge_parse(const char *h, rs_challenge *out)
{
    memset(out, 0, sizeof(*out));
    while (*h == ' ')
        h++;
    size_t sl = strcspn(h, " ");
    if (sl == 0)
        return -1;
    if (sl == 6 && strncasecmp(h, "Bearer", 6) == 0)
        out->scheme = RS_SCHEME_BEARER;
    else if (sl == 5 && strncasecmp(h, "Basic", 5) == 0)
        out->scheme = RS_SCHEME_BASIC;
    else
        out->scheme = RS_SCHEME_OTHER;
    const char *p = h + sl;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *k = p;
        while (*p && *p != '=' && *p != ',' && *p != ' ')
            p++;
        size_t kl = (size_t)(p - k);
        if (*p != '=')
            return -1;
        p++;
        char val[2048];
        size_t vl = 0;
        if (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1])
                    p++;
                if (vl + 1 < sizeof(val))
                    val[vl++] = *p;
                p++;
            }
            if (*p != '"')
                return -1; /* unterminated quote */
            p++;
        } else {
            while (*p && *p != ',' && *p != ' ') {
                if (vl + 1 < sizeof(val))
                    val[vl++] = *p;
                p++;
            }
        }
        val[vl] = '\0';
        char *dst = NULL;
        size_t cap = 0;
        if (kl == 5 && strncasecmp(k, "realm", 5) == 0)
            dst = out->realm, cap = sizeof(out->realm);
        else if (kl == 7 && strncasecmp(k, "service", 7) == 0)
            dst = out->service, cap = sizeof(out->service);
        else if (kl == 5 && strncasecmp(k, "scope", 5) == 0)
            dst = out->scope, cap = sizeof(out->scope);
        else if (kl == 5 && strncasecmp(k, "error", 5) == 0)
            dst = out->error, cap = sizeof(out->error);
        if (dst)
            snprintf(dst, cap, "%s", val);
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void rs_scope_union(const char *a, const char *b, char *out, size_t len)
{
    char buf[4096];
    snprintf(buf, sizeof(buf), "%s %s", a ? a : "", b ? b : "");
    char *items[64];
    int n = 0;
    for (char *save = NULL, *t = strtok_r(buf, " ", &save); t && n < 64;
         t = strtok_r(NULL, " ", &save))
        items[n++] = t;
    qsort(items, (size_t)n, sizeof(items[0]), cmp_str);
    size_t off = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (i && strcmp(items[i], items[i - 1]) == 0)
            continue;
        int w = snprintf(out + off, len - off, "%s%s", off ? " " : "", items[i]);
        if (w < 0 || (size_t)w >= len - off)
            break;
        off += (size_t)w;
    }
}

void rs_actor_init(rs_actor *a, const char *role, const char *user, const char *pass,
                   const char *base_url, const char *ca_file, int insecure, long timeout_s,
                   rs_trace *trace, rs_guard *guard)
{
    memset(a, 0, sizeof(*a));
    snprintf(a->role, sizeof(a->role), "%s", role);
    snprintf(a->username, sizeof(a->username), "%s", user ? user : "");
    snprintf(a->password, sizeof(a->password), "%s", pass ? pass : "");
    a->base_url = base_url;
    rs_conn_init(&a->conn, ca_file, insecure, timeout_s, trace, a->role);
    a->conn.guard = guard;
    if (trace && a->password[0])
        rs_trace_secret(trace, a->password);
}

void rs_actor_free(rs_actor *a)
{
    for (int i = 0; i < a->ncache; i++) {
        free(a->cache[i].scopes);
        free(a->cache[i].token);
    }
    a->ncache = 0;
    rs_conn_free(&a->conn);
    memset(a->password, 0, sizeof(a->password));
}

static int has_creds(const rs_actor *a)
{
    return a->username[0] != '\0';
}

static rs_status ping(rs_actor *a, rs_err *err)
{
    char url[1024];
    snprintf(url, sizeof(url), "%s/v2/", a->base_url);
    rs_req req = {.method = "GET", .url = url};
    rs_resp r;
    rs_resp_init(&r);
    rs_status st = rs_http_send(&a->conn, &req, NULL, NULL, NULL, &r, err);
    if (st == RS_OK) {
        const char *h = rs_resp_header(&r, "WWW-Authenticate");
        if (r.status == 401 && h && rs_challenge_parse(h, &a->chal) == 0) {
            a->pinged = 1;
        } else if (r.status == 401) {
            st = rs_errf(err, RS_ERR_PROTO,
                         "GET %s answered 401 without a usable WWW-Authenticate header", url);
        } else {
            a->chal.scheme = RS_SCHEME_NONE;
            a->pinged = 1;
        }
    }
    rs_resp_free(&r);
    return st;
}

static char *url_escape(CURL *h, const char *s)
{
    char *e = curl_easy_escape(h, s, 0);
    char *copy = e ? strdup(e) : NULL;
    curl_free(e);
    return copy;
}

rs_status rs_token_parse(const char *body, const char *realm, char **token, long *expires_in,
                         rs_err *err)
{
    cJSON *j = cJSON_Parse(body);
    rs_status st = RS_OK;
    if (!cJSON_IsObject(j))
        st = rs_errf(err, RS_ERR_PROTO, "token server %s answered a body that is not a JSON object",
                     realm);
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "token");
    if (!cJSON_IsString(t) || !t->valuestring[0])
        t = cJSON_GetObjectItemCaseSensitive(j, "access_token");
    if (st == RS_OK && (!cJSON_IsString(t) || !t->valuestring[0]))
        st = rs_errf(err, RS_ERR_PROTO, "token server %s answered no token", realm);
    else if (st == RS_OK && strlen(t->valuestring) > RS_TOKEN_MAX)
        st = rs_errf(err, RS_ERR_PROTO, "token server %s answered a token over %d bytes", realm,
                     RS_TOKEN_MAX);
    else if (st == RS_OK && !(*token = strdup(t->valuestring)))
        st = rs_errf(err, RS_ERR_NOMEM, "out of memory copying the token");
    if (st == RS_OK)
        *expires_in = rs_token_lifetime(cJSON_GetObjectItemCaseSensitive(j, "expires_in"));
    cJSON_Delete(j);
    return st;
}

/* GET realm?service=..&scope=..(one parameter per scope) with Basic credentials when known. */
static rs_status fetch_token(rs_actor *a, const char *realm_override, const char *scopes,
                             char **token, long *expires_in, rs_err *err)
{
    rs_buf url;
    rs_buf_init(&url, 16384);
    if (!a->conn.curl && !(a->conn.curl = curl_easy_init()))
        return rs_errf(err, RS_ERR_NOMEM, "cannot create a curl handle");
    const char *realm = realm_override ? realm_override : a->chal.realm;
    rs_buf_catf(&url, "%s%s", realm, strchr(realm, '?') ? "&" : "?");
    char *svc = url_escape(a->conn.curl, a->chal.service);
    rs_buf_catf(&url, "service=%s", svc ? svc : "");
    free(svc);
    char *copy = strdup(scopes ? scopes : "");
    for (char *save = NULL, *t = copy ? strtok_r(copy, " ", &save) : NULL; t;
         t = strtok_r(NULL, " ", &save)) {
        char *e = url_escape(a->conn.curl, t);
        if (!e)
            url.oom = 1;
        rs_buf_catf(&url, "&scope=%s", e ? e : "");
        free(e);
    }
    if (!copy || !rs_buf_ok(&url)) {
        free(copy);
        rs_buf_free(&url);
        return rs_errf(err, copy ? RS_ERR_PROTO : RS_ERR_NOMEM,
                       "the token request URL is over 16 KiB, or memory ran out");
    }
    free(copy);
    rs_req req = {.method = "GET", .url = rs_buf_str(&url)};
    rs_resp r;
    rs_resp_init(&r);
    rs_status st = rs_http_send(&a->conn, &req, NULL, has_creds(a) ? a->username : NULL,
                                has_creds(a) ? a->password : NULL, &r, err);
    if (st == RS_OK && r.status != 200)
        st =
            rs_errf(err, RS_ERR_PROTO, "token server %s answered %ld for %s%s%s%s%s", realm,
                    r.status, has_creds(a) ? "user " : "anonymous", has_creds(a) ? a->username : "",
                    r.retry_note[0] ? " (" : "", r.retry_note, r.retry_note[0] ? ")" : "");
    if (st == RS_OK && r.body.truncated)
        st = rs_errf(err, RS_ERR_PROTO,
                     "token server %s answered a body over " RS_HTTP_BODY_KEEP_TEXT
                     " (%llu bytes), more than regsuite reads: no token taken",
                     realm, (unsigned long long)r.body_bytes);
    if (st == RS_OK)
        st = rs_token_parse(rs_buf_str(&r.body), realm, token, expires_in, err);
    if (st == RS_OK) {
        if (a->conn.trace)
            rs_trace_secret(a->conn.trace, *token);
        a->tokens_fetched++;
        if (!realm_override) /* a forged token is never shared */
            rs_share_token_put(a->share, a->share_role, realm, a->chal.service, scopes, *token,
                               time(NULL) + rs_token_renew_after(*expires_in));
    }
    rs_resp_free(&r);
    rs_buf_free(&url);
    return st;
}

long rs_token_lifetime(const cJSON *expires_in)
{
    if (!cJSON_IsNumber(expires_in) || !(expires_in->valuedouble >= 1))
        return 60; /* absent, not a number, NaN, below 1: the spec's default */
    return expires_in->valuedouble > 86400 ? 86400 : (long)expires_in->valuedouble;
}

long rs_token_renew_after(long lifetime)
{
    long margin = lifetime >= 20 ? 5 : lifetime >= 8 ? lifetime / 4 : 1;
    return lifetime - margin >= 1 ? lifetime - margin : 1;
}

static const char *cached_token(rs_actor *a, const char *scopes)
{
    time_t now = time(NULL);
    for (int i = 0; i < a->ncache; i++)
        if (strcmp(a->cache[i].scopes, scopes) == 0 && a->cache[i].renew_at > now)
            return a->cache[i].token;
    return NULL;
}

/* Caches token for scopes; sent: when its request was sent (the lifetime counts from before). */
static void cache_token(rs_actor *a, const char *scopes, char *token, long expires_in, time_t sent)
{
    int slot = 0; /* a renewed token takes its predecessor's place */
    while (slot < a->ncache && strcmp(a->cache[slot].scopes, scopes) != 0)
        slot++;
    if (slot == a->ncache)
        slot = a->ncache < RS_TOKEN_CACHE ? a->ncache++ : (int)(a->tokens_fetched % RS_TOKEN_CACHE);
    if (slot < a->ncache && a->cache[slot].scopes) {
        free(a->cache[slot].scopes);
        free(a->cache[slot].token);
    }
    a->cache[slot].scopes = strdup(scopes);
    a->cache[slot].token = token;
    a->cache[slot].renew_at = sent + rs_token_renew_after(expires_in);
}

/* A token another scenario of the run fetched for these scopes (or, in AUTO mode, for more
 * actions on the same repositories); registered as a secret of this scenario's trace. */
static char *shared_token(rs_actor *a, const char *scopes, rs_auth_mode mode)
{
    char *t = rs_share_token(a->share, a->share_role, a->chal.realm, a->chal.service, scopes,
                             mode != RS_AUTH_AUTO);
    if (t && a->conn.trace)
        rs_trace_secret(a->conn.trace, t);
    return t;
}

static rs_status bearer_for(rs_actor *a, const char *scopes, char *hdr, size_t hlen,
                            rs_auth_mode mode, const char *forge_url, const char *forge_kind,
                            rs_err *err)
{
    char *tok = NULL;
    long exp = 0;
    if (mode == RS_AUTH_FORGED) {
        char realm[1024];
        snprintf(realm, sizeof(realm), "%s?kind=%s", forge_url, forge_kind);
        rs_status st = fetch_token(a, realm, scopes, &tok, &exp, err);
        if (st != RS_OK)
            return st;
        snprintf(hdr, hlen, "Authorization: Bearer %s", tok);
        free(tok);
        return RS_OK;
    }
    const char *c = cached_token(a, scopes);
    char *shared = c ? NULL : shared_token(a, scopes, mode);
    if (shared) {
        int n = snprintf(hdr, hlen, "Authorization: Bearer %s", shared);
        free(shared);
        return (size_t)n < hlen ? RS_OK : rs_errf(err, RS_ERR_PROTO, "token over %zu bytes", hlen);
    }
    if (!c) {
        time_t sent = time(NULL);
        rs_status st = fetch_token(a, NULL, scopes, &tok, &exp, err);
        if (st != RS_OK)
            return st;
        cache_token(a, scopes, tok, exp, sent);
        c = tok;
    }
    if ((size_t)snprintf(hdr, hlen, "Authorization: Bearer %s", c) >= hlen)
        return rs_errf(err, RS_ERR_PROTO, "token longer than %zu bytes", hlen);
    return RS_OK;
}

/* Forgets the cached token for scopes: the next request fetches a fresh one. */
static void forget_token(rs_actor *a, const char *scopes)
{
    for (int i = 0; i < a->ncache; i++)
        if (strcmp(a->cache[i].scopes, scopes) == 0)
            a->cache[i].renew_at = 0;
    rs_share_token_forget(a->share, a->share_role, a->chal.realm, a->chal.service, scopes);
}

/* After a Bearer 401 to a token of ours: a token the registry calls invalid (error="invalid_token":
 * expired early, revoked, keys rotated) is dropped and fetched afresh; in AUTO mode a challenge
 * asking for more scope gets the union. Either way one retry, at most. */
static rs_status retry_401(rs_actor *a, const rs_req *req, const char *canon, char *hdr,
                           size_t hlen, rs_auth_mode mode, rs_resp *out, rs_err *err)
{
    rs_challenge ch;
    const char *h = rs_resp_header(out, "WWW-Authenticate");
    char more[4096];
    if (!h || rs_challenge_parse(h, &ch) != 0 || ch.scheme != RS_SCHEME_BEARER)
        return RS_OK;
    int invalid = strcmp(ch.error, "invalid_token") == 0;
    if (mode == RS_AUTH_AUTO)
        rs_scope_union(canon, ch.scope, more, sizeof(more));
    else
        snprintf(more, sizeof(more), "%s", canon);
    if (!invalid && strcmp(more, canon) == 0)
        return RS_OK; /* the same scopes again would get the same answer */
    if (invalid)
        forget_token(a, more);
    rs_status st = bearer_for(a, more, hdr, hlen, mode, NULL, NULL, err);
    if (st == RS_OK)
        st = rs_http_send(&a->conn, req, hdr, NULL, NULL, out, err);
    return st;
}

rs_status rs_actor_do(rs_actor *a, const rs_req *req, const char *scopes, rs_auth_mode mode,
                      const char *forge_url, const char *forge_kind, rs_resp *out, rs_err *err)
{
    rs_status st;
    if (!a->pinged && rs_share_challenge(a->share, &a->chal, sizeof(a->chal)))
        a->pinged = 1; /* the pre-flight's GET /v2/ answered for the whole run */
    if (mode != RS_AUTH_NONE && !a->pinged && (st = ping(a, err)) != RS_OK)
        return st;
    if (mode == RS_AUTH_NONE || a->chal.scheme == RS_SCHEME_NONE)
        return rs_http_send(&a->conn, req, NULL, NULL, NULL, out, err);
    if (a->chal.scheme == RS_SCHEME_BASIC)
        return rs_http_send(&a->conn, req, NULL, has_creds(a) ? a->username : NULL,
                            has_creds(a) ? a->password : NULL, out, err);
    if (a->chal.scheme != RS_SCHEME_BEARER)
        return rs_errf(err, RS_ERR_PROTO, "the registry asks for an unsupported auth scheme");
    if (mode == RS_AUTH_FORGED && (!forge_url || !forge_kind))
        return rs_errf(err, RS_ERR_CONFIG, "a forged token needs features.forged_tokens");
    char canon[4096], wide[4096];
    rs_scope_union(scopes, NULL, canon, sizeof(canon));
    if (mode == RS_AUTH_AUTO && a->share) { /* scopes up front for every step: one token */
        rs_scope_widen(canon, wide, sizeof(wide));
        rs_scope_union(wide, NULL, canon, sizeof(canon));
    }
    static const size_t hlen = 16384;
    char *hdr = malloc(hlen);
    if (!hdr)
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    st = bearer_for(a, canon, hdr, hlen, mode, forge_url, forge_kind, err);
    if (st == RS_OK)
        st = rs_http_send(&a->conn, req, hdr, NULL, NULL, out, err);
    if (st == RS_OK && out->status == 401 && (mode == RS_AUTH_AUTO || mode == RS_AUTH_EXACT))
        st = retry_401(a, req, canon, hdr, hlen, mode, out, err);
    memset(hdr, 0, hlen);
    free(hdr);
    return st;
}
