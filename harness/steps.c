#include "steps.h"
#include "manifest_arg.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---------------------------------------------------------------------------- */

static rs_status step_err(rs_stepcall *k, rs_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static rs_status step_err(rs_stepcall *k, rs_status st, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return rs_errf(k->err, st, "%s:%d:%d: %s: %s", rs_step_file(k->c->sc, k->s), k->s->line,
                   k->s->col, k->s->kind->name, msg);
}

static rs_status cleanup_add(rs_stepcall *k, const char *ref, int is_manifest)
{
    if (rs_ctx_cleanup_add(k->c, k->a, k->str[RS_P_REPO], ref, is_manifest) != 0)
        return step_err(k, RS_ERR_NOMEM, "out of memory");
    return RS_OK;
}

/* The digest a blob step uses: `digest` if given, else the blob's (one is required at load). */
static const char *blob_digest(rs_stepcall *k)
{
    rs_blob *b = rs_ctx_blob(k->c, k->str[RS_P_BLOB]);
    const char *d = k->str[RS_P_DIGEST] ? k->str[RS_P_DIGEST] : b ? b->digest : "";
    snprintf(k->so->digest, sizeof(k->so->digest), "%s", d);
    return d;
}

static rs_upload_method method_of(rs_stepcall *k, rs_param_id id)
{
    static const rs_upload_method m[] = {RS_UP_MONOLITHIC, RS_UP_CHUNKED, RS_UP_STREAM,
                                         RS_UP_SINGLE_POST};
    return k->str[id] ? m[k->num[id]] : RS_UP_MONOLITHIC;
}

/* Blob names of a list argument (validated at load) into out. */
static int blob_list(rs_stepcall *k, const rs_val *v, const rs_blob **out, int max)
{
    int n = 0;
    for (int i = 0; v && i < v->nitems && n < max; i++)
        out[n++] = rs_ctx_blob(k->c, v->items[i].text);
    return n;
}

/* ---- step kinds ------------------------------------------------------------------------- */

static int step_push_image(rs_stepcall *k)
{
    rs_ctx *c = k->c;
    rs_manifest_spec spec = {
        .media_type = k->str[RS_P_MEDIA_TYPE]
                          ? RS_PARAMS[RS_P_MEDIA_TYPE].type.words[k->num[RS_P_MEDIA_TYPE]]
                          : "oci"};
    spec.nlayers = blob_list(k, k->s->args[RS_P_LAYERS], spec.layers, 32);
    spec.config = rs_ctx_blob(c, k->str[RS_P_CONFIG]);
    rs_stepout *so = k->so;
    so->is_push = 1;
    rs_status st = rs_oci_push_image(
        k->a, k->str[RS_P_REPO], k->str[RS_P_TAG], &spec, k->str[RS_P_MOUNT_FROM],
        method_of(k, RS_P_UPLOAD), (uint64_t)k->num[RS_P_CHUNK_SIZE], &so->push, &so->resp, k->err);
    if (st != RS_OK)
        return st;
    snprintf(so->digest, sizeof(so->digest), "%s", so->push.manifest_digest);
    so->has_manifest = 1;
    so->manifest_size = so->push.manifest_size;
    snprintf(so->manifest_mt, sizeof(so->manifest_mt), "%s",
             so->push.manifest_media_type ? so->push.manifest_media_type : "");
    for (int i = 0; st == RS_OK && i < so->push.nlayers; i++) {
        rs_blob *b = rs_ctx_blob(c, so->push.layers[i].name);
        if (b && so->push.layers[i].outcome != RS_LAYER_EXISTED)
            st = cleanup_add(k, b->digest, 0);
    }
    if (st == RS_OK && so->resp.status == 201)
        st = cleanup_add(k, so->digest, 1);
    return st;
}

static int step_push_blob(rs_stepcall *k)
{
    rs_blob *b = rs_ctx_blob(k->c, k->str[RS_P_BLOB]);
    const char *digest = blob_digest(k);
    rs_status st = rs_oci_upload(k->a, k->str[RS_P_REPO], b, method_of(k, RS_P_UPLOAD_METHOD),
                                 (uint64_t)k->num[RS_P_CHUNK_SIZE], k->str[RS_P_DIGEST],
                                 k->str[RS_P_SESSION], &k->ao, &k->so->resp, &k->so->sent, k->err);
    if (st == RS_OK && k->so->resp.status == 201)
        st = cleanup_add(k, digest, 0);
    return st;
}

static int step_mount(rs_stepcall *k)
{
    const char *digest = blob_digest(k), *from = k->str[RS_P_FROM];
    char q[1024], scope[512];
    snprintf(q, sizeof(q), "mount=%s%s%s", digest, from ? "&from=" : "", from ? from : "");
    rs_status st = rs_oci_upload_post(
        k->a, k->str[RS_P_REPO], q, from ? rs_oci_scope(from, "pull", scope, sizeof(scope)) : NULL,
        &k->ao, &k->so->resp, k->err);
    if (st == RS_OK && k->so->resp.status == 201)
        st = cleanup_add(k, digest, 0);
    return st;
}

static int blob_request(rs_stepcall *k, const char *method)
{
    const char *digest = blob_digest(k);
    return rs_oci_blob(k->a, method, k->str[RS_P_REPO], digest, k->str[RS_P_RANGE], &k->ao,
                       &k->so->resp, k->err);
}
static int step_head_blob(rs_stepcall *k)
{
    return blob_request(k, "HEAD");
}
static int step_get_blob(rs_stepcall *k)
{
    return blob_request(k, "GET");
}
/* After a 2xx the step has deleted it: the cleanup need not (a 404 or 405 changes nothing). */
static void deleted(rs_stepcall *k, const char *ref, int is_manifest)
{
    long st = k->so->resp.status;
    if (st == 200 || st == 202 || st == 204)
        rs_ctx_cleanup_forget(k->c, k->str[RS_P_REPO], ref, is_manifest);
}
static int step_delete_blob(rs_stepcall *k)
{
    int st = blob_request(k, "DELETE");
    if (st == RS_OK)
        deleted(k, k->so->digest, 0);
    return st;
}

static int step_start_upload(rs_stepcall *k)
{
    return rs_oci_upload_post(k->a, k->str[RS_P_REPO], NULL, NULL, &k->ao, &k->so->resp, k->err);
}

static int step_put_manifest(rs_stepcall *k)
{
    const char *ct = k->str[RS_P_CONTENT_TYPE], *built_ct = NULL;
    char *body = k->str[RS_P_BODY] ? strdup(k->str[RS_P_BODY]) : NULL;
    if (!k->str[RS_P_BODY]) { /* a failed strdup of the body is out of memory, below */
        rs_manifest_spec spec;
        char *urls[4] = {NULL};
        if (!rs_manifest_arg(k, &spec, urls))
            return RS_OK; /* not sent: the failed check says why */
        body = rs_manifest_build(&spec, &built_ct);
        rs_manifest_arg_free(urls);
    }
    if (!body)
        return step_err(k, RS_ERR_NOMEM, "out of memory building the manifest");
    if (!ct)
        ct = built_ct ? built_ct : "application/vnd.oci.image.manifest.v1+json";
    rs_stepout *so = k->so;
    so->has_manifest = 1;
    snprintf(so->manifest_mt, sizeof(so->manifest_mt), "%s", ct);
    rs_status st = rs_oci_manifest_put(k->a, k->str[RS_P_REPO], k->str[RS_P_REF], body, ct, &k->ao,
                                       &so->resp, so->digest, &so->manifest_size, k->err);
    if (st == RS_OK && so->resp.status == 201)
        st = cleanup_add(k, so->digest, 1);
    free(body);
    return st;
}

static rs_status send_step(rs_stepcall *k, const char *method, const char *url, const char *scope,
                           const char *const *headers, int hash_body)
{
    rs_req req = {.method = method, .url = url, .hash_body = hash_body};
    for (int i = 0; i < 15 && headers && headers[i]; i++)
        req.headers[i] = headers[i];
    return rs_actor_do(k->a, &req, scope, k->ao.mode, k->ao.forge_url, k->ao.forge_kind,
                       &k->so->resp, k->err);
}

static int manifest_request(rs_stepcall *k, const char *method)
{
    char url[4096], acc[512], scope[512];
    snprintf(url, sizeof(url), "%s/v2/%s/manifests/%s", k->a->base_url, k->str[RS_P_REPO],
             k->str[RS_P_REF]);
    snprintf(acc, sizeof(acc), "Accept: %s",
             k->str[RS_P_ACCEPT] ? k->str[RS_P_ACCEPT]
                                 : "application/vnd.oci.image.manifest.v1+json, "
                                   "application/vnd.oci.image.index.v1+json, "
                                   "application/vnd.docker.distribution.manifest.v2+json, "
                                   "application/vnd.docker.distribution.manifest.list.v2+json");
    const char *hdrs[] = {acc, NULL};
    rs_oci_scope(k->str[RS_P_REPO], method[0] == 'D' ? "delete" : "pull", scope, sizeof(scope));
    return send_step(k, method, url, scope, hdrs, 1);
}
static int step_get_manifest(rs_stepcall *k)
{
    return manifest_request(k, "GET");
}
static int step_head_manifest(rs_stepcall *k)
{
    return manifest_request(k, "HEAD");
}
static int step_delete_manifest(rs_stepcall *k)
{
    int st = manifest_request(k, "DELETE");
    if (st == RS_OK)
        deleted(k, k->str[RS_P_REF], 1); /* by tag: no entry (they are digests) */
    return st;
}

/* The URL of a Link header's rel="next" target, resolved against base; malloc'd or NULL. */
static char *next_link(const rs_resp *r, const char *base)
{
    const char *l = rs_resp_header(r, "Link");
    char *target = l ? rs_link_next(l) : NULL;
    char *url = target ? rs_url_resolve(base, target) : NULL;
    free(target);
    return url;
}

#define RS_MAX_PAGES 200

/* No Link: when the page was full (n entries), the next one is asked for with last=<its last
 * entry> (the spec's own way to page); NULL when the page was not full, n was not given, or the
 * page ends where the one before it did (prev: a registry ignoring last is not asked again). */
static char *next_by_last(rs_stepcall *k, const cJSON *page, int tags, char *prev, size_t plen)
{
    const char *n = k->str[RS_P_N];
    int count = cJSON_GetArraySize(page);
    const cJSON *e = count ? cJSON_GetArrayItem(page, count - 1) : NULL;
    if (!n || atoi(n) <= 0 || count != atoi(n) || !cJSON_IsString(e) ||
        strcmp(prev, e->valuestring) == 0)
        return NULL;
    snprintf(prev, plen, "%s", e->valuestring);
    char url[4096];
    snprintf(url, sizeof(url), "%s/v2/%s%s?n=%s&last=%s", k->a->base_url,
             tags ? k->str[RS_P_REPO] : "", tags ? "/tags/list" : "_catalog", n, e->valuestring);
    return strdup(url);
}

/* Appends page's entries to list; returns a copy of page (the newest page), or NULL. */
static cJSON *merge_page(cJSON *list, const char *body, const char *field)
{
    cJSON *more = cJSON_Parse(body), *e;
    cJSON *page = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(more, field), 1);
    cJSON_ArrayForEach(e, page) cJSON_AddItemToArray(list, cJSON_Duplicate(e, 0));
    cJSON_Delete(more);
    return page;
}

