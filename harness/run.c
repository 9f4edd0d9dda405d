#include "run.h"

#include "expand.h"
#include "fileio.h"
#include "oci.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_BLOBS 32
#define MAX_MANIFESTS 32
#define MAX_CLEANUP 256

typedef struct {
    const rs_run_opts *o;
    const rs_scenario *sc;
    rs_result *res;
    rs_trace trace;
    rs_vars vars;
    rs_actor actors[RS_MAX_ROLES];
    int nactors;
    rs_blob blobs[MAX_BLOBS];
    int nblobs;
    struct {
        char var[64];
        char digest[160];
        uint64_t size;
        char media_type[96];
    } manifests[MAX_MANIFESTS];
    int nmanifests;
    struct {
        int actor;
        char repo[256];
        char ref[200];
        int is_manifest;
    } cleanup[MAX_CLEANUP];
    int ncleanup;
} ctx;

/* What one step produced, for its checks and saves. */
typedef struct {
    rs_resp resp;
    int is_push;
    rs_push_result push;
    uint64_t sent;
    char digest[160]; /* requested blob digest or the manifest digest */
    int has_manifest;
    uint64_t manifest_size;
    char manifest_mt[96];
} step_out;

const char *rs_outcome_name(rs_outcome o)
{
    static const char *n[] = {"PASS", "FAIL", "WARN", "SKIP", "ERROR"};
    return n[o];
}

void rs_result_free(rs_result *r)
{
    rs_buf_free(&r->failures);
    free(r->trace);
    r->trace = NULL;
}

/* ---- helpers ---------------------------------------------------------------------------- */

static rs_status step_err(ctx *c, const rs_step *s, rs_err *err, rs_status st, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static rs_status step_err(ctx *c, const rs_step *s, rs_err *err, rs_status st, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return rs_errf(err, st, "%s:%d: %s: %s", c->sc->path, s->line, s->kind, msg);
}

static rs_blob *find_blob(ctx *c, const char *name)
{
    for (int i = 0; i < c->nblobs; i++)
        if (strcmp(c->blobs[i].name, name) == 0)
            return &c->blobs[i];
    return NULL;
}

static rs_actor *find_actor(ctx *c, const char *role)
{
    for (int i = 0; i < c->nactors; i++)
        if (strcmp(c->actors[i].role, role) == 0)
            return &c->actors[i];
    return NULL;
}

static void add_cleanup(ctx *c, rs_actor *a, const char *repo, const char *ref, int manifest)
{
    if (c->ncleanup == MAX_CLEANUP)
        return;
    c->cleanup[c->ncleanup].actor = (int)(a - c->actors);
    snprintf(c->cleanup[c->ncleanup].repo, sizeof(c->cleanup[0].repo), "%s", repo);
    snprintf(c->cleanup[c->ncleanup].ref, sizeof(c->cleanup[0].ref), "%s", ref);
    c->cleanup[c->ncleanup].is_manifest = manifest;
    c->ncleanup++;
}

static rs_status setup_blobs(ctx *c, rs_err *err)
{
    const rs_ydoc *d = &c->sc->doc;
    if (!c->sc->blobs)
        return RS_OK;
    RS_YMAP_EACH(d, c->sc->blobs, p)
    {
        if (c->nblobs == MAX_BLOBS)
            return rs_errf(err, RS_ERR_PARSE, "%s: more than %d blobs", c->sc->path, MAX_BLOBS);
        rs_blob *b = &c->blobs[c->nblobs];
        yaml_node_t *v = rs_ydoc_node(d, p->value);
        const char *name = rs_ydoc_str(rs_ydoc_node(d, p->key));
        const char *algo = rs_ydoc_str(rs_ydoc_get(d, v, "algo"));
        rs_algo al = algo && strcmp(algo, "sha512") == 0 ? RS_SHA512 : RS_SHA256;
        const char *content = rs_ydoc_str(rs_ydoc_get(d, v, "content"));
        const char *file = rs_ydoc_str(rs_ydoc_get(d, v, "file"));
        if (content) {
            char e[512];
            char *x = rs_expand(&c->vars, content, e, sizeof(e));
            if (!x)
                return rs_errf(err, RS_ERR_PARSE, "%s: blob %s: %s", c->sc->path, name, e);
            int rc = rs_blob_set_literal(b, name, x, strlen(x), al);
            free(x);
            if (rc)
                return rs_errf(err, RS_ERR_NOMEM, "out of memory");
        } else if (file) { /* real bytes from a file (e.g. a gzip layer), read whole */
            size_t len = 0;
            rs_err fe;
            char *x = rs_read_file(file, 64u << 20, &len, &fe);
            if (!x)
                return rs_errf(err, RS_ERR_IO, "%s: blob %s: %s", c->sc->path, name, fe.msg);
            int rc = rs_blob_set_literal(b, name, x, len, al);
            free(x);
            if (rc)
                return rs_errf(err, RS_ERR_NOMEM, "out of memory");
        } else {
            snprintf(b->name, sizeof(b->name), "%s", name);
            b->size = strtoull(rs_ydoc_str(rs_ydoc_get(d, v, "size")), NULL, 10);
            const char *seed = rs_ydoc_str(rs_ydoc_get(d, v, "seed"));
            /* the run id goes into the seed: blobs differ between runs, so runs never share */
            uint64_t h = 1469598103934665603ull;
            for (const char *q = c->o->run_id; *q; q++)
                h = (h ^ (unsigned char)*q) * 1099511628211ull;
            b->seed = (seed ? strtoull(seed, NULL, 10) : 0) ^ h;
            b->algo = al;
            if (rs_blob_digest(b) != 0)
                return rs_errf(err, RS_ERR_NOMEM, "cannot hash blob %s", name);
        }
        c->nblobs++;
        char k[96], sz[32];
        snprintf(k, sizeof(k), "digest.%s", b->name);
        rs_vars_set(&c->vars, k, b->digest);
        snprintf(k, sizeof(k), "size.%s", b->name);
        snprintf(sz, sizeof(sz), "%" PRIu64, b->size);
        rs_vars_set(&c->vars, k, sz);
    }
    return RS_OK;
}

/* ---- checks ----------------------------------------------------------------------------- */

static void fail_check(ctx *c, const rs_step *s, int idx, const char *check, const char *actual,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void fail_check(ctx *c, const rs_step *s, int idx, const char *check, const char *actual,
                       const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    char line[1600];
    snprintf(line, sizeof(line), "%s:%d: step %d (%s%s%s%s) %s check '%s': %s\n", c->sc->path,
             s->line, idx + 1, s->kind, s->name[0] ? " \"" : "", s->name, s->name[0] ? "\"" : "",
             rs_level_name(s->level), check, msg);
    rs_buf_add(&c->res->failures, line, strlen(line));
    c->res->failed_checks++;
    if (s->level == RS_LEVEL_MUST || c->o->strict)
        c->res->outcome = RS_RES_FAIL;
    else if (c->res->outcome == RS_RES_PASS)
        c->res->outcome = RS_RES_WARN;
    if (!c->res->first[0]) {
        snprintf(c->res->first, sizeof(c->res->first), "%.*s", (int)strlen(line) - 1, line);
        snprintf(c->res->actual, sizeof(c->res->actual), "%s", actual);
    }
}

static char *xp(ctx *c, const char *raw)
{
    char e[256];
    char *v = rs_expand(&c->vars, raw ? raw : "", e, sizeof(e));
    /* placeholders were checked at load; a saved header may still be missing: then "" */
    return v ? v : strdup("");
}

/* Whether actual equals one of v's values (a scalar or a list, placeholders expanded); the
 * values are also written to shown for the message. */
static int matches_any(ctx *c, yaml_node_t *v, const char *actual, char *shown, size_t len)
{
    const rs_ydoc *d = &c->sc->doc;
    int hit = 0;
    shown[0] = '\0';
    yaml_node_item_t one = 0, *start = &one, *top = &one + 1;
    if (v->type == YAML_SEQUENCE_NODE) {
        start = v->data.sequence.items.start;
        top = v->data.sequence.items.top;
    }
    for (yaml_node_item_t *it = start; it < top; it++) {
        char *want = xp(c, rs_ydoc_str(v->type == YAML_SEQUENCE_NODE ? rs_ydoc_node(d, *it) : v));
        snprintf(shown + strlen(shown), len - strlen(shown), "%s%s", shown[0] ? ", " : "", want);
        hit |= strcmp(want, actual) == 0;
        free(want);
    }
    return hit;
}

/* The codes of a registry error body ({"errors":[{"code":...}]}), comma-separated, or "". */
static void error_codes(const step_out *so, char *out, size_t len)
{
    cJSON *j = so->resp.body.len ? cJSON_Parse(rs_buf_str(&so->resp.body)) : NULL;
    const cJSON *e;
    out[0] = '\0';
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "errors"))
    {
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
        if (cJSON_IsString(code))
            snprintf(out + strlen(out), len - strlen(out), "%s%s", out[0] ? "," : "",
                     code->valuestring);
    }
    cJSON_Delete(j);
}

