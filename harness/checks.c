#include "checks.h"
#include "json.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void fail(rs_checkcall *k, const rs_val *v, const char *actual, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail(rs_checkcall *k, const rs_val *v, const char *actual, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    rs_ctx_fail(k->c, k->s, k->idx, v->line, v->col, k->ck->kind->name, actual, "%s", msg);
}

static char *xp(rs_checkcall *k, const rs_val *v)
{
    return rs_ctx_expand(k->c, k->s, k->idx, k->ck->kind->name, v,
                         RS_X_CHECK | (k->ck->kind->type.nonempty ? RS_X_NONEMPTY : 0));
}

/* The reason a cut body is never parsed, for messages. */
#define OVER_KEPT "the body is over the " RS_HTTP_BODY_KEEP_TEXT " regsuite keeps of a response"

int rs_error_codes(const rs_resp *r, char *out, size_t len)
{
    int oom = 0;
    cJSON *j = r->body.len && !r->body.truncated ? rs_json_parse(rs_buf_str(&r->body), &oom) : NULL;
    const cJSON *e, *errors = cJSON_GetObjectItemCaseSensitive(j, "errors");
    out[0] = '\0';
    if (cJSON_IsArray(errors))
        cJSON_ArrayForEach(e, errors)
        {
            const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
            if (cJSON_IsString(code))
                snprintf(out + strlen(out), len - strlen(out), "%s%s", out[0] ? "," : "",
                         code->valuestring);
        }
    cJSON_Delete(j);
    return oom;
}

/* ---- statuses and error codes ------------------------------------------------------------ */

/* Whether status is one of the values (1), none (0), or a value could not be expanded (-1). */
static int status_in(rs_checkcall *k, char *shown, size_t len)
{
    const rs_val *v = &k->ck->val;
    int hit = 0;
    shown[0] = '\0';
    for (int i = 0; i < v->nitems; i++) {
        long long want =
            rs_ctx_expand_int(k->c, k->s, k->idx, k->ck->kind->name, &v->items[i], RS_X_CHECK);
        if (want < 0)
            return -1;
        snprintf(shown + strlen(shown), len - strlen(shown), "%s%lld", i ? ", " : "", want);
        hit |= want == k->so->resp.status;
    }
    return hit;
}

/* " (429 Too Many Requests: still refused after 3 retries: ...)" when the answer is a refusal
 * that stood (http.c), else "": a failed status names the retries. */
static const char *retry_note(const rs_resp *r, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s%s", r->retry_note[0] ? " (" : "", r->retry_note,
             r->retry_note[0] ? ")" : "");
    return buf;
}

static void check_status(rs_checkcall *k)
{
    char shown[256], note[300];
    if (status_in(k, shown, sizeof(shown)) == 0)
        fail(k, &k->ck->val, k->status, "expected %s, got %s%s", shown, k->status,
             retry_note(&k->so->resp, note, sizeof(note)));
}

static void check_status_not(rs_checkcall *k)
{
    char shown[256];
    if (status_in(k, shown, sizeof(shown)) == 1)
        fail(k, &k->ck->val, k->status, "must not be any of %s, got %s", shown, k->status);
}

static void check_error_code(rs_checkcall *k)
{
    char got[512], shown[256] = "", codes[512];
    if (rs_error_codes(&k->so->resp, got, sizeof(got)))
        k->c->nomem = 1; /* an ERROR, not a verdict on the body */
    const rs_val *v = &k->ck->val;
    int hit = 0;
    for (int i = 0; i < v->nitems; i++) {
        char *want = xp(k, &v->items[i]);
        if (!want)
            return;
        snprintf(shown + strlen(shown), sizeof(shown) - strlen(shown), "%s%s", i ? ", " : "", want);
        snprintf(codes, sizeof(codes), "%s", got);
        for (char *sv = NULL, *code = strtok_r(codes, ",", &sv); code;
             code = strtok_r(NULL, ",", &sv))
            hit |= strcmp(code, want) == 0;
        free(want);
    }
    if (!hit)
        fail(k, v, got[0] ? got : k->status, "expected error code %s, got %s (status %s)", shown,
             got[0]                       ? got
             : k->so->resp.body.truncated ? "no errors[] read: " OVER_KEPT
                                          : "no errors[] in the body",
             k->status);
}