/* pages: all -- follows Link rel="next" (or, without Link, last= after a full page) and merges
 * every page's list into the step's body. */
static rs_status follow_pages(rs_stepcall *k, const char *field, const char *scope)
{
    rs_status st = RS_OK;
    cJSON *merged = cJSON_Parse(rs_buf_str(&k->so->resp.body));
    cJSON *list = cJSON_GetObjectItemCaseSensitive(merged, field);
    cJSON *page = cJSON_Duplicate(list, 1);
    char prev[512] = "";
    /* the merged list is kept to what one body may hold: a registry paging forever with big
     * pages ends as a body over the kept size (its checks fail naming the limit), not a storm */
    size_t total = k->so->resp.body.len;
    int over = k->so->resp.body.truncated;
    for (int n = 1; n < RS_MAX_PAGES && !over && cJSON_IsArray(list) && k->so->resp.status == 200;
         n++) {
        char *next = next_link(&k->so->resp, k->a->base_url);
        if (!next &&
            !(next = next_by_last(k, page, strcmp(field, "tags") == 0, prev, sizeof(prev))))
            break;
        rs_resp_free(&k->so->resp);
        st = send_step(k, "GET", next, scope, NULL, 0);
        free(next);
        if (st != RS_OK)
            break;
        total += k->so->resp.body.len;
        if ((over = k->so->resp.body.truncated || total > RS_HTTP_BODY_KEEP))
            break;
        cJSON_Delete(page);
        page = merge_page(list, rs_buf_str(&k->so->resp.body), field);
    }
    cJSON_Delete(page);
    k->so->resp.body.truncated |= over;
    char *txt = cJSON_IsArray(list) && !over ? cJSON_PrintUnformatted(merged) : NULL;
    if (txt) {
        rs_buf_free(&k->so->resp.body);
        if (rs_buf_add(&k->so->resp.body, txt, strlen(txt)) != 0)
            st = step_err(k, RS_ERR_NOMEM, "out of memory merging pages");
    }
    free(txt);
    cJSON_Delete(merged);
    return st;
}