static const char *path_of(const char *url)
{
    const char *p = strstr(url, "://");
    return p ? (strchr(p + 3, '/') ? strchr(p + 3, '/') : "/") : url;
}

static cJSON *body_json(const step_out *so)
{
    return so->resp.body.len ? cJSON_Parse(rs_buf_str(&so->resp.body)) : NULL;
}

static void check_names_list(ctx *c, const rs_step *s, int idx, const char *key, yaml_node_t *v,
                             const step_out *so, const char *field, int include)
{
    const rs_ydoc *d = &c->sc->doc;
    cJSON *j = body_json(so);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, field);
    char status[32];
    snprintf(status, sizeof(status), "%ld", so->resp.status);
    RS_YSEQ_EACH(d, v, it)
    {
        char *want = xp(c, rs_ydoc_str(rs_ydoc_node(d, *it)));
        size_t wl = strlen(want);
        int prefix = wl && want[wl - 1] == '*';
        int found = 0;
        const cJSON *e;
        cJSON_ArrayForEach(e, arr)
        {
            if (cJSON_IsString(e) && (prefix ? strncmp(e->valuestring, want, wl - 1) == 0
                                             : strcmp(e->valuestring, want) == 0))
                found = 1;
        }
        if (include && !found)
            fail_check(c, s, idx, key, status, "'%s' is not in %s", want, field);
        if (!include && found)
            fail_check(c, s, idx, key, "listed", "'%s' must not be listed in %s, but is", want,
                       field);
        free(want);
    }
    cJSON_Delete(j);
}

/* The JSON body's list under field must have exactly want entries. */
static void check_count(ctx *c, const rs_step *s, int idx, const char *key, const step_out *so,
                        const char *field, const char *want_s)
{
    cJSON *j = body_json(so);
    long want = atol(want_s ? want_s : "0");
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, field ? field : "");
    long got = cJSON_IsArray(arr) ? (long)cJSON_GetArraySize(arr) : -1;
    char g[32];
    snprintf(g, sizeof(g), "%ld", got);
    if (got != want)
        fail_check(c, s, idx, key, g, "expected %ld entries in %s, got %s", want,
                   field ? field : "?", got < 0 ? "no such list" : g);
    cJSON_Delete(j);
}

