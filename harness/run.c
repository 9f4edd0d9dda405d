#include "run.h"

#include "expand.h"
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

/* Expanded string parameter (malloc'd) or NULL when absent; *bad set on a placeholder error. */
static char *param(ctx *c, const rs_step *s, const char *key, rs_err *err, int *bad)
{
    yaml_node_t *n = rs_ydoc_get((rs_ydoc *)&c->sc->doc, s->params, key);
    const char *raw = rs_ydoc_str(n);
    if (!raw)
        return NULL;
    char e[512];
    char *v = rs_expand(&c->vars, raw, e, sizeof(e));
    if (!v) {
        rs_ydoc_errf((rs_ydoc *)&c->sc->doc, n, err->msg, sizeof(err->msg), "%s", e);
        *bad = 1;
    }
    return v;
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
    rs_ydoc *d = (rs_ydoc *)&c->sc->doc;
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
        if (content) {
            char e[512];
            char *x = rs_expand(&c->vars, content, e, sizeof(e));
            if (!x)
                return rs_errf(err, RS_ERR_PARSE, "%s: blob %s: %s", c->sc->path, name, e);
            int rc = rs_blob_set_literal(b, name, x, strlen(x), al);
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

static int in_int_list(rs_ydoc *d, yaml_node_t *v, long x, char *shown, size_t len)
{
    int hit = 0;
    shown[0] = '\0';
    if (v->type == YAML_SCALAR_NODE) {
        snprintf(shown, len, "%s", rs_ydoc_str(v));
        return atol(rs_ydoc_str(v)) == x;
    }
    RS_YSEQ_EACH(d, v, it)
    {
        const char *s = rs_ydoc_str(rs_ydoc_node(d, *it));
        if (!s)
            continue;
        snprintf(shown + strlen(shown), len - strlen(shown), "%s%s", shown[0] ? ", " : "", s);
        hit |= atol(s) == x;
    }
    return hit;
}

static char *xp(ctx *c, const char *raw)
{
    char e[256];
    char *v = rs_expand(&c->vars, raw ? raw : "", e, sizeof(e));
    return v ? v : strdup(raw ? raw : "");
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
    rs_ydoc *d = (rs_ydoc *)&c->sc->doc;
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

static void run_checks(ctx *c, const rs_step *s, int idx, const step_out *so)
{
    rs_ydoc *d = (rs_ydoc *)&c->sc->doc;
    const rs_resp *r = &so->resp;
    char status[32], shown[256];
    snprintf(status, sizeof(status), "%ld", r->status);
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
            if (!in_int_list(d, v, r->status, shown, sizeof(shown)))
                fail_check(c, s, idx, key, status, "expected %s, got %ld", shown, r->status);
        } else if (strcmp(key, "status_not") == 0) {
            if (in_int_list(d, v, r->status, shown, sizeof(shown)))
                fail_check(c, s, idx, key, status, "must not be any of %s, got %ld", shown,
                           r->status);
        } else if (strcmp(key, "error_code") == 0) {
            cJSON *j = body_json(so);
            const cJSON *errs = cJSON_GetObjectItemCaseSensitive(j, "errors"), *e;
            char got[256] = "";
            int hit = 0;
            cJSON_ArrayForEach(e, errs)
            {
                const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
                if (!cJSON_IsString(code))
                    continue;
                snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", got[0] ? "," : "",
                         code->valuestring);
                if (v->type == YAML_SCALAR_NODE)
                    hit |= strcmp(code->valuestring, rs_ydoc_str(v)) == 0;
                else
                    RS_YSEQ_EACH(d, v, it)
                hit |= strcmp(code->valuestring, rs_ydoc_str(rs_ydoc_node(d, *it)) ?: "") == 0;
            }
            cJSON_Delete(j);
            in_int_list(d, v, 0, shown, sizeof(shown));
            if (!hit)
                fail_check(c, s, idx, key, got[0] ? got : status,
                           "expected error code %s, got %s (status %ld)", shown,
                           got[0] ? got : (j ? "no errors[]" : "a body that is not JSON"),
                           r->status);
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
        } else if (strcmp(key, "tags_count") == 0 || strcmp(key, "json_count") == 0) {
            cJSON *j = body_json(so);
            int single = strcmp(key, "tags_count") == 0;
            yaml_node_pair_t one = {0};
            RS_YMAP_EACH(d, single ? s->expect : v, q)
            {
                if (single && q != p)
                    continue;
                one = *q;
                const char *field = single ? "tags" : rs_ydoc_str(rs_ydoc_node(d, one.key));
                long want = atol(rs_ydoc_str(rs_ydoc_node(d, one.value)) ?: "0");
                const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, field);
                long got = cJSON_IsArray(arr) ? (long)cJSON_GetArraySize(arr) : -1;
                char g[32];
                snprintf(g, sizeof(g), "%ld", got);
                if (got != want)
                    fail_check(c, s, idx, key, g, "expected %ld entries in %s, got %s", want, field,
                               got < 0 ? "no such list" : g);
            }
            cJSON_Delete(j);
        }
    }
}