static int list_request(rs_stepcall *k, int tags)
{
    const char *n = k->str[RS_P_N], *last = k->str[RS_P_LAST];
    char url[4096], scope[512];
    snprintf(url, sizeof(url), "%s/v2/%s%s%s%s%s%s%s", k->a->base_url,
             tags ? k->str[RS_P_REPO] : "", tags ? "/tags/list" : "_catalog", n || last ? "?" : "",
             n ? "n=" : "", n ? n : "", last ? (n ? "&last=" : "last=") : "", last ? last : "");
    const char *sc =
        tags ? rs_oci_scope(k->str[RS_P_REPO], "pull", scope, sizeof(scope)) : "registry:catalog:*";
    rs_status st = send_step(k, "GET", url, sc, NULL, 0);
    if (st != RS_OK || !k->str[RS_P_PAGES] || strcmp(k->str[RS_P_PAGES], "all") != 0)
        return st;
    return follow_pages(k, tags ? "tags" : "repositories", sc);
}
static int step_tags_list(rs_stepcall *k)
{
    return list_request(k, 1);
}
static int step_catalog(rs_stepcall *k)
{
    return list_request(k, 0);
}

#define RS_MAX_REQ_HEADERS 15

/* The request step's URL: url, or path below the registry's, with the query parameters added by
 * rs_url_add_query; malloc'd. NULL: *expanded 0 when a value could not be expanded (a failed check
 * was recorded), else out of memory. */