static void run_checks(ctx *c, const rs_step *s, int idx, const step_out *so)
{
    const rs_ydoc *d = &c->sc->doc;
    const rs_resp *r = &so->resp;
    char status[32], shown[256];
    snprintf(status, sizeof(status), "%ld", r->status);
    if (r->broken[0]) {
        c->res->checks++;
        fail_check(c, s, idx, "http", "malformed", "the %ld response was malformed HTTP: %s",
                   r->status, r->broken);
    }
    if (!s->expect) { /* a setup step: it must succeed */
        c->res->checks++;
        if (!so->is_push && (r->status < 200 || r->status > 299))
            fail_check(c, s, idx, "status", status,
                       "a step without expect must succeed (2xx), got %ld", r->status);
        return;
    }
    RS_YMAP_EACH(d, s->expect, p)
    {
        const char *key = rs_ydoc_str(rs_ydoc_node(d, p->key));
        yaml_node_t *v = rs_ydoc_node(d, p->value);
        c->res->checks++;
        if (strcmp(key, "status") == 0) {
            if (!matches_any(c, v, status, shown, sizeof(shown)))
                fail_check(c, s, idx, key, status, "expected %s, got %ld", shown, r->status);
        } else if (strcmp(key, "status_not") == 0) {
            if (matches_any(c, v, status, shown, sizeof(shown)))
                fail_check(c, s, idx, key, status, "must not be any of %s, got %ld", shown,
                           r->status);
        } else if (strcmp(key, "error_code") == 0) {
            char got[256];
            error_codes(so, got, sizeof(got));
            int hit = 0;
            char codes[256];
            snprintf(codes, sizeof(codes), "%s", got);
            for (char *sv = NULL, *code = strtok_r(codes, ",", &sv); code;
                 code = strtok_r(NULL, ",", &sv))
                hit |= matches_any(c, v, code, shown, sizeof(shown));
            if (!hit) {
                matches_any(c, v, "", shown, sizeof(shown));
                fail_check(c, s, idx, key, got[0] ? got : status,
                           "expected error code %s, got %s (status %ld)", shown,
                           got[0] ? got : "no errors[] in the body", r->status);
            }
        } else if (strcmp(key, "header_contains") == 0) {
            RS_YMAP_EACH(d, v, q)
            {
                const char *h = rs_ydoc_str(rs_ydoc_node(d, q->key));
                char *want = xp(c, rs_ydoc_str(rs_ydoc_node(d, q->value)));
                const char *got = rs_resp_header(r, h);
                if (!got || !strstr(got, want))
                    fail_check(c, s, idx, key, got ? got : "absent",
                               "%s: expected it to contain '%s', got '%s'", h, want,
                               got ? got : "no such header");
                free(want);
            }
        } else if (strcmp(key, "header") == 0 || strcmp(key, "header_prefix") == 0) {
            RS_YMAP_EACH(d, v, q)
            {
                const char *h = rs_ydoc_str(rs_ydoc_node(d, q->key));
                char *want = xp(c, rs_ydoc_str(rs_ydoc_node(d, q->value)));
                const char *got = rs_resp_header(r, h);
                const char *cmp = got;
                if (got && strcasecmp(h, "Location") == 0 && want[0] == '/')
                    cmp = path_of(got); /* absolute or relative Location are both fine */
                int ok =
                    cmp && (strcmp(key, "header") == 0 ? strcmp(cmp, want) == 0
                                                       : strncmp(cmp, want, strlen(want)) == 0);
                if (!ok)
                    fail_check(c, s, idx, key, got ? got : "absent",
                               "%s: expected %s'%s', got %s%s%s", h,
                               strcmp(key, "header") ? "a prefix " : "", want, got ? "'" : "",
                               got ? got : "no such header", got ? "'" : "");
                free(want);
            }
        } else if (strcmp(key, "header_present") == 0 || strcmp(key, "header_absent") == 0) {
            int present = strcmp(key, "header_present") == 0;
            RS_YSEQ_EACH(d, v, it)
            {
                const char *h = rs_ydoc_str(rs_ydoc_node(d, *it));
                const char *got = h ? rs_resp_header(r, h) : NULL;
                if (present && !got)
                    fail_check(c, s, idx, key, "absent", "header %s is missing", h);
                if (!present && got)
                    fail_check(c, s, idx, key, got, "header %s must be absent, got '%s'", h, got);
            }
        } else if (strcmp(key, "no_header_mentions") == 0) {
            RS_YSEQ_EACH(d, v, it)
            {
                char *needle = xp(c, rs_ydoc_str(rs_ydoc_node(d, *it)));
                for (int i = 0; needle[0] && i < r->nheaders; i++)
                    if (strstr(r->headers[i].value, needle))
                        fail_check(c, s, idx, key, r->headers[i].name, "header %s names '%s': '%s'",
                                   r->headers[i].name, needle, r->headers[i].value);
                free(needle);
            }
        } else if (strcmp(key, "body_digest") == 0) {
            const char *raw = rs_ydoc_str(v);
            rs_blob *b = find_blob(c, raw);
            char *want = b ? strdup(b->digest) : xp(c, raw);
            if (strcmp(want, r->body_digest) != 0)
                fail_check(c, s, idx, key, r->body_digest[0] ? r->body_digest : "none",
                           "the body (%" PRIu64 " bytes) hashes to %s, expected %s", r->body_bytes,
                           r->body_digest[0] ? r->body_digest : "nothing", want);
            free(want);
        } else if (strcmp(key, "body_size") == 0) {
            char *want = xp(c, rs_ydoc_str(v));
            if (strtoull(want, NULL, 10) != r->body_bytes)
                fail_check(c, s, idx, key, status, "expected %s body bytes, got %" PRIu64, want,
                           r->body_bytes);
            free(want);
        } else if (strcmp(key, "body_contains") == 0) {
            char *want = xp(c, rs_ydoc_str(v));
            if (!strstr(rs_buf_str(&r->body), want))
                fail_check(c, s, idx, key, status, "the body does not contain '%s'", want);
            free(want);
        } else if (strcmp(key, "uploaded_bytes") == 0) {
            char *want = xp(c, rs_ydoc_str(v));
            uint64_t got = so->is_push ? so->push.uploaded_bytes : so->sent;
            char g[32];
            snprintf(g, sizeof(g), "%" PRIu64, got);
            if (strtoull(want, NULL, 10) != got)
                fail_check(c, s, idx, key, g, "expected %s layer bytes uploaded, got %" PRIu64,
                           want, got);
            free(want);
        } else if (strcmp(key, "layers") == 0) {
            RS_YMAP_EACH(d, v, q)
            {
                const char *name = rs_ydoc_str(rs_ydoc_node(d, q->key));
                const char *want = rs_ydoc_str(rs_ydoc_node(d, q->value));
                const char *got = "not pushed";
                for (int i = 0; i < so->push.nlayers; i++)
                    if (strcmp(so->push.layers[i].name, name) == 0)
                        got = rs_layer_outcome_name(so->push.layers[i].outcome);
                if (strcmp(got, want) != 0)
                    fail_check(c, s, idx, key, got, "layer %s: expected %s, got %s", name, want,
                               got);
            }
        } else if (strcmp(key, "tags_include") == 0 || strcmp(key, "tags_exclude") == 0) {
            check_names_list(c, s, idx, key, v, so, "tags", key[5] == 'i');
        } else if (strcmp(key, "repos_include") == 0 || strcmp(key, "repos_exclude") == 0) {
            check_names_list(c, s, idx, key, v, so, "repositories", key[6] == 'i');
        } else if (strcmp(key, "tags_count") == 0) {
            check_count(c, s, idx, key, so, "tags", rs_ydoc_str(v));
        } else if (strcmp(key, "tags_count_max") == 0 || strcmp(key, "tags_sorted") == 0) {
            cJSON *j = body_json(so);
            const cJSON *tags = cJSON_GetObjectItemCaseSensitive(j, "tags"), *e;
            long n = cJSON_IsArray(tags) ? (long)cJSON_GetArraySize(tags) : -1;
            const char *prev = NULL, *unsorted = NULL, *before = NULL;
            cJSON_ArrayForEach(e, tags)
            {
                if (!cJSON_IsString(e))
                    continue;
                if (prev && !unsorted && strcmp(prev, e->valuestring) > 0) {
                    unsorted = e->valuestring;
                    before = prev;
                }
                prev = e->valuestring;
            }
            char g[32];
            snprintf(g, sizeof(g), "%ld", n);
            if (n < 0)
                fail_check(c, s, idx, key, status, "the body has no tags list");
            else if (key[5] == 'c' && n > atol(rs_ydoc_str(v)))
                fail_check(c, s, idx, key, g, "expected at most %s tags, got %ld", rs_ydoc_str(v),
                           n);
            else if (key[5] == 's' && strcmp(rs_ydoc_str(v), "true") == 0 && unsorted)
                fail_check(c, s, idx, key, "unsorted", /* stable: the order varies by run */
                           "tags are not in lexical order ('%s' after '%s')", unsorted, before);
            cJSON_Delete(j);
        } else if (strcmp(key, "content_digest") == 0) {
            const char *h = rs_resp_header(r, "Docker-Content-Digest");
            if (strcmp(rs_ydoc_str(v), "true") == 0 && (!h || strcmp(h, r->body_digest) != 0))
                fail_check(c, s, idx, key, h ? h : "absent",
                           "Docker-Content-Digest %s%s%s does not match the body's %s",
                           h ? "'" : "", h ? h : "is absent and", h ? "'" : "", r->body_digest);
        } else if (strcmp(key, "json_count") == 0) {
            RS_YMAP_EACH(d, v, q)
            check_count(c, s, idx, key, so, rs_ydoc_str(rs_ydoc_node(d, q->key)),
                        rs_ydoc_str(rs_ydoc_node(d, q->value)));
        }
    }
}