/* ---- headers ---------------------------------------------------------------------------- */

static const char *path_of(const char *url)
{
    const char *p = strstr(url, "://");
    return p ? (strchr(p + 3, '/') ? strchr(p + 3, '/') : "/") : url;
}

/* header (exact), header_prefix, header_contains: each named header against its value. */
static void header_compare(rs_checkcall *k, int mode /* 0 exact, 1 prefix, 2 contains */)
{
    static const char *how[] = {"", "a prefix ", "to contain "};
    const rs_val *v = &k->ck->val;
    for (int i = 0; i < v->nitems; i++) {
        const char *h = v->items[i].key;
        char *want = xp(k, &v->items[i]);
        if (!want)
            return;
        const char *got = rs_resp_header(&k->so->resp, h), *cmp = got;
        char *abs = NULL; /* any form of Location (RFC 3986 5.2), resolved: its path is compared */
        if (got && strcasecmp(h, "Location") == 0 && want[0] == '/') {
            abs = k->so->resp.url ? rs_url_resolve(k->so->resp.url, got) : NULL;
            cmp = path_of(abs ? abs : got);
        }
        int ok = cmp && (mode == 0   ? strcmp(cmp, want) == 0
                         : mode == 1 ? strncmp(cmp, want, strlen(want)) == 0
                                     : strstr(cmp, want) != NULL);
        if (!ok)
            fail(k, &v->items[i], got ? got : "absent", "%s: expected %s'%s', got %s%s%s", h,
                 how[mode], want, got ? "'" : "", got ? got : "no such header", got ? "'" : "");
        free(abs);
        free(want);
    }
}
static void check_header(rs_checkcall *k)
{
    header_compare(k, 0);
}
static void check_header_prefix(rs_checkcall *k)
{
    header_compare(k, 1);
}
static void check_header_contains(rs_checkcall *k)
{
    header_compare(k, 2);
}

static void header_presence(rs_checkcall *k, int present)
{
    const rs_val *v = &k->ck->val;
    for (int i = 0; i < v->nitems; i++) {
        const char *h = v->items[i].text, *got = rs_resp_header(&k->so->resp, h);
        if (present && !got)
            fail(k, &v->items[i], "absent", "header %s is missing", h);
        if (!present && got)
            fail(k, &v->items[i], got, "header %s must be absent, got '%s'", h, got);
    }
}
static void check_header_present(rs_checkcall *k)
{
    header_presence(k, 1);
}
static void check_header_absent(rs_checkcall *k)
{
    header_presence(k, 0);
}

static void check_no_header_mentions(rs_checkcall *k)
{
    const rs_val *v = &k->ck->val;
    const rs_resp *r = &k->so->resp;
    for (int i = 0; i < v->nitems; i++) {
        char *needle = xp(k, &v->items[i]);
        if (!needle)
            return;
        for (int h = 0; h < r->nheaders; h++)
            if (strstr(r->headers[h].value, needle))
                fail(k, &v->items[i], r->headers[h].name, "header %s names '%s': '%s'",
                     r->headers[h].name, needle, r->headers[h].value);
        free(needle);
    }
}

/* ---- bodies ------------------------------------------------------------------------------ */

/* The body hashes to one of the listed digests (blob names or digests; one is a list of one). */
static void check_body_digest(rs_checkcall *k)
{
    const rs_val *v = &k->ck->val;
    const rs_resp *r = &k->so->resp;
    char wants[1024] = "";
    for (int i = 0; i < v->nitems; i++) {
        const rs_val *it = &v->items[i];
        rs_blob *b = it->is_template ? NULL : rs_ctx_blob(k->c, it->text);
        char *want = b ? strdup(b->digest) : xp(k, it);
        if (!want)
            return;
        int hit = strcmp(want, r->body_digest) == 0;
        snprintf(wants + strlen(wants), sizeof(wants) - strlen(wants), "%s%s", i ? " or " : "",
                 want);
        free(want);
        if (hit)
            return;
    }
    fail(k, v->nitems ? &v->items[0] : v, r->body_digest[0] ? r->body_digest : "none",
         "the body (%" PRIu64 " bytes) hashes to %s, expected %s", r->body_bytes,
         r->body_digest[0] ? r->body_digest : "nothing", wants);
}