static char *request_url(rs_stepcall *k, int *expanded)
{
    const char *full = k->str[RS_P_URL];
    size_t len = strlen(k->a->base_url) + strlen(full ? full : k->str[RS_P_PATH]) + 1;
    char *url = malloc(len);
    if (url)
        snprintf(url, len, "%s%s", full ? "" : k->a->base_url, full ? full : k->str[RS_P_PATH]);
    const rs_val *qm = k->s->args[RS_P_QUERY];
    *expanded = 1;
    for (int i = 0; url && qm && i < qm->nitems; i++) {
        char *val = rs_ctx_expand(k->c, k->s, k->idx, "query", &qm->items[i], RS_X_ARG);
        char *next = val ? rs_url_add_query(url, qm->items[i].key, val) : NULL;
        *expanded = val != NULL;
        free(val);
        free(url);
        url = next;
    }
    return url;
}

static int step_request(rs_stepcall *k)
{
    rs_ctx *c = k->c;
    int expanded;
    char *url = request_url(k, &expanded);
    if (!url)
        return expanded ? step_err(k, RS_ERR_NOMEM, "the URL could not be built") : RS_OK;
    rs_req req = {.method = k->str[RS_P_HTTP_METHOD], .url = url};
    char *hdrs[RS_MAX_REQ_HEADERS] = {0};
    const rs_val *hm = k->s->args[RS_P_HEADERS];
    int nh = 0, ok = 1;
    for (int i = 0; hm && i < hm->nitems && ok; i++) { /* at most RS_MAX_REQ_HEADERS: at load */
        char *val = rs_ctx_expand(c, k->s, k->idx, "headers", &hm->items[i], RS_X_ARG);
        size_t len = val ? strlen(val) + strlen(hm->items[i].key) + 3 : 0;
        ok = val && (hdrs[nh] = malloc(len));
        if (ok)
            snprintf(hdrs[nh], len, "%s: %s", hm->items[i].key, val);
        req.headers[nh] = hdrs[nh];
        nh += ok;
        free(val);
    }
    rs_blob_reader rd;
    rs_blob *bb = rs_ctx_blob(c, k->str[RS_P_BODY_BLOB]);
    if (bb) {
        rs_blob_reader_init(&rd, bb, 0, bb->size);
        req.stream = &rd;
    } else if (k->str[RS_P_BODY]) {
        req.body = k->str[RS_P_BODY];
        req.body_len = strlen(k->str[RS_P_BODY]);
    }
    /* with explicit scopes, the request gets exactly those: no retry with the challenge's;
     * without, the repository its URL names, up front (a 401 then adds the challenge's) */
    const char *sc = k->str[RS_P_SCOPES];
    rs_auth_mode mode = sc && k->ao.mode == RS_AUTH_AUTO ? RS_AUTH_EXACT : k->ao.mode;
    char guess[1100];
    if (!sc && mode == RS_AUTH_AUTO)
        sc = rs_oci_scope_of_url(url, guess, sizeof(guess));
    rs_status st = RS_OK;
    if (ok)
        st = rs_actor_do(k->a, &req, sc, mode, k->ao.forge_url, k->ao.forge_kind, &k->so->resp,
                         k->err);
    k->so->sent = k->so->resp.sent_bytes;
    char repo[512], ref[200]; /* what a 201 created, for the cleanup */
    int made = st == RS_OK && rs_url_same_origin(url, k->a->base_url) /* the target's own */
                   ? rs_oci_created(url, &k->so->resp, repo, sizeof(repo), ref, sizeof(ref))
                   : 0;
    if (made && rs_ctx_cleanup_add(c, k->a, repo, ref, made == 2) != 0)
        st = step_err(k, RS_ERR_NOMEM, "out of memory");
    for (int i = 0; i < nh; i++)
        free(hdrs[i]);
    free(url);
    return ok ? st : step_err(k, RS_ERR_NOMEM, "a header could not be built");
}