static void do_saves(ctx *c, const rs_step *s, const step_out *so, rs_actor *a)
{
    if (!s->save)
        return;
    const rs_ydoc *d = &c->sc->doc;
    RS_YMAP_EACH(d, s->save, p)
    {
        const char *var = rs_ydoc_str(rs_ydoc_node(d, p->key));
        const char *src = rs_ydoc_str(rs_ydoc_node(d, p->value));
        if (!var || !src)
            continue;
        char *val = NULL;
        /* a header the response lacks keeps the variable's earlier value (or "" when new): a
         * refused step then leaves the session URL of the last step that worked */
        const char *keep = rs_vars_get(&c->vars, var);
        if (strncmp(src, "header.", 7) == 0) {
            const char *h = rs_resp_header(&so->resp, src + 7);
            val = strdup(h ? h : keep ? keep : "");
        } else if (strcmp(src, "location") == 0) {
            const char *h = rs_resp_header(&so->resp, "Location");
            val = h ? rs_url_resolve(a->base_url, h) : strdup(keep ? keep : "");
        } else if (strcmp(src, "digest") == 0 || strcmp(src, "manifest") == 0) {
            val = strdup(so->digest);
            if (so->has_manifest && c->nmanifests < MAX_MANIFESTS) {
                snprintf(c->manifests[c->nmanifests].var, 64, "%s", var);
                snprintf(c->manifests[c->nmanifests].digest, 160, "%s", so->digest);
                c->manifests[c->nmanifests].size = so->manifest_size;
                snprintf(c->manifests[c->nmanifests].media_type, 96, "%s", so->manifest_mt);
                c->nmanifests++;
            }
        } else if (strcmp(src, "error_code") == 0) {
            char codes[256];
            error_codes(so, codes, sizeof(codes));
            codes[strcspn(codes, ",")] = '\0';
            val = strdup(codes);
        } else if (strcmp(src, "digest_tag") == 0) { /* sha256:abc -> sha256-abc (tag schema) */
            val = strdup(so->digest);
            if (val && strchr(val, ':'))
                *strchr(val, ':') = '-';
        } else if (strcmp(src, "body_digest") == 0) {
            val = strdup(so->resp.body_digest);
        } else if (strcmp(src, "status") == 0) {
            char b[32];
            snprintf(b, sizeof(b), "%ld", so->resp.status);
            val = strdup(b);
        } else if (strcmp(src, "body") == 0) {
            val = strdup(rs_buf_str(&so->resp.body));
        } else {
            val = strdup("");
        }
        if (val)
            rs_vars_set(&c->vars, var, val);
        free(val);
    }
}

/* ---- steps ------------------------------------------------------------------------------ */

/* A step's scalar parameters, expanded once; freed together after the step. */
typedef struct {
    const char *key[16];
    char *val[16];
    int n;
} pvals;

static const char *P(const pvals *p, const char *key)
{
    for (int i = 0; i < p->n; i++)
        if (strcmp(p->key[i], key) == 0)
            return p->val[i];
    return NULL;
}

static void pvals_free(pvals *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->val[i]);
    p->n = 0;
}

static rs_status expand_params(ctx *c, const rs_step *s, pvals *p, rs_err *err)
{
    const rs_ydoc *d = &c->sc->doc;
    p->n = 0;
    RS_YMAP_EACH(d, s->params, q)
    {
        yaml_node_t *v = rs_ydoc_node(d, q->value);
        const char *raw = rs_ydoc_str(v);
        if (!raw || p->n == 16)
            continue; /* lists and maps are read by the step itself */
        char e[512];
        char *x = rs_expand(&c->vars, raw, e, sizeof(e));
        if (!x) {
            rs_ydoc_errf(d, v, err->msg, sizeof(err->msg), "%s", e);
            return RS_ERR_PARSE;
        }
        p->key[p->n] = rs_ydoc_str(rs_ydoc_node(d, q->key));
        p->val[p->n++] = x;
    }
    return RS_OK;
}

/* auth: auto | none | expired | foreign | audience (validated when the file was loaded) */
static rs_authopt auth_opt(ctx *c, const pvals *p)
{
    const char *m = P(p, "auth");
    rs_authopt o = {RS_AUTH_AUTO, rs_target_feature(c->o->target, "forged_tokens"), NULL};
    if (m && strcmp(m, "none") == 0)
        o.mode = RS_AUTH_NONE;
    else if (m && strcmp(m, "auto") != 0) {
        o.mode = RS_AUTH_FORGED;
        o.forge_kind = m;
    }
    return o;
}

