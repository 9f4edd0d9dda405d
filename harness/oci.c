#include "oci.h"
#include "json.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCOPES_MAX 1024

static const rs_authopt AUTO = {RS_AUTH_AUTO, NULL, NULL};

const char *rs_oci_scope(const char *repo, const char *actions, char *buf, size_t len)
{
    snprintf(buf, len, "repository:%s:%s", repo, actions);
    return buf;
}

/* A repository name of the plain grammar: [a-z0-9._-] path components, none empty, no "..". */
static int plain_name(const char *n, size_t len)
{
    if (!len || n[0] == '/' || n[len - 1] == '/')
        return 0;
    for (size_t i = 0; i < len; i++) {
        char ch = n[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
                 (ch == '.' && (i + 1 == len || n[i + 1] != '.')) || (ch == '/' && n[i + 1] != '/');
        if (!ok)
            return 0;
    }
    return 1;
}

/* The repository name a URL's path names (/v2/<name>/blobs|manifests|tags|referrers/...), in
 * the plain grammar: its start and length, or NULL; rest (when not NULL) gets what follows it. */
static const char *url_repo(const char *url, size_t *nlen, const char **rest)
{
    static const char *const ENDS[] = {"/blobs/", "/manifests/", "/tags/", "/referrers/"};
    const char *host = strstr(url, "://");
    const char *path = host ? strchr(host + 3, '/') : NULL;
    if (!path || strncmp(path, "/v2/", 4) != 0)
        return NULL;
    const char *name = path + 4, *end = NULL;
    size_t plen = strcspn(name, "?#");
    for (size_t i = 0; i < sizeof(ENDS) / sizeof(ENDS[0]); i++) {
        const char *e = strstr(name, ENDS[i]);
        if (e && e < name + plen && (!end || e < end))
            end = e;
    }
    if (!end || !plain_name(name, (size_t)(end - name)))
        return NULL;
    *nlen = (size_t)(end - name);
    if (rest)
        *rest = end;
    return name;
}

const char *rs_oci_scope_of_url(const char *url, char *buf, size_t len)
{
    size_t n;
    const char *name = url_repo(url, &n, NULL);
    if (!name || snprintf(buf, len, "repository:%.*s:pull", (int)n, name) >= (int)len)
        return NULL;
    return buf;
}

int rs_oci_created(const char *req_url, const rs_resp *r, char *repo, size_t rlen, char *ref,
                   size_t flen)
{
    const char *loc = r->status == 201 ? rs_resp_header(r, "Location") : NULL;
    char *abs = loc ? rs_url_resolve(req_url, loc) : NULL;
    size_t n, m;
    const char *lrest, *name = url_repo(req_url, &n, NULL);
    const char *lname = abs && rs_url_same_origin(abs, req_url) ? url_repo(abs, &m, &lrest) : NULL;
    int kind = 0;
    if (name && lname && n == m && memcmp(name, lname, n) == 0)
        kind = strncmp(lrest, "/blobs/", 7) == 0        ? 1
               : strncmp(lrest, "/manifests/", 11) == 0 ? 2
                                                        : 0;
    if (kind) { /* a digest only (never a tag: an upload is not named by one), whole */
        const char *d = lrest + (kind == 1 ? 7 : 11);
        size_t dl = strspn(d, "abcdefghijklmnopqrstuvwxyz0123456789:+._-");
        if (d[dl] != '\0' || !memchr(d, ':', dl) || dl >= flen || n >= rlen)
            kind = 0;
        else {
            snprintf(repo, rlen, "%.*s", (int)n, name);
            snprintf(ref, flen, "%.*s", (int)dl, d);
        }
    }
    free(abs);
    return kind;
}

static rs_status send_as(rs_actor *a, const rs_req *req, const char *scopes, const rs_authopt *o,
                         rs_resp *r, rs_err *err)
{
    if (!o)
        o = &AUTO;
    return rs_actor_do(a, req, scopes, o->mode, o->forge_url, o->forge_kind, r, err);
}

static int is_redirect(long status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* Follows r's redirects by hand, one request per hop (each one traced), at most
 * RS_MAX_REDIRECTS: the registry's credentials go only to the registry's own origin (scheme, host,
 * port); any other origin gets the request without Authorization. */
static rs_status follow_redirects(rs_actor *a, const rs_req *first, const char *scope,
                                  const rs_authopt *o, rs_resp *r, rs_err *err)
{
    for (int hop = 0; is_redirect(r->status); hop++) {
        const char *loc = rs_resp_header(r, "Location");
        if (!loc)
            return RS_OK; /* a redirect to nowhere: the checks see it */
        if (hop == RS_MAX_REDIRECTS)
            return rs_errf(err, RS_ERR_PROTO,
                           "%s %s: more than %d redirects (a loop?); the last, from %s, to %s",
                           first->method, first->url, RS_MAX_REDIRECTS, r->url, loc);
        char *next = r->url ? rs_url_resolve(r->url, loc) : NULL;
        if (!next)
            return rs_errf(err, RS_ERR_PROTO, "%s %s: a %ld redirect to '%s', not a URL",
                           first->method, first->url, r->status, loc);
        rs_req req = *first;
        req.url = next;
        if (r->status == 303 && strcmp(req.method, "HEAD") != 0)
            req.method = "GET";
        rs_status st = rs_url_same_origin(next, a->base_url)
                           ? send_as(a, &req, scope, o, r, err)
                           : rs_http_send(&a->conn, &req, NULL, NULL, NULL, r, err);
        free(next);
        if (st != RS_OK)
            return st;
    }
    return RS_OK;
}

rs_status rs_oci_blob(rs_actor *a, const char *method, const char *repo, const char *digest,
                      const char *range, const rs_authopt *o, rs_resp *r, rs_err *err)
{
    char url[2048], scope[SCOPES_MAX], rangeh[256];
    snprintf(url, sizeof(url), "%s/v2/%s/blobs/%s", a->base_url, repo, digest);
    rs_req req = {.method = method, .url = url};
    if (range) {
        snprintf(rangeh, sizeof(rangeh), "Range: %s", range);
        req.headers[0] = rangeh;
    }
    rs_algo algo;
    if (strcmp(method, "GET") == 0 && rs_digest_algo(digest, &algo) == 0) {
        req.hash_body = 1;
        req.hash_algo = algo;
    }
    rs_oci_scope(repo, strcmp(method, "DELETE") == 0 ? "delete" : "pull", scope, sizeof(scope));
    rs_status st = send_as(a, &req, scope, o, r, err);
    if (st != RS_OK || strcmp(method, "DELETE") == 0)
        return st;
    return follow_redirects(a, &req, scope, o, r, err);
}

rs_status rs_oci_upload_post(rs_actor *a, const char *repo, const char *query,
                             const char *extra_scopes, const rs_authopt *o, rs_resp *r, rs_err *err)
{
    char url[2048], scopes[SCOPES_MAX];
    snprintf(url, sizeof(url), "%s/v2/%s/blobs/uploads/%s%s", a->base_url, repo, query ? "?" : "",
             query ? query : "");
    snprintf(scopes, sizeof(scopes), "repository:%s:pull,push%s%s", repo, extra_scopes ? " " : "",
             extra_scopes ? extra_scopes : "");
    rs_req req = {.method = "POST", .url = url, .body = "", .body_len = 0};
    return send_as(a, &req, scopes, o, r, err);
}

/* Location of the response, resolved against the URL of the request that returned it (RFC 3986
 * section 5.2); malloc'd, or NULL. */
static char *location_of(const rs_resp *r)
{
    const char *loc = rs_resp_header(r, "Location");
    return loc && r->url ? rs_url_resolve(r->url, loc) : NULL;
}

/* The PATCHes of a chunked or streamed upload into the session at *loc (which follows each
 * answer's Location); *off gets the offset reached. A refusal ends it with RS_OK. */
static rs_status upload_patches(rs_actor *a, char **loc, const rs_blob *b, rs_upload_method m,
                                uint64_t chunk, const char *scopes, const rs_authopt *o, rs_resp *r,
                                uint64_t *sent, uint64_t *off, int *refused, rs_err *err)
{
    uint64_t step = m == RS_UP_STREAM ? (b->size ? b->size : 1) : (chunk ? chunk : 1 << 20);
    while (*off < b->size) {
        uint64_t end = *off + step < b->size ? *off + step : b->size;
        char crange[96], clen[64];
        rs_blob_reader rd;
        rs_blob_reader_init(&rd, b, *off, end);
        rs_req req = {
            .method = "PATCH", .url = *loc, .stream = &rd, .has_offset = 1, .offset = *off};
        if (m == RS_UP_CHUNKED) {
            snprintf(crange, sizeof(crange), "Content-Range: %" PRIu64 "-%" PRIu64, *off, end - 1);
            snprintf(clen, sizeof(clen), "Content-Length: %" PRIu64, end - *off);
            req.headers[0] = crange;
            req.headers[1] = clen;
        }
        rs_status st = send_as(a, &req, scopes, o, r, err);
        *sent += r->sent_bytes;
        if (st != RS_OK || r->status != 202) {
            *refused = 1;
            return st;
        }
        char *next = location_of(r);
        if (!next && rs_resp_header(r, "Location")) /* the base is absolute: out of memory */
            return rs_errf(err, RS_ERR_NOMEM, "out of memory resolving an upload Location");
        if (next) {
            free(*loc);
            *loc = next;
        }
        *off = end;
    }
    return RS_OK;
}

/* POST ?digest=<d> with the whole blob as the body. */
static rs_status upload_single_post(rs_actor *a, const char *repo, const rs_blob *b,
                                    const char *digest, const char *scopes, const rs_authopt *o,
                                    rs_resp *r, uint64_t *sent, rs_err *err)
{
    char url[2048];
    rs_blob_reader rd;
    snprintf(url, sizeof(url), "%s/v2/%s/blobs/uploads/?digest=%s", a->base_url, repo, digest);
    rs_blob_reader_init(&rd, b, 0, b->size);
    rs_req req = {.method = "POST", .url = url, .stream = &rd};
    rs_status st = send_as(a, &req, scopes, o, r, err);
    *sent += r->sent_bytes;
    return st;
}

rs_status rs_oci_upload(rs_actor *a, const char *repo, const rs_blob *b, rs_upload_method m,
                        uint64_t chunk, const char *digest_override, const char *session,
                        const rs_authopt *o, rs_resp *r, uint64_t *sent, rs_err *err)
{
    char scopes[SCOPES_MAX];
    rs_oci_scope(repo, "pull,push", scopes, sizeof(scopes));
    const char *digest = digest_override ? digest_override : b->digest;
    rs_status st;
    *sent = 0;
    if (m == RS_UP_SINGLE_POST && !session)
        return upload_single_post(a, repo, b, digest, scopes, o, r, sent, err);
    char *loc = session ? strdup(session) : NULL;
    if (session && !loc)
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    if (!loc) {
        st = rs_oci_upload_post(a, repo, NULL, NULL, o, r, err);
        if (st != RS_OK || r->status != 202)
            return st; /* the caller's checks see a refusal */
        if (!(loc = location_of(r)))
            return rs_errf(err, RS_ERR_PROTO, "POST upload answered 202 without a Location");
    }
    uint64_t off = 0;
    int refused = 0;
    if (m == RS_UP_CHUNKED || m == RS_UP_STREAM) {
        st = upload_patches(a, &loc, b, m, chunk, scopes, o, r, sent, &off, &refused, err);
        if (refused || st != RS_OK) { /* an error is never followed by the closing PUT */
            free(loc);
            return st;
        }
    }
    char *put = rs_url_add_query(loc, "digest", digest);
    free(loc);
    if (!put)
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    rs_blob_reader rd;
    rs_blob_reader_init(&rd, b, off, b->size);
    rs_req req = {.method = "PUT", .url = put};
    if (off < b->size)
        req.stream = &rd;
    else
        req.body = ""; /* the bytes went in PATCHes: an empty PUT closes the session */
    st = send_as(a, &req, scopes, o, r, err);
    *sent += r->sent_bytes;
    free(put);
    return st;
}

const char *rs_layer_outcome_name(rs_layer_outcome o)
{
    return o == RS_LAYER_EXISTED ? "existed" : o == RS_LAYER_MOUNTED ? "mounted" : "uploaded";
}

static rs_status push_one(rs_actor *a, const char *repo, const rs_blob *b, const char *mount_from,
                          rs_upload_method method, uint64_t chunk, rs_layer_result *lr, rs_resp *r,
                          rs_err *err)
{
    snprintf(lr->name, sizeof(lr->name), "%s", b->name);
    rs_status st = rs_oci_blob(a, "HEAD", repo, b->digest, NULL, NULL, r, err);
    if (st != RS_OK)
        return st;
    if (r->status == 200) {
        lr->outcome = RS_LAYER_EXISTED;
        return RS_OK;
    }
    char *session = NULL;
    if (mount_from) {
        char q[1024], extra[SCOPES_MAX];
        snprintf(q, sizeof(q), "mount=%s&from=%s", b->digest, mount_from);
        rs_oci_scope(mount_from, "pull", extra, sizeof(extra));
        st = rs_oci_upload_post(a, repo, q, extra, NULL, r, err);
        if (st != RS_OK)
            return st;
        lr->mount_status = r->status;
        if (r->status == 201) {
            lr->outcome = RS_LAYER_MOUNTED;
            return RS_OK;
        }
        if (r->status == 202) {
            if (!(session = location_of(r)) && rs_resp_header(r, "Location"))
                return rs_errf(err, RS_ERR_NOMEM, "out of memory resolving a mount's Location");
        } else if (r->status != 401 && r->status != 403 && r->status != 404) {
            return rs_errf(err, RS_ERR_PROTO, "mount of %s from %s answered %ld%s%s%s", b->name,
                           mount_from, r->status, r->retry_note[0] ? " (" : "", r->retry_note,
                           r->retry_note[0] ? ")" : "");
        }
        /* 401/403: the token lacked pull on the source; docker falls back to a plain upload */
    }
    st = rs_oci_upload(a, repo, b, method, chunk, NULL, session, NULL, r, &lr->bytes, err);
    free(session);
    if (st == RS_OK && r->status != 201)
        return rs_errf(err, RS_ERR_PROTO, "upload of %s to %s answered %ld%s%s%s", b->name, repo,
                       r->status, r->retry_note[0] ? " (" : "", r->retry_note,
                       r->retry_note[0] ? ")" : "");
    lr->outcome = RS_LAYER_UPLOADED;
    return st;
}

rs_status rs_oci_push_image(rs_actor *a, const char *repo, const char *tag,
                            const rs_manifest_spec *m, const char *mount_from,
                            rs_upload_method method, uint64_t chunk, rs_push_result *pr, rs_resp *r,
                            rs_err *err)
{
    memset(pr, 0, sizeof(*pr));
    rs_status st = RS_OK;
    for (int i = 0; i < m->nlayers && st == RS_OK; i++) {
        st = push_one(a, repo, m->layers[i], mount_from, method, chunk, &pr->layers[pr->nlayers], r,
                      err);
        if (st == RS_OK)
            pr->uploaded_bytes += pr->layers[pr->nlayers++].bytes;
    }
    /* no config given: the empty config {} that the manifest will reference */
    rs_blob empty = {0};
    const rs_blob *cfg = m->config;
    if (!cfg && (!m->media_type || strcmp(m->media_type, "index") != 0)) {
        if (rs_blob_set_literal(&empty, "config", "{}", 2, RS_SHA256) != 0)
            return rs_errf(err, RS_ERR_NOMEM, "out of memory");
        cfg = &empty;
    }
    if (st == RS_OK && cfg) {
        st = push_one(a, repo, cfg, mount_from, RS_UP_MONOLITHIC, 0, &pr->layers[pr->nlayers], r,
                      err);
        if (st == RS_OK)
            pr->nlayers++;
    }
    rs_blob_free(&empty);
    if (st != RS_OK)
        return st;
    const char *ct;
    char *body = rs_manifest_build(m, &ct);
    if (!body)
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    pr->manifest_media_type = ct;
    st = rs_oci_manifest_put(a, repo, tag, body, ct, NULL, r, pr->manifest_digest,
                             &pr->manifest_size, err);
    free(body);
    return st;
}

rs_status rs_oci_manifest_put(rs_actor *a, const char *repo, const char *ref, const char *body,
                              const char *content_type, const rs_authopt *o, rs_resp *r,
                              char *digest, uint64_t *size, rs_err *err)
{
    rs_hasher h;
    if (rs_hasher_init(&h, RS_SHA256) != 0) {
        rs_hasher_free(&h);
        return rs_errf(err, RS_ERR_NOMEM, "cannot start a digest");
    }
    size_t len = strlen(body);
    rs_hasher_update(&h, body, len);
    rs_hasher_final(&h, digest);
    *size = len;
    char url[2048], cth[256], scope[SCOPES_MAX];
    snprintf(url, sizeof(url), "%s/v2/%s/manifests/%s", a->base_url, repo, ref ? ref : digest);
    snprintf(cth, sizeof(cth), "Content-Type: %s", content_type);
    rs_req req = {.method = "PUT", .url = url, .body = body, .body_len = len, .idempotent = 1};
    req.headers[0] = cth;
    return send_as(a, &req, rs_oci_scope(repo, "pull,push", scope, sizeof(scope)), o, r, err);
}