/* ---- the table ---------------------------------------------------------------------------- */

#define P(id)                                                                                      \
    {                                                                                              \
        id, 0                                                                                      \
    }
#define R(id)                                                                                      \
    {                                                                                              \
        id, 1                                                                                      \
    }
#define END                                                                                        \
    {                                                                                              \
        RS_P_COUNT, 0                                                                              \
    }
#define BLOB_STEP(name, doc, fn, reads, ...)                                                       \
    {                                                                                              \
        name, doc, {R(RS_P_AS), R(RS_P_REPO), P(RS_P_BLOB), P(RS_P_DIGEST), __VA_ARGS__}, fn,      \
            RS_EITHER_ANY, {RS_P_BLOB, RS_P_DIGEST}, reads                                         \
    }

static const rs_step_kind KINDS[] = {
    {"push_image",
     "docker push: HEAD each layer, mount or upload what is missing, then put the manifest; "
     "records per layer whether it existed, was mounted or uploaded",
     {R(RS_P_AS), R(RS_P_REPO), P(RS_P_TAG), R(RS_P_LAYERS), P(RS_P_CONFIG), P(RS_P_MOUNT_FROM),
      P(RS_P_MEDIA_TYPE), P(RS_P_UPLOAD), P(RS_P_CHUNK_SIZE), END},
     step_push_image,
     RS_EITHER_NONE,
     {RS_P_COUNT, RS_P_COUNT},
     0},
    {"push_blob",
     "uploads one blob (POST, then PUT or PATCHes and PUT)",
     {R(RS_P_AS), R(RS_P_REPO), R(RS_P_BLOB), P(RS_P_UPLOAD_METHOD), P(RS_P_CHUNK_SIZE),
      P(RS_P_DIGEST), P(RS_P_SESSION), P(RS_P_AUTH), END},
     step_push_blob,
     RS_EITHER_NONE,
     {RS_P_COUNT, RS_P_COUNT},
     0},
    BLOB_STEP("mount", "POST ?mount=<digest>[&from=<repo>]: 201 mounted, 202 an upload session",
              step_mount, 0, P(RS_P_FROM), P(RS_P_AUTH), END),
    BLOB_STEP("head_blob", "HEAD /v2/<repo>/blobs/<digest>", step_head_blob, 1, P(RS_P_RANGE),
              P(RS_P_AUTH), END),
    BLOB_STEP("get_blob", "GET /v2/<repo>/blobs/<digest>; the body is hashed as it streams",
              step_get_blob, 1, P(RS_P_RANGE), P(RS_P_AUTH), END),
    BLOB_STEP("delete_blob", "DELETE /v2/<repo>/blobs/<digest>", step_delete_blob, 0, P(RS_P_AUTH),
              END),
    {"start_upload",
     "POST /v2/<repo>/blobs/uploads/: opens an upload session (save its location)",
     {R(RS_P_AS), R(RS_P_REPO), P(RS_P_AUTH), END},
     step_start_upload,
     RS_EITHER_NONE,
     {RS_P_COUNT, RS_P_COUNT},
     0},
    {"put_manifest",
     "PUT /v2/<repo>/manifests/<ref> of a manifest built from blobs and saved manifests, or of a "
     "literal body",
     {R(RS_P_AS), R(RS_P_REPO), P(RS_P_REF), P(RS_P_MANIFEST), P(RS_P_BODY), P(RS_P_CONTENT_TYPE),
      P(RS_P_AUTH), END},
     step_put_manifest,
     RS_EITHER_ONE,
     {RS_P_MANIFEST, RS_P_BODY},
     0},
    {"get_manifest",
     "GET /v2/<repo>/manifests/<ref>",
     {R(RS_P_AS), R(RS_P_REPO), R(RS_P_REF), P(RS_P_ACCEPT), P(RS_P_AUTH), END},
     step_get_manifest,
     RS_EITHER_NONE,
     {RS_P_COUNT, RS_P_COUNT},
     1},
    {"head_manifest",
     "HEAD /v2/<repo>/manifests/<ref>",
     {R(RS_P_AS), R(RS_P_REPO), R(RS_P_REF), P(RS_P_ACCEPT), P(RS_P_AUTH), END},
     step_head_manifest,
     RS_EITHER_NONE,
     {RS_P_COUNT, RS_P_COUNT},
     1},
    {"delete_manifest",
     "DELETE /v2/<repo>/manifests/<ref>",
     {R(RS_P_AS), R(RS_P_REPO), R(RS_P_REF), P(RS_P_AUTH), END},
     step_delete_manifest,
     RS_EITHER_NONE,
     {RS_P_COUNT, RS_P_COUNT},
     0},
    {"tags_list",
     "GET /v2/<repo>/tags/list[?n=&last=]",
     {R(RS_P_AS), R(RS_P_REPO), P(RS_P_N), P(RS_P_LAST), P(RS_P_PAGES), P(RS_P_AUTH), END},
     step_tags_list,
     RS_EITHER_NONE,
     {RS_P_COUNT, RS_P_COUNT},
     1},
    {"catalog",
     "GET /v2/_catalog[?n=&last=]",
     {R(RS_P_AS), P(RS_P_N), P(RS_P_LAST), P(RS_P_PAGES), P(RS_P_AUTH), END},
     step_catalog,
     RS_EITHER_NONE,
     {RS_P_COUNT, RS_P_COUNT},
     1},
    {"request",
     "any request: a method, a path or url, query parameters, headers, a body or a blob as body",
     {R(RS_P_AS), R(RS_P_HTTP_METHOD), P(RS_P_PATH), P(RS_P_URL), P(RS_P_QUERY), P(RS_P_HEADERS),
      P(RS_P_BODY), P(RS_P_BODY_BLOB), P(RS_P_SCOPES), P(RS_P_AUTH), END},
     step_request,
     RS_EITHER_ONE,
     {RS_P_PATH, RS_P_URL},
     0},
    {"wait",
     "sends nothing: waits until the tokens `as` holds are due for renewal, and 1 s more (a 2 s "
     "token has run out), if that is at most `seconds` away, else not at all; its status is 200",
     {R(RS_P_AS), R(RS_P_SECONDS), END},
     rs_step_wait,
     RS_EITHER_NONE,
     {RS_P_COUNT, RS_P_COUNT},
     0},
    {"concurrently",
     "sends its steps at once, each in its own thread and connection, `times` rounds; joins them "
     "all, then makes their checks count and their saves in order (steps_race.c)",
     {R(RS_P_STEPS), P(RS_P_TIMES), END},
     rs_step_concurrently,
     RS_EITHER_NONE,
     {RS_P_COUNT, RS_P_COUNT},
     0},
};