/* The blob named by `blob`, and the digest to use: `digest` if given, else the blob's. */
static rs_status blob_ref(ctx *c, const rs_step *s, const pvals *p, rs_blob **b,
                          const char **digest, rs_err *err)
{
    const char *name = P(p, "blob");
    *b = name ? find_blob(c, name) : NULL;
    if (name && !*b)
        return step_err(c, s, err, RS_ERR_PARSE, "no blob named '%s' in blobs", name);
    *digest = P(p, "digest") ? P(p, "digest") : *b ? (*b)->digest : NULL;
    return *digest ? RS_OK : step_err(c, s, err, RS_ERR_PARSE, "needs blob or digest");
}

static rs_upload_method method_of(const char *m)
{
    if (!m || strcmp(m, "monolithic") == 0)
        return RS_UP_MONOLITHIC;
    if (strcmp(m, "chunked") == 0)
        return RS_UP_CHUNKED;
    return strcmp(m, "stream") == 0 ? RS_UP_STREAM : RS_UP_SINGLE_POST;
}

static uint64_t num(const char *v)
{
    return v ? strtoull(v, NULL, 10) : 0;
}

static rs_status build_manifest(ctx *c, const rs_step *s, yaml_node_t *m, rs_manifest_spec *spec,
                                rs_err *err)
{
    const rs_ydoc *d = &c->sc->doc;
    memset(spec, 0, sizeof(*spec));
    RS_YMAP_EACH(d, m, p)
    {
        const char *k = rs_ydoc_str(rs_ydoc_node(d, p->key));
        yaml_node_t *v = rs_ydoc_node(d, p->value);
        const char *sv = rs_ydoc_str(v);
        if (strcmp(k, "media_type") == 0 && sv)
            spec->media_type = sv;
        else if (strcmp(k, "artifact_type") == 0 && sv)
            spec->artifact_type = sv;
        else if (strcmp(k, "config") == 0 && sv) {
            if (!(spec->config = find_blob(c, sv)))
                return step_err(c, s, err, RS_ERR_PARSE, "no blob named '%s'", sv);
        } else if (strcmp(k, "layers") == 0 && v->type == YAML_SEQUENCE_NODE) {
            RS_YSEQ_EACH(d, v, it)
            {
                const char *ln = rs_ydoc_str(rs_ydoc_node(d, *it));
                rs_blob *b = ln ? find_blob(c, ln) : NULL;
                if (!b || spec->nlayers == 32)
                    return step_err(c, s, err, RS_ERR_PARSE, "no blob named '%s'", ln ? ln : "?");
                spec->layers[spec->nlayers++] = b;
            }
        } else if ((strcmp(k, "subject") == 0 && sv) ||
                   (strcmp(k, "manifests") == 0 && v->type == YAML_SEQUENCE_NODE)) {
            int subject = strcmp(k, "subject") == 0;
            yaml_node_item_t one = 0;
            yaml_node_item_t *start = subject ? &one : v->data.sequence.items.start;
            yaml_node_item_t *top = subject ? &one + 1 : v->data.sequence.items.top;
            for (yaml_node_item_t *it = start; it < top; it++) {
                const char *ref = subject ? sv : rs_ydoc_str(rs_ydoc_node(d, *it));
                int found = -1;
                for (int i = 0; ref && i < c->nmanifests; i++)
                    if (strcmp(c->manifests[i].var, ref) == 0)
                        found = i;
                if (found < 0)
                    return step_err(c, s, err, RS_ERR_PARSE,
                                    "'%s' is not a manifest saved earlier (save: {%s: manifest})",
                                    ref ? ref : "?", ref ? ref : "name");
                if (subject) {
                    spec->subject_digest = c->manifests[found].digest;
                    spec->subject_size = c->manifests[found].size;
                    spec->subject_media_type = c->manifests[found].media_type;
                } else if (spec->nmanifests < 16) {
                    spec->manifests[spec->nmanifests].digest = c->manifests[found].digest;
                    spec->manifests[spec->nmanifests].size = c->manifests[found].size;
                    spec->manifests[spec->nmanifests].media_type = c->manifests[found].media_type;
                    spec->nmanifests++;
                }
            }
        } else {
            return step_err(c, s, err, RS_ERR_PARSE,
                            "manifest takes media_type, artifact_type, config, layers, subject, "
                            "manifests; not '%s'",
                            k);
        }
    }
    return RS_OK;
}

typedef struct {
    ctx *c;
    const rs_step *s;
    rs_actor *a;
    const pvals *p;
    const char *repo;
    rs_authopt ao;
    step_out *so;
    rs_err *err;
} step_call;

static rs_status step_push_image(step_call *k)
{
    ctx *c = k->c;
    const rs_ydoc *d = &c->sc->doc;
    rs_manifest_spec spec = {.media_type = P(k->p, "media_type") ? P(k->p, "media_type") : "oci"};
    RS_YSEQ_EACH(d, rs_ydoc_get(d, k->s->params, "layers"), it)
    {
        const char *ln = rs_ydoc_str(rs_ydoc_node(d, *it));
        rs_blob *b = ln ? find_blob(c, ln) : NULL;
        if (!b || spec.nlayers == 32)
            return step_err(c, k->s, k->err, RS_ERR_PARSE, "no blob named '%s'", ln ? ln : "?");
        spec.layers[spec.nlayers++] = b;
    }
    const char *cfg = P(k->p, "config");
    if (cfg && !(spec.config = find_blob(c, cfg)))
        return step_err(c, k->s, k->err, RS_ERR_PARSE, "no blob named '%s'", cfg);
    step_out *so = k->so;
    so->is_push = 1;
    rs_status st = rs_oci_push_image(k->a, k->repo, P(k->p, "tag"), &spec, P(k->p, "mount_from"),
                                     method_of(P(k->p, "upload")), num(P(k->p, "chunk_size")),
                                     &so->push, &so->resp, k->err);
    if (st != RS_OK)
        return st;
    if (so->resp.status != 201 && !k->s->expect)
        return step_err(c, k->s, k->err, RS_ERR_PROTO, "manifest PUT to %s answered %ld", k->repo,
                        so->resp.status);
    snprintf(so->digest, sizeof(so->digest), "%s", so->push.manifest_digest);
    so->has_manifest = 1;
    so->manifest_size = so->push.manifest_size;
    snprintf(so->manifest_mt, sizeof(so->manifest_mt), "%s",
             so->push.manifest_media_type ? so->push.manifest_media_type : "");
    for (int i = 0; i < so->push.nlayers; i++) {
        rs_blob *b = find_blob(c, so->push.layers[i].name);
        if (b && so->push.layers[i].outcome != RS_LAYER_EXISTED)
            add_cleanup(c, k->a, k->repo, b->digest, 0);
    }
    if (so->resp.status == 201)
        add_cleanup(c, k->a, k->repo, so->digest, 1);
    return RS_OK;
}