static void check_body_size(rs_checkcall *k)
{
    long long want = rs_ctx_expand_int(k->c, k->s, k->idx, "body_size", &k->ck->val, RS_X_CHECK);
    if (want >= 0 && (uint64_t)want != k->so->resp.body_bytes)
        fail(k, &k->ck->val, k->status, "expected %lld body bytes, got %" PRIu64, want,
             k->so->resp.body_bytes);
}

/* 1 when the body was kept whole; else a failed check: a cut body is never searched. */
static int body_whole(rs_checkcall *k)
{
    if (!k->so->resp.body.truncated)
        return 1;
    fail(k, &k->ck->val, "over-cap",
         "the body (%" PRIu64 " bytes) is over the %d bytes regsuite keeps to read: not searched",
         k->so->resp.body_bytes, RS_HTTP_BODY_KEEP);
    return 0;
}

static void check_body_contains(rs_checkcall *k)
{
    if (!body_whole(k))
        return;
    char *want = xp(k, &k->ck->val);
    if (want && !strstr(rs_buf_str(&k->so->resp.body), want))
        fail(k, &k->ck->val, k->status, "the body does not contain '%s'", want);
    free(want);
}

static void check_body_excludes(rs_checkcall *k)
{
    const rs_val *v = &k->ck->val;
    if (!body_whole(k))
        return;
    for (int i = 0; i < (v->nitems ? v->nitems : 1); i++) {
        const rs_val *one = v->nitems ? &v->items[i] : v;
        char *bad = xp(k, one);
        if (bad && strstr(rs_buf_str(&k->so->resp.body), bad))
            fail(k, one, k->status, "the body contains '%s', which it must not", bad);
        free(bad);
    }
}

/* The requests the scenario's probe received so far (the loader requires probe: true). */
static void check_probe_requests(rs_checkcall *k)
{
    long long want =
        rs_ctx_expand_int(k->c, k->s, k->idx, "probe_requests", &k->ck->val, RS_X_CHECK);
    long got = k->c->probe ? rs_probe_count(k->c->probe) : -1;
    char g[32];
    snprintf(g, sizeof(g), "%ld", got);
    if (want >= 0 && got != want)
        fail(k, &k->ck->val, g,
             "the probe at %s received %ld request(s), expected %lld: the registry fetched a URL "
             "it was only given to store",
             k->c->probe ? rs_probe_url(k->c->probe) : "(none)", got, want);
}

static void check_content_digest(rs_checkcall *k)
{
    const rs_resp *r = &k->so->resp;
    const char *h = rs_resp_header(r, "Docker-Content-Digest");
    if (k->ck->val.num && (!h || strcmp(h, r->body_digest) != 0))
        fail(k, &k->ck->val, h ? h : "absent",
             "Docker-Content-Digest %s%s%s does not match the body's %s", h ? "'" : "",
             h ? h : "is absent and", h ? "'" : "",
             r->body_digest[0] ? r->body_digest : "(no body was hashed)");
}

/* ---- pushes ------------------------------------------------------------------------------ */

static void check_uploaded_bytes(rs_checkcall *k)
{
    long long want =
        rs_ctx_expand_int(k->c, k->s, k->idx, "uploaded_bytes", &k->ck->val, RS_X_CHECK);
    uint64_t got = k->so->is_push ? k->so->push.uploaded_bytes : k->so->sent;
    char g[32];
    snprintf(g, sizeof(g), "%" PRIu64, got);
    if (want >= 0 && (uint64_t)want != got)
        fail(k, &k->ck->val, g, "expected %lld layer bytes uploaded, got %" PRIu64, want, got);
}