static void do_saves(ctx *c, const rs_step *s, const step_out *so, rs_actor *a)
{
    if (!s->save)
        return;
    rs_ydoc *d = (rs_ydoc *)&c->sc->doc;
    RS_YMAP_EACH(d, s->save, p)
    {
        const char *var = rs_ydoc_str(rs_ydoc_node(d, p->key));
        const char *src = rs_ydoc_str(rs_ydoc_node(d, p->value));
        if (!var || !src)
            continue;
        char *val = NULL;
        if (strncmp(src, "header.", 7) == 0) {
            const char *h = rs_resp_header(&so->resp, src + 7);
            val = strdup(h ? h : "");
        } else if (strcmp(src, "location") == 0) {
            const char *h = rs_resp_header(&so->resp, "Location");
            val = h ? rs_url_resolve(a->base_url, h) : strdup("");
        } else if (strcmp(src, "digest") == 0 || strcmp(src, "manifest") == 0) {
            val = strdup(so->digest);
            if (so->has_manifest && c->nmanifests < MAX_MANIFESTS) {
                snprintf(c->manifests[c->nmanifests].var, 64, "%s", var);
                snprintf(c->manifests[c->nmanifests].digest, 160, "%s", so->digest);
                c->manifests[c->nmanifests].size = so->manifest_size;
                snprintf(c->manifests[c->nmanifests].media_type, 96, "%s", so->manifest_mt);
                c->nmanifests++;
            }
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

static rs_status auth_opt(ctx *c, const rs_step *s, rs_authopt *o, rs_err *err, int *bad)
{
    char *m = param(c, s, "auth", err, bad);
    o->mode = RS_AUTH_AUTO;
    o->forge_url = rs_target_feature(c->o->target, "forged_tokens");
    o->forge_kind = NULL;
    rs_status st = RS_OK;
    if (!m || strcmp(m, "auto") == 0) {
    } else if (strcmp(m, "none") == 0) {
        o->mode = RS_AUTH_NONE;
    } else if (strcmp(m, "expired") == 0 || strcmp(m, "foreign") == 0 ||
               strcmp(m, "audience") == 0) {
        o->mode = RS_AUTH_FORGED;
        o->forge_kind = strcmp(m, "expired") == 0   ? "expired"
                        : strcmp(m, "foreign") == 0 ? "foreign"
                                                    : "audience";
    } else {
        st = step_err(c, s, err, RS_ERR_PARSE,
                      "auth must be auto, none, expired, foreign or audience, not '%s'", m);
    }
    free(m);
    return st;
}

static rs_status blob_ref(ctx *c, const rs_step *s, rs_blob **b, char **digest, rs_err *err,
                          int *bad)
{
    char *name = param(c, s, "blob", err, bad);
    *digest = param(c, s, "digest", err, bad);
    *b = NULL;
    if (name) {
        *b = find_blob(c, name);
        if (!*b) {
            rs_status st = step_err(c, s, err, RS_ERR_PARSE, "no blob named '%s' in blobs", name);
            free(name);
            return st;
        }
        if (!*digest)
            *digest = strdup((*b)->digest);
    }
    free(name);
    if (!*digest)
        return step_err(c, s, err, RS_ERR_PARSE, "needs blob or digest");
    return RS_OK;
}

static rs_upload_method method_of(const char *m)
{
    if (!m || strcmp(m, "monolithic") == 0)
        return RS_UP_MONOLITHIC;
    if (strcmp(m, "chunked") == 0)
        return RS_UP_CHUNKED;
    if (strcmp(m, "stream") == 0)
        return RS_UP_STREAM;
    return RS_UP_SINGLE_POST;
}

static rs_status build_manifest(ctx *c, const rs_step *s, yaml_node_t *m, rs_manifest_spec *spec,
                                rs_err *err)
{
    rs_ydoc *d = (rs_ydoc *)&c->sc->doc;
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

static rs_status exec_step(ctx *c, const rs_step *s, rs_actor *a, step_out *so, rs_err *err)
{
    int bad = 0;
    rs_status st = RS_OK;
    rs_authopt ao;
    char *repo = param(c, s, "repo", err, &bad);
    char scopes[1024], url[4096];
    if (bad)
        goto out;
    if ((st = auth_opt(c, s, &ao, err, &bad)) != RS_OK || bad)
        goto out;
    if (strcmp(s->kind, "push_image") == 0) {
        rs_ydoc *d = (rs_ydoc *)&c->sc->doc;
        rs_manifest_spec spec = {0};
        char *cfg = param(c, s, "config", err, &bad), *tag = param(c, s, "tag", err, &bad);
        char *from = param(c, s, "mount_from", err, &bad),
             *mt = param(c, s, "media_type", err, &bad);
        char *up = param(c, s, "upload", err, &bad), *chunk = param(c, s, "chunk_size", err, &bad);
        RS_YSEQ_EACH(d, rs_ydoc_get(d, s->params, "layers"), it)
        {
            const char *ln = rs_ydoc_str(rs_ydoc_node(d, *it));
            rs_blob *b = ln ? find_blob(c, ln) : NULL;
            if (!b || spec.nlayers == 32) {
                st = step_err(c, s, err, RS_ERR_PARSE, "no blob named '%s'", ln ? ln : "?");
                break;
            }
            spec.layers[spec.nlayers++] = b;
        }
        spec.media_type = mt ? mt : "oci";
        if (st == RS_OK && cfg && !(spec.config = find_blob(c, cfg)))
            st = step_err(c, s, err, RS_ERR_PARSE, "no blob named '%s'", cfg);
        if (st == RS_OK && !bad) {
            so->is_push = 1;
            st =
                rs_oci_push_image(a, repo, tag, &spec, from, method_of(up),
                                  chunk ? strtoull(chunk, NULL, 10) : 0, &so->push, &so->resp, err);
            if (st == RS_OK && so->resp.status != 201 && !s->expect)
                st = step_err(c, s, err, RS_ERR_PROTO, "manifest PUT to %s answered %ld", repo,
                              so->resp.status);
            snprintf(so->digest, sizeof(so->digest), "%s", so->push.manifest_digest);
            so->has_manifest = 1;
            so->manifest_size = so->push.manifest_size;
            snprintf(so->manifest_mt, sizeof(so->manifest_mt), "%s",
                     so->push.manifest_media_type ? so->push.manifest_media_type : "");
            for (int i = 0; i < so->push.nlayers; i++)
                if (so->push.layers[i].outcome != RS_LAYER_EXISTED)
                    for (int k = 0; k < c->nblobs; k++)
                        if (strcmp(c->blobs[k].name, so->push.layers[i].name) == 0)
                            add_cleanup(c, a, repo, c->blobs[k].digest, 0);
            if (so->resp.status == 201)
                add_cleanup(c, a, repo, so->digest, 1);
        }
        free(cfg);
        free(tag);
        free(from);
        free(mt);
        free(up);
        free(chunk);
    } else if (strcmp(s->kind, "push_blob") == 0) {
        rs_blob *b = NULL;
        char *digest = NULL, *m = param(c, s, "method", err, &bad);
        char *chunk = param(c, s, "chunk_size", err, &bad);
        char *override = param(c, s, "digest", err, &bad);
        if (!bad && (st = blob_ref(c, s, &b, &digest, err, &bad)) == RS_OK && !bad) {
            st = rs_oci_upload(a, repo, b, method_of(m), chunk ? strtoull(chunk, NULL, 10) : 0,
                               override, NULL, &ao, &so->resp, &so->sent, err);
            snprintf(so->digest, sizeof(so->digest), "%s", digest);
            if (st == RS_OK && so->resp.status == 201)
                add_cleanup(c, a, repo, digest, 0);
        }
        free(digest);
        free(m);
        free(chunk);
        free(override);
    } else if (strcmp(s->kind, "mount") == 0) {
        rs_blob *b = NULL;
        char *digest = NULL, *from = param(c, s, "from", err, &bad);
        if (!bad && (st = blob_ref(c, s, &b, &digest, err, &bad)) == RS_OK && !bad) {
            char q[1024];
            snprintf(q, sizeof(q), "mount=%s%s%s", digest, from ? "&from=" : "", from ? from : "");
            st = rs_oci_upload_post(
                a, repo, q, from ? rs_oci_scope(from, "pull", scopes, sizeof(scopes)) : NULL, &ao,
                &so->resp, err);
            snprintf(so->digest, sizeof(so->digest), "%s", digest);
            if (st == RS_OK && so->resp.status == 201)
                add_cleanup(c, a, repo, digest, 0);
        }
        free(digest);
        free(from);
    } else if (strcmp(s->kind, "head_blob") == 0 || strcmp(s->kind, "get_blob") == 0 ||
               strcmp(s->kind, "delete_blob") == 0) {
        rs_blob *b = NULL;
        char *digest = NULL, *range = param(c, s, "range", err, &bad);
        if (!bad && (st = blob_ref(c, s, &b, &digest, err, &bad)) == RS_OK && !bad) {
            const char *method = s->kind[0] == 'h' ? "HEAD" : s->kind[0] == 'g' ? "GET" : "DELETE";
            st = rs_oci_blob(a, method, repo, digest, range, &ao, &so->resp, err);
            snprintf(so->digest, sizeof(so->digest), "%s", digest);
        }
        free(digest);
        free(range);
    } else if (strcmp(s->kind, "start_upload") == 0) {
        st = rs_oci_upload_post(a, repo, NULL, NULL, &ao, &so->resp, err);
    } else if (strcmp(s->kind, "put_manifest") == 0) {
        char *ref = param(c, s, "ref", err, &bad), *body = param(c, s, "body", err, &bad);
        char *ct = param(c, s, "content_type", err, &bad);
        yaml_node_t *m = rs_ydoc_get((rs_ydoc *)&c->sc->doc, s->params, "manifest");
        const char *built_ct = "application/vnd.oci.image.manifest.v1+json";
        if (!bad && !body && m) {
            rs_manifest_spec spec;
            if ((st = build_manifest(c, s, m, &spec, err)) == RS_OK)
                body = rs_manifest_build(&spec, &built_ct);
        }
        if (!bad && st == RS_OK && !body)
            st = step_err(c, s, err, RS_ERR_PARSE, "put_manifest needs manifest or body");
        if (!bad && st == RS_OK) {
            rs_blob mb = {0};
            rs_blob_set_literal(&mb, "manifest", body, strlen(body), RS_SHA256);
            snprintf(so->digest, sizeof(so->digest), "%s", mb.digest);
            so->has_manifest = 1;
            so->manifest_size = mb.size;
            rs_blob_free(&mb);
            snprintf(so->manifest_mt, sizeof(so->manifest_mt), "%s", ct ? ct : built_ct);
            snprintf(url, sizeof(url), "%s/v2/%s/manifests/%s", a->base_url, repo,
                     ref ? ref : so->digest);
            char cth[256];
            snprintf(cth, sizeof(cth), "Content-Type: %s", ct ? ct : built_ct);
            rs_req req = {.method = "PUT", .url = url, .body = body, .body_len = strlen(body)};
            req.headers[0] = cth;
            st = rs_actor_do(a, &req, rs_oci_scope(repo, "pull,push", scopes, sizeof(scopes)),
                             ao.mode, ao.forge_url, ao.forge_kind, &so->resp, err);
            if (st == RS_OK && so->resp.status == 201)
                add_cleanup(c, a, repo, so->digest, 1);
        }
        free(ref);
        free(body);
        free(ct);
    } else if (strcmp(s->kind, "get_manifest") == 0 || strcmp(s->kind, "head_manifest") == 0 ||
               strcmp(s->kind, "delete_manifest") == 0) {
        char *ref = param(c, s, "ref", err, &bad), *accept = param(c, s, "accept", err, &bad);
        if (!bad) {
            const char *method = s->kind[0] == 'g' ? "GET" : s->kind[0] == 'h' ? "HEAD" : "DELETE";
            snprintf(url, sizeof(url), "%s/v2/%s/manifests/%s", a->base_url, repo, ref);
            char acc[512];
            snprintf(acc, sizeof(acc), "Accept: %s",
                     accept ? accept
                            : "application/vnd.oci.image.manifest.v1+json, "
                              "application/vnd.oci.image.index.v1+json, "
                              "application/vnd.docker.distribution.manifest.v2+json, "
                              "application/vnd.docker.distribution.manifest.list.v2+json");
            rs_req req = {.method = method, .url = url, .hash_body = 1};
            req.headers[0] = acc;
            st = rs_actor_do(
                a, &req,
                rs_oci_scope(repo, method[0] == 'D' ? "delete" : "pull", scopes, sizeof(scopes)),
                ao.mode, ao.forge_url, ao.forge_kind, &so->resp, err);
        }
        free(ref);
        free(accept);
    } else if (strcmp(s->kind, "tags_list") == 0 || strcmp(s->kind, "catalog") == 0) {
        char *n = param(c, s, "n", err, &bad), *last = param(c, s, "last", err, &bad);
        if (!bad) {
            int tags = s->kind[0] == 't';
            snprintf(url, sizeof(url), "%s/v2/%s%s%s%s%s%s%s", a->base_url, tags ? repo : "",
                     tags ? "/tags/list" : "_catalog", n || last ? "?" : "", n ? "n=" : "",
                     n ? n : "", last ? (n ? "&last=" : "last=") : "", last ? last : "");
            rs_req req = {.method = "GET", .url = url};
            st = rs_actor_do(a, &req,
                             tags ? rs_oci_scope(repo, "pull", scopes, sizeof(scopes))
                                  : "registry:catalog:*",
                             ao.mode, ao.forge_url, ao.forge_kind, &so->resp, err);
        }
        free(n);
        free(last);
    } else if (strcmp(s->kind, "request") == 0) {
        char *method = param(c, s, "method", err, &bad), *path = param(c, s, "path", err, &bad);
        char *full = param(c, s, "url", err, &bad), *body = param(c, s, "body", err, &bad);
        char *bname = param(c, s, "body_blob", err, &bad), *sc = param(c, s, "scopes", err, &bad);
        rs_ydoc *d = (rs_ydoc *)&c->sc->doc;
        char *hdrs[16] = {0};
        int nh = 0;
        yaml_node_t *hm = rs_ydoc_get(d, s->params, "headers");
        if (hm)
            RS_YMAP_EACH(d, hm, p)
            {
                if (nh == 15)
                    break;
                char *val = xp(c, rs_ydoc_str(rs_ydoc_node(d, p->value)));
                size_t len = strlen(val) + 200;
                hdrs[nh] = malloc(len);
                if (hdrs[nh])
                    snprintf(hdrs[nh++], len, "%s: %s", rs_ydoc_str(rs_ydoc_node(d, p->key)) ?: "X",
                             val);
                free(val);
            }
        rs_blob *bb = bname ? find_blob(c, bname) : NULL;
        if (!bad && bname && !bb)
            st = step_err(c, s, err, RS_ERR_PARSE, "no blob named '%s'", bname);
        if (!bad && st == RS_OK && !path == !full)
            st = step_err(c, s, err, RS_ERR_PARSE, "request takes path or url (one of them)");
        if (!bad && st == RS_OK) {
            char *u = full ? strdup(full) : NULL;
            if (!u) {
                snprintf(url, sizeof(url), "%s%s", a->base_url, path);
                u = strdup(url);
            }
            rs_blob_reader rd;
            rs_req req = {.method = method, .url = u};
            for (int i = 0; i < nh; i++)
                req.headers[i] = hdrs[i];
            if (bb) {
                rs_blob_reader_init(&rd, bb, 0, bb->size);
                req.stream = &rd;
            } else if (body) {
                req.body = body;
                req.body_len = strlen(body);
            }
            rs_auth_mode mode = sc && ao.mode == RS_AUTH_AUTO ? RS_AUTH_EXACT : ao.mode;
            st = rs_actor_do(a, &req, sc, mode, ao.forge_url, ao.forge_kind, &so->resp, err);
            so->sent = so->resp.sent_bytes;
            free(u);
        }
        for (int i = 0; i < nh; i++)
            free(hdrs[i]);
        free(method);
        free(path);
        free(full);
        free(body);
        free(bname);
        free(sc);
    }
out:
    free(repo);
    if (bad && st == RS_OK)
        st = RS_ERR_PARSE;
    return st;
}

/* ---- scenario --------------------------------------------------------------------------- */

static int needs_forge(ctx *c)
{
    rs_ydoc *d = (rs_ydoc *)&c->sc->doc;
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
    rs_ydoc *d = (rs_ydoc *)&c->sc->doc;
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
                      &c->trace);
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
            rs_ydoc *d = (rs_ydoc *)&sc->doc;
            rs_actor *a = find_actor(c, rs_ydoc_str(rs_ydoc_get(d, s->params, "as")));
            step_out so;
            memset(&so, 0, sizeof(so));
            rs_resp_init(&so.resp);
            if (o->verbose)
                fprintf(stderr, "  step %d: %s%s%s\n", i + 1, s->kind, s->name[0] ? " - " : "",
                        s->name);
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