static rs_status step_push_blob(step_call *k)
{
    rs_blob *b;
    const char *digest;
    rs_status st = blob_ref(k->c, k->s, k->p, &b, &digest, k->err);
    if (st == RS_OK && !b)
        st = step_err(k->c, k->s, k->err, RS_ERR_PARSE, "push_blob needs a blob to send");
    if (st != RS_OK)
        return st;
    st = rs_oci_upload(k->a, k->repo, b, method_of(P(k->p, "method")), num(P(k->p, "chunk_size")),
                       P(k->p, "digest"), NULL, &k->ao, &k->so->resp, &k->so->sent, k->err);
    snprintf(k->so->digest, sizeof(k->so->digest), "%s", digest);
    if (st == RS_OK && k->so->resp.status == 201)
        add_cleanup(k->c, k->a, k->repo, digest, 0);
    return st;
}

static rs_status step_mount(step_call *k)
{
    rs_blob *b;
    const char *digest, *from = P(k->p, "from");
    rs_status st = blob_ref(k->c, k->s, k->p, &b, &digest, k->err);
    if (st != RS_OK)
        return st;
    char q[1024], scope[512];
    snprintf(q, sizeof(q), "mount=%s%s%s", digest, from ? "&from=" : "", from ? from : "");
    st = rs_oci_upload_post(k->a, k->repo, q,
                            from ? rs_oci_scope(from, "pull", scope, sizeof(scope)) : NULL, &k->ao,
                            &k->so->resp, k->err);
    snprintf(k->so->digest, sizeof(k->so->digest), "%s", digest);
    if (st == RS_OK && k->so->resp.status == 201)
        add_cleanup(k->c, k->a, k->repo, digest, 0);
    return st;
}

static rs_status step_blob(step_call *k) /* head_blob, get_blob, delete_blob */
{
    rs_blob *b;
    const char *digest;
    rs_status st = blob_ref(k->c, k->s, k->p, &b, &digest, k->err);
    if (st != RS_OK)
        return st;
    const char *method = k->s->kind[0] == 'h' ? "HEAD" : k->s->kind[0] == 'g' ? "GET" : "DELETE";
    snprintf(k->so->digest, sizeof(k->so->digest), "%s", digest);
    return rs_oci_blob(k->a, method, k->repo, digest, P(k->p, "range"), &k->ao, &k->so->resp,
                       k->err);
}

static rs_status step_start_upload(step_call *k)
{
    return rs_oci_upload_post(k->a, k->repo, NULL, NULL, &k->ao, &k->so->resp, k->err);
}

static rs_status step_put_manifest(step_call *k)
{
    const char *ct = P(k->p, "content_type"), *built_ct = NULL;
    yaml_node_t *m = rs_ydoc_get(&k->c->sc->doc, k->s->params, "manifest");
    char *body = P(k->p, "body") ? strdup(P(k->p, "body")) : NULL;
    if (!body && m) {
        rs_manifest_spec spec;
        rs_status st = build_manifest(k->c, k->s, m, &spec, k->err);
        if (st != RS_OK)
            return st;
        body = rs_manifest_build(&spec, &built_ct);
    }
    if (!body)
        return step_err(k->c, k->s, k->err, RS_ERR_PARSE, "put_manifest needs manifest or body");
    if (!ct)
        ct = built_ct ? built_ct : "application/vnd.oci.image.manifest.v1+json";
    step_out *so = k->so;
    so->has_manifest = 1;
    snprintf(so->manifest_mt, sizeof(so->manifest_mt), "%s", ct);
    rs_status st = rs_oci_manifest_put(k->a, k->repo, P(k->p, "ref"), body, ct, &k->ao, &so->resp,
                                       so->digest, &so->manifest_size, k->err);
    if (st == RS_OK && so->resp.status == 201)
        add_cleanup(k->c, k->a, k->repo, so->digest, 1);
    free(body);
    return st;
}

static rs_status send_step(step_call *k, const char *method, const char *url, const char *scope,
                           const char *const *headers, int hash_body)
{
    rs_req req = {.method = method, .url = url, .hash_body = hash_body};
    for (int i = 0; i < 15 && headers && headers[i]; i++)
        req.headers[i] = headers[i];
    return rs_actor_do(k->a, &req, scope, k->ao.mode, k->ao.forge_url, k->ao.forge_kind,
                       &k->so->resp, k->err);
}

static rs_status step_manifest(step_call *k) /* get_manifest, head_manifest, delete_manifest */
{
    const char *method = k->s->kind[0] == 'g' ? "GET" : k->s->kind[0] == 'h' ? "HEAD" : "DELETE";
    char url[4096], acc[512], scope[512];
    snprintf(url, sizeof(url), "%s/v2/%s/manifests/%s", k->a->base_url, k->repo, P(k->p, "ref"));
    snprintf(acc, sizeof(acc), "Accept: %s",
             P(k->p, "accept") ? P(k->p, "accept")
                               : "application/vnd.oci.image.manifest.v1+json, "
                                 "application/vnd.oci.image.index.v1+json, "
                                 "application/vnd.docker.distribution.manifest.v2+json, "
                                 "application/vnd.docker.distribution.manifest.list.v2+json");
    const char *hdrs[] = {acc, NULL};
    rs_oci_scope(k->repo, method[0] == 'D' ? "delete" : "pull", scope, sizeof(scope));
    return send_step(k, method, url, scope, hdrs, 1);
}

/* The URL of a Link header's rel="next" target, resolved against base; malloc'd or NULL. */
static char *next_link(const rs_resp *r, const char *base)
{
    const char *l = rs_resp_header(r, "Link");
    const char *lt = l ? strchr(l, '<') : NULL, *gt = lt ? strchr(lt, '>') : NULL;
    if (!gt || !strstr(gt, "rel=\"next\""))
        return NULL;
    char target[2048];
    snprintf(target, sizeof(target), "%.*s", (int)(gt - lt - 1), lt + 1);
    return rs_url_resolve(base, target);
}