static void check_layers(rs_checkcall *k)
{
    const rs_val *v = &k->ck->val;
    for (int i = 0; i < v->nitems; i++) {
        const char *got = "not pushed";
        for (int l = 0; l < k->so->push.nlayers; l++)
            if (strcmp(k->so->push.layers[l].name, v->items[i].key) == 0)
                got = rs_layer_outcome_name(k->so->push.layers[l].outcome);
        if (strcmp(got, v->items[i].text) != 0)
            fail(k, &v->items[i], got, "layer %s: expected %s, got %s", v->items[i].key,
                 v->items[i].text, got);
    }
}

/* ---- lists in JSON bodies (tags, repositories, manifests, ...) ---------------------------- */

/* The body's array under field, or NULL; *j must be freed with cJSON_Delete. */
static const cJSON *body_list(rs_checkcall *k, const char *field, cJSON **j)
{
    const rs_resp *r = &k->so->resp;
    int oom = 0;
    *j = r->body.len && !r->body.truncated ? rs_json_parse(rs_buf_str(&r->body), &oom) : NULL;
    if (oom)
        k->c->nomem = 1; /* the list is there; regsuite could not read it: an ERROR */
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(*j, field);
    return cJSON_IsArray(a) ? a : NULL;
}

static void names_listed(rs_checkcall *k, const char *field, int include)
{
    cJSON *j;
    const cJSON *arr = body_list(k, field, &j), *e;
    const rs_val *v = &k->ck->val;
    if (!arr)
        fail(k, v, k->status, "the body has no %s list%s", field,
             k->so->resp.body.truncated ? " that regsuite read: " OVER_KEPT : "");
    for (int i = 0; arr && i < v->nitems; i++) {
        char *want = xp(k, &v->items[i]);
        if (!want)
            break;
        size_t wl = strlen(want);
        int prefix = want[wl - 1] == '*', found = 0;
        cJSON_ArrayForEach(e, arr) found |=
            cJSON_IsString(e) && (prefix ? strncmp(e->valuestring, want, wl - 1) == 0
                                         : strcmp(e->valuestring, want) == 0);
        if (include && !found)
            fail(k, &v->items[i], k->status, "'%s' is not in %s", want, field);
        if (!include && found)
            fail(k, &v->items[i], "listed", "'%s' must not be listed in %s, but is", want, field);
        free(want);
    }
    cJSON_Delete(j);
}
static void check_tags_include(rs_checkcall *k)
{
    names_listed(k, "tags", 1);
}
static void check_tags_exclude(rs_checkcall *k)
{
    names_listed(k, "tags", 0);
}
static void check_repos_include(rs_checkcall *k)
{
    names_listed(k, "repositories", 1);
}
static void check_repos_exclude(rs_checkcall *k)
{
    names_listed(k, "repositories", 0);
}

/* The list under field must have want entries (at_most: no more than want). */
static void count_entries(rs_checkcall *k, const rs_val *v, const char *field, int at_most)
{
    long long want = rs_ctx_expand_int(k->c, k->s, k->idx, k->ck->kind->name, v, RS_X_CHECK);
    cJSON *j;
    const cJSON *arr = body_list(k, field, &j);
    long long got = arr ? cJSON_GetArraySize(arr) : -1;
    char g[32];
    snprintf(g, sizeof(g), "%lld", got);
    if (want >= 0 && !arr)
        fail(k, v, k->status, "the body has no %s list%s", field,
             k->so->resp.body.truncated ? " that regsuite read: " OVER_KEPT : "");
    else if (want >= 0 && (at_most ? got > want : got != want))
        fail(k, v, g, "expected %s%lld entries in %s, got %lld", at_most ? "at most " : "", want,
             field, got);
    cJSON_Delete(j);
}
static void check_tags_count(rs_checkcall *k)
{
    count_entries(k, &k->ck->val, "tags", 0);
}
static void check_tags_count_max(rs_checkcall *k)
{
    count_entries(k, &k->ck->val, "tags", 1);
}

static void check_json_count(rs_checkcall *k)
{
    for (int i = 0; i < k->ck->val.nitems; i++)
        count_entries(k, &k->ck->val.items[i], k->ck->val.items[i].key, 0);
}