const rs_step_kind *rs_step_kinds(int *n)
{
    *n = (int)(sizeof(KINDS) / sizeof(KINDS[0]));
    return KINDS;
}

const rs_step_kind *rs_step_kind_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof(KINDS) / sizeof(KINDS[0]); i++)
        if (strcmp(KINDS[i].name, name) == 0)
            return &KINDS[i];
    return NULL;
}

int rs_applies(const char *steps, const rs_step_kind *k)
{
    size_t n = strlen(k->name);
    for (const char *p = steps; p && (p = strstr(p, k->name)); p += n)
        if ((p == steps || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return steps == NULL;
}

/* ---- running a step ------------------------------------------------------------------------ */

/* Expands the scalar arguments; 0 after a failed check was recorded. */
static int expand_args(rs_stepcall *k)
{
    for (int id = 0; id < RS_P_COUNT; id++) {
        const rs_val *v = k->s->args[id];
        const rs_vtype *t = &RS_PARAMS[id].type;
        if (!v || t->shape != RS_C_ONE || t->base == RS_B_ROLE || t->base == RS_B_MANIFEST)
            continue;
        if (t->base == RS_B_ENUM) {
            k->num[id] = v->num;
            k->str[id] = strdup(v->text);
        } else {
            k->str[id] = rs_ctx_expand(k->c, k->s, k->idx, RS_PARAMS[id].name, v,
                                       t->nonempty ? RS_X_NONEMPTY : RS_X_ARG);
            if (!k->str[id])
                return 0;
            if (t->base == RS_B_INT &&
                (k->num[id] =
                     rs_ctx_expand_int(k->c, k->s, k->idx, RS_PARAMS[id].name, v, RS_X_ARG)) < 0)
                return 0;
            if (id == RS_P_CHUNK_SIZE && k->num[id] < 1) { /* argrules.c refuses a literal 0 */
                rs_ctx_fail(k->c, k->s, k->idx, v->line, v->col, "chunk_size", k->str[id],
                            "'%s' expands to 0: chunk_size must be at least 1 byte", v->text);
                return 0;
            }
        }
    }
    return 1;
}

static rs_authopt auth_opt(const rs_stepcall *k)
{
    const char *m = k->str[RS_P_AUTH];
    rs_authopt o = {RS_AUTH_AUTO, rs_target_feature(k->c->o->target, "forged_tokens"), NULL};
    if (m && strcmp(m, "none") == 0)
        o.mode = RS_AUTH_NONE;
    else if (m && strcmp(m, "auto") != 0) {
        o.mode = RS_AUTH_FORGED;
        o.forge_kind = m;
    }
    return o;
}

rs_status rs_step_exec(rs_ctx *c, const rs_step *s, int idx, rs_actor *a, rs_stepout *so, int *sent,
                       rs_err *err)
{
    rs_stepcall k = {.c = c, .s = s, .idx = idx, .a = a, .so = so, .err = err};
    rs_status st = RS_OK;
    *sent = 0;
    if (expand_args(&k)) {
        k.ao = auth_opt(&k);
        st = (rs_status)s->kind->run(&k);
        *sent = !k.not_sent;
    }
    for (int id = 0; id < RS_P_COUNT; id++)
        free(k.str[id]);
    return st;
}