static rs_status step_list(step_call *k) /* tags_list, catalog */
{
    const char *n = P(k->p, "n"), *last = P(k->p, "last"), *pages = P(k->p, "pages");
    int tags = k->s->kind[0] == 't';
    const char *field = tags ? "tags" : "repositories";
    char url[4096], scope[512];
    snprintf(url, sizeof(url), "%s/v2/%s%s%s%s%s%s%s", k->a->base_url, tags ? k->repo : "",
             tags ? "/tags/list" : "_catalog", n || last ? "?" : "", n ? "n=" : "", n ? n : "",
             last ? (n ? "&last=" : "last=") : "", last ? last : "");
    const char *sc =
        tags ? rs_oci_scope(k->repo, "pull", scope, sizeof(scope)) : "registry:catalog:*";
    rs_status st = send_step(k, "GET", url, sc, NULL, 0);
    if (st != RS_OK || !pages || strcmp(pages, "all") != 0)
        return st;
    /* pages: all -- follow Link rel="next" and merge every page's list into one body */
    cJSON *merged = cJSON_Parse(rs_buf_str(&k->so->resp.body));
    cJSON *list = cJSON_GetObjectItemCaseSensitive(merged, field);
    for (int page = 1; page < 200 && cJSON_IsArray(list) && k->so->resp.status == 200; page++) {
        char *next = next_link(&k->so->resp, k->a->base_url);
        if (!next)
            break;
        st = send_step(k, "GET", next, sc, NULL, 0);
        free(next);
        if (st != RS_OK)
            break;
        cJSON *more = cJSON_Parse(rs_buf_str(&k->so->resp.body)), *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(more, field))
            cJSON_AddItemToArray(list, cJSON_Duplicate(e, 0));
        cJSON_Delete(more);
    }
    char *txt = cJSON_IsArray(list) ? cJSON_PrintUnformatted(merged) : NULL;
    if (txt) {
        rs_buf_free(&k->so->resp.body);
        rs_buf_add(&k->so->resp.body, txt, strlen(txt));
    }
    free(txt);
    cJSON_Delete(merged);
    return st;
}

static rs_status step_request(step_call *k)
{
    ctx *c = k->c;
    const rs_ydoc *d = &c->sc->doc;
    const char *path = P(k->p, "path"), *full = P(k->p, "url"), *body = P(k->p, "body");
    const char *bname = P(k->p, "body_blob"), *sc = P(k->p, "scopes");
    rs_blob *bb = bname ? find_blob(c, bname) : NULL;
    if (bname && !bb)
        return step_err(c, k->s, k->err, RS_ERR_PARSE, "no blob named '%s'", bname);
    if (!path == !full)
        return step_err(c, k->s, k->err, RS_ERR_PARSE, "request takes path or url (one of them)");
    if (full && !full[0])
        return step_err(c, k->s, k->err, RS_ERR_CONFIG,
                        "url is empty: the value it was saved from was missing in its response");
    char url[4096];
    snprintf(url, sizeof(url), "%s%s", full ? "" : k->a->base_url, full ? full : path);
    rs_req req = {.method = P(k->p, "method"), .url = url};
    char *hdrs[15] = {0};
    int nh = 0;
    yaml_node_t *hm = rs_ydoc_get(d, k->s->params, "headers");
    if (hm)
        RS_YMAP_EACH(d, hm, q)
        {
            if (nh == 15)
                break;
            char *val = xp(c, rs_ydoc_str(rs_ydoc_node(d, q->value)));
            size_t len = strlen(val) + 200;
            if ((hdrs[nh] = malloc(len)))
                snprintf(hdrs[nh], len, "%s: %s", rs_ydoc_str(rs_ydoc_node(d, q->key)) ?: "X", val);
            req.headers[nh] = hdrs[nh];
            nh += hdrs[nh] != NULL;
            free(val);
        }
    rs_blob_reader rd;
    if (bb) {
        rs_blob_reader_init(&rd, bb, 0, bb->size);
        req.stream = &rd;
    } else if (body) {
        req.body = body;
        req.body_len = strlen(body);
    }
    /* with explicit scopes, the request gets exactly those: no retry with the challenge's */
    rs_auth_mode mode = sc && k->ao.mode == RS_AUTH_AUTO ? RS_AUTH_EXACT : k->ao.mode;
    rs_status st =
        rs_actor_do(k->a, &req, sc, mode, k->ao.forge_url, k->ao.forge_kind, &k->so->resp, k->err);
    k->so->sent = k->so->resp.sent_bytes;
    for (int i = 0; i < nh; i++)
        free(hdrs[i]);
    return st;
}

static const struct {
    const char *kind;
    rs_status (*fn)(step_call *);
} STEPS[] = {
    {"push_image", step_push_image},
    {"push_blob", step_push_blob},
    {"mount", step_mount},
    {"head_blob", step_blob},
    {"get_blob", step_blob},
    {"delete_blob", step_blob},
    {"start_upload", step_start_upload},
    {"put_manifest", step_put_manifest},
    {"get_manifest", step_manifest},
    {"head_manifest", step_manifest},
    {"delete_manifest", step_manifest},
    {"tags_list", step_list},
    {"catalog", step_list},
    {"request", step_request},
};

static rs_status exec_step(ctx *c, const rs_step *s, rs_actor *a, step_out *so, rs_err *err)
{
    pvals p;
    rs_status st = expand_params(c, s, &p, err);
    step_call k = {c, s, a, &p, P(&p, "repo"), auth_opt(c, &p), so, err};
    for (size_t i = 0; st == RS_OK && i < sizeof(STEPS) / sizeof(STEPS[0]); i++)
        if (strcmp(STEPS[i].kind, s->kind) == 0) {
            st = STEPS[i].fn(&k);
            break;
        }
    pvals_free(&p);
    return st;
}

/* when: {var: value | [values]}: every saved variable must equal one of its values. */
static int when_holds(ctx *c, const rs_step *s)
{
    const rs_ydoc *d = &c->sc->doc;
    char shown[256];
    RS_YMAP_EACH(d, s->when, p)
    {
        const char *var = rs_ydoc_str(rs_ydoc_node(d, p->key));
        const char *val = var ? rs_vars_get(&c->vars, var) : NULL;
        if (!val || !matches_any(c, rs_ydoc_node(d, p->value), val, shown, sizeof(shown)))
            return 0;
    }
    return 1;
}