/* The spec: "the tags MUST be in lexical order (i.e. case-insensitive alphanumeric order)".
 * Case-insensitive order is what it names; byte order is also accepted, since "lexical" is read
 * that way by registries and clients alike and the two agree except on case. */
static void check_tags_sorted(rs_checkcall *k)
{
    cJSON *j;
    const cJSON *tags = body_list(k, "tags", &j), *e;
    const char *prev = NULL, *after = NULL, *before = NULL;
    int bytes_ok = 1, nocase_ok = 1;
    cJSON_ArrayForEach(e, tags)
    {
        if (!cJSON_IsString(e))
            continue;
        if (prev && strcmp(prev, e->valuestring) > 0)
            bytes_ok = 0;
        if (prev && strcasecmp(prev, e->valuestring) > 0 && nocase_ok) {
            nocase_ok = 0;
            after = e->valuestring;
            before = prev;
        }
        prev = e->valuestring;
    }
    if (!tags)
        fail(k, &k->ck->val, k->status, "the body has no tags list%s",
             k->so->resp.body.truncated ? " that regsuite read: " OVER_KEPT : "");
    else if (k->ck->val.num && !bytes_ok && !nocase_ok) /* "unsorted": the order varies by run */
        fail(k, &k->ck->val, "unsorted",
             "tags are in neither case-insensitive nor byte order ('%s' after '%s')", after,
             before);
    cJSON_Delete(j);
}

/* ---- the table ---------------------------------------------------------------------------- */

static const char *const OUTCOME_WORDS[] = {"existed", "mounted", "uploaded", NULL};
#define T(base, shape, nonempty)                                                                   \
    {                                                                                              \
        base, shape, NULL, nonempty                                                                \
    }
#define ANY NULL
#define PUSHES "push_image,push_blob,request"
#define TAGS "tags_list,request"
#define REPOS "catalog,request"
#define BODIES "get_blob,get_manifest,request" /* steps whose answer has a body to hash */

static const rs_check_kind CHECKS[] = {
    {"status", T(RS_B_INT, RS_C_ONE_OR_LIST, 1), ANY, check_status,
     "the HTTP status is one of these"},
    {"status_not", T(RS_B_INT, RS_C_ONE_OR_LIST, 1), ANY, check_status_not,
     "the HTTP status is none of these"},
    {"error_code", T(RS_B_STR, RS_C_ONE_OR_LIST, 1), ANY, check_error_code,
     "the body's errors[] holds one of these codes"},
    {"header", T(RS_B_STR, RS_C_MAP, 0), ANY, check_header,
     "each header equals its value (a Location is resolved against the request URL first)"},
    {"header_prefix", T(RS_B_STR, RS_C_MAP, 1), ANY, check_header_prefix,
     "each header starts with its value"},
    {"header_contains", T(RS_B_STR, RS_C_MAP, 1), ANY, check_header_contains,
     "each header contains its value"},
    {"header_present", T(RS_B_STR, RS_C_LIST, 1), ANY, check_header_present,
     "these headers are sent"},
    {"header_absent", T(RS_B_STR, RS_C_LIST, 1), ANY, check_header_absent,
     "these headers are not sent"},
    {"no_header_mentions", T(RS_B_STR, RS_C_LIST, 1), ANY, check_no_header_mentions,
     "no header value contains any of these strings"},
    {"body_digest", T(RS_B_DIGEST, RS_C_ONE_OR_LIST, 1), BODIES, check_body_digest,
     "the body hashes to this digest (or to this blob's), or to one of a list of them"},
    {"body_size", T(RS_B_INT, RS_C_ONE, 1), ANY, check_body_size, "the body has this many bytes"},
    {"body_contains", T(RS_B_STR, RS_C_ONE, 1), ANY, check_body_contains,
     "the body contains this text"},
    {"body_excludes", T(RS_B_STR, RS_C_ONE_OR_LIST, 1), ANY, check_body_excludes,
     "the body contains none of these texts"},
    {"probe_requests", T(RS_B_INT, RS_C_ONE, 1), ANY, check_probe_requests,
     "the scenario's probe (probe: true) has received this many requests so far"},
    {"content_digest", T(RS_B_BOOL, RS_C_ONE, 1), BODIES, check_content_digest,
     "true: Docker-Content-Digest equals the body's digest"},
    {"uploaded_bytes", T(RS_B_INT, RS_C_ONE, 1), PUSHES, check_uploaded_bytes,
     "layer bytes sent (push_image: config excluded; push_blob, request: body bytes)"},
    {"layers",
     {RS_B_ENUM, RS_C_MAP, OUTCOME_WORDS, 1},
     "push_image",
     check_layers,
     "per layer of push_image: existed, mounted or uploaded"},
    {"tags_include", T(RS_B_STR, RS_C_LIST, 1), TAGS, check_tags_include,
     "the tags list holds these (x* matches a prefix)"},
    {"tags_exclude", T(RS_B_STR, RS_C_LIST, 1), TAGS, check_tags_exclude,
     "the tags list holds none of these"},
    {"tags_count", T(RS_B_INT, RS_C_ONE, 1), TAGS, check_tags_count,
     "the tags list has this many entries"},
    {"tags_count_max", T(RS_B_INT, RS_C_ONE, 1), TAGS, check_tags_count_max,
     "the tags list has at most this many entries"},
    {"tags_sorted", T(RS_B_BOOL, RS_C_ONE, 1), TAGS, check_tags_sorted,
     "true: the tags are in lexical order (case-insensitive, or byte order)"},
    {"repos_include", T(RS_B_STR, RS_C_LIST, 1), REPOS, check_repos_include,
     "the catalog holds these (x* matches a prefix)"},
    {"repos_exclude", T(RS_B_STR, RS_C_LIST, 1), REPOS, check_repos_exclude,
     "the catalog holds none of these"},
    {"json_count", T(RS_B_INT, RS_C_MAP, 1), ANY, check_json_count,
     "the body's list under each field has this many entries"},
};