/* ---- scenario --------------------------------------------------------------------------- */

static int needs_forge(ctx *c)
{
    const rs_ydoc *d = &c->sc->doc;
    for (int i = 0; i < c->sc->nsteps; i++) {
        const char *m = rs_ydoc_str(rs_ydoc_get(d, c->sc->steps[i].params, "auth"));
        if (m &&
            (strcmp(m, "expired") == 0 || strcmp(m, "foreign") == 0 || strcmp(m, "audience") == 0))
            return 1;
    }
    return 0;
}

static int should_skip(ctx *c, char *why, size_t len)
{
    const rs_target *t = c->o->target;
    for (int i = 0; i < c->sc->nrequires; i++)
        if (!rs_target_has(t, c->sc->requires[i])) {
            snprintf(why, len, "the target does not declare feature '%s'", c->sc->requires[i]);
            return 1;
        }
    if (needs_forge(c) && !rs_target_feature(t, "forged_tokens")) {
        snprintf(why, len, "forged tokens need features.forged_tokens (a test token endpoint)");
        return 1;
    }
    const rs_ydoc *d = &c->sc->doc;
    for (int i = 0; i < c->sc->nsteps; i++) {
        const char *role = rs_ydoc_str(rs_ydoc_get(d, c->sc->steps[i].params, "as"));
        if (role && !rs_target_actor_get(t, role)) {
            snprintf(why, len, "the target has no actor '%s'", role);
            return 1;
        }
    }
    return 0;
}

static void cleanup(ctx *c)
{
    if (!rs_target_has(c->o->target, "delete"))
        return;
    for (int pass = 1; pass >= 0; pass--) /* manifests first, then blobs */
        for (int i = c->ncleanup - 1; i >= 0; i--) {
            if (c->cleanup[i].is_manifest != pass)
                continue;
            rs_actor *a = &c->actors[c->cleanup[i].actor];
            rs_resp r;
            rs_err e;
            rs_resp_init(&r);
            char url[2048], scope[512];
            snprintf(url, sizeof(url), "%s/v2/%s/%s/%s", a->base_url, c->cleanup[i].repo,
                     pass ? "manifests" : "blobs", c->cleanup[i].ref);
            rs_req req = {.method = "DELETE", .url = url};
            if (rs_actor_do(a, &req,
                            rs_oci_scope(c->cleanup[i].repo, "delete", scope, sizeof(scope)),
                            RS_AUTH_AUTO, NULL, NULL, &r, &e) != RS_OK &&
                c->o->verbose)
                fprintf(stderr, "  cleanup: %s\n", e.msg);
            rs_resp_free(&r);
        }
}

void rs_run_scenario(const rs_run_opts *o, const rs_scenario *sc, int index, rs_result *res)
{
    memset(res, 0, sizeof(*res));
    rs_buf_init(&res->failures, 256 * 1024);
    res->sc = sc;
    res->outcome = RS_RES_PASS;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ctx *c = calloc(1, sizeof(*c));
    if (!c) {
        res->outcome = RS_RES_ERROR;
        snprintf(res->reason, sizeof(res->reason), "out of memory");
        return;
    }
    c->o = o;
    c->sc = sc;
    c->res = res;
    const rs_target *t = o->target;
    rs_trace_init(&c->trace, 2 * 1024 * 1024);
    rs_vars_init(&c->vars);
    char run[96];
    snprintf(run, sizeof(run), "%s%d", o->run_id, index);
    rs_vars_set(&c->vars, "run", run);
    rs_vars_set(&c->vars, "url", t->url);
    for (int i = 0; i < t->nns; i++) {
        char k[64];
        snprintf(k, sizeof(k), "ns.%s", t->ns[i].key);
        rs_vars_set(&c->vars, k, t->ns[i].value);
    }
    for (int i = 0; i < t->nactors && c->nactors < RS_MAX_ROLES; i++) {
        char k[64];
        snprintf(k, sizeof(k), "user.%s", t->actors[i].role);
        rs_vars_set(&c->vars, k, t->actors[i].username);
        rs_actor_init(&c->actors[c->nactors++], t->actors[i].role, t->actors[i].username,
                      t->actors[i].password, t->url, t->ca_file, t->insecure, t->timeout_s,
                      &c->trace, o->guard);
    }
    rs_err err = {{0}};
    rs_status st = RS_OK;
    if (should_skip(c, res->reason, sizeof(res->reason))) {
        res->outcome = RS_RES_SKIP;
    } else if ((st = setup_blobs(c, &err)) != RS_OK) {
        res->outcome = RS_RES_ERROR;
        snprintf(res->reason, sizeof(res->reason), "%s", err.msg);
    } else {
        for (int i = 0; i < sc->nsteps; i++) {
            const rs_step *s = &sc->steps[i];
            const rs_ydoc *d = &sc->doc;
            rs_actor *a = find_actor(c, rs_ydoc_str(rs_ydoc_get(d, s->params, "as")));
            step_out so;
            memset(&so, 0, sizeof(so));
            rs_resp_init(&so.resp);
            if (o->verbose)
                fprintf(stderr, "  step %d: %s%s%s\n", i + 1, s->kind, s->name[0] ? " - " : "",
                        s->name);
            if (s->when && !when_holds(c, s)) {
                if (o->verbose)
                    fprintf(stderr, "  step %d: skipped (when)\n", i + 1);
                rs_resp_free(&so.resp);
                continue;
            }
            st = exec_step(c, s, a, &so, &err);
            if (st == RS_OK) {
                run_checks(c, s, i, &so);
                do_saves(c, s, &so, a);
            }
            rs_resp_free(&so.resp);
            if (st != RS_OK) {
                res->outcome = RS_RES_ERROR;
                snprintf(res->reason, sizeof(res->reason), "step %d (%s, line %d): %s: %s", i + 1,
                         s->kind, s->line, rs_status_name(st), err.msg);
                break;
            }
        }
        cleanup(c);
    }
    res->trace = strdup(rs_buf_str(&c->trace.text));
    for (int i = 0; i < c->nactors; i++)
        rs_actor_free(&c->actors[i]);
    for (int i = 0; i < c->nblobs; i++)
        rs_blob_free(&c->blobs[i]);
    rs_vars_free(&c->vars);
    rs_trace_free(&c->trace);
    free(c);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    res->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}