const rs_check_kind *rs_check_kinds(int *n)
{
    *n = (int)(sizeof(CHECKS) / sizeof(CHECKS[0]));
    return CHECKS;
}

void rs_checks_run(rs_ctx *c, const rs_step *s, int idx, const rs_stepout *so)
{
    const rs_resp *r = &so->resp;
    char note[300];
    rs_check setup = {.kind = NULL};
    rs_checkcall k = {.c = c, .s = s, .idx = idx, .so = so, .ck = &setup};
    snprintf(k.status, sizeof(k.status), "%ld", r->status);
    if (r->headers_truncated) {
        rs_ctx_fail(c, s, idx, 0, 0, "http", "headers",
                    "the response has more than %d headers, or one over 16 KiB: not all were read",
                    RS_HTTP_MAX_HEADERS);
    }
    if (r->broken[0]) {
        rs_ctx_fail(c, s, idx, 0, 0, "http", "malformed",
                    "the registry's %ld response was malformed HTTP (libcurl: %s)", r->status,
                    r->broken);
    }
    if (!s->has_expect) { /* a setup step: it must succeed */
        rs_ctx_check_open(c, s, idx, 0, 0, "status");
        if (r->status < 200 || r->status > 299)
            rs_ctx_fail(c, s, idx, 0, 0, "status", k.status,
                        "a step without expect must succeed (2xx), got %ld%s", r->status,
                        retry_note(r, note, sizeof(note)));
        rs_ctx_check_close(c);
        return;
    }
    for (int i = 0; i < s->nchecks; i++) {
        k.ck = &s->checks[i];
        if (k.ck->own_level)
            rs_ctx_check_level(c, k.ck->level);
        rs_ctx_check_open(c, s, idx, k.ck->val.line, k.ck->val.col, k.ck->kind->name);
        s->checks[i].kind->run(&k);
        rs_ctx_check_close(c);
    }
}

const rs_check_kind *rs_check_kind_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof(CHECKS) / sizeof(CHECKS[0]); i++)
        if (strcmp(CHECKS[i].name, name) == 0)
            return &CHECKS[i];
    return NULL;
}
