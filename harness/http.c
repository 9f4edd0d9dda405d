#include "http.h"
#include "retry.h"
#include "version.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

void rs_conn_init(rs_conn *c, const char *ca_file, int insecure, long timeout_s, rs_trace *trace,
                  const char *label)
{
    memset(c, 0, sizeof(*c));
    c->ca_file = ca_file;
    c->insecure = insecure;
    c->timeout_s = timeout_s > 0 ? timeout_s : 60;
    c->connect_timeout_s = 10;
    c->retries = RS_RETRIES_DEFAULT;
    c->trace = trace;
    c->label = label;
}

void rs_conn_free(rs_conn *c)
{
    for (int i = 0; i < RS_CONN_UPLOADS; i++) {
        free(c->uploads[i].url);
        c->uploads[i].url = NULL;
    }
    if (c->curl)
        curl_easy_cleanup(c->curl);
    c->curl = NULL;
}

void rs_resp_init(rs_resp *r)
{
    memset(r, 0, sizeof(*r));
    rs_buf_init(&r->body, RS_HTTP_BODY_KEEP);
}

void rs_resp_free(rs_resp *r)
{
    for (int i = 0; i < r->nheaders; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    rs_buf_free(&r->body);
    free(r->url);
    rs_resp_init(r);
}

const char *rs_resp_header(const rs_resp *r, const char *name)
{
    for (int i = r->nheaders - 1; i >= 0; i--)
        if (strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    return NULL;
}

typedef struct {
    rs_resp *resp;
    rs_hasher hasher;
    int hashing;
    int oom; /* a header or body byte could not be kept: the transfer is aborted */
} recv_ctx;

static size_t on_header(char *data, size_t size, size_t n, void *userp)
{
    recv_ctx *ctx = userp;
    rs_resp *r = ctx->resp;
    size_t len = size * n;
    if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) { /* a new response (after 100 or redirect) */
        for (int i = 0; i < r->nheaders; i++) {
            free(r->headers[i].name);
            free(r->headers[i].value);
        }
        r->nheaders = 0;
        return len;
    }
    const char *colon = memchr(data, ':', len);
    if (!colon)
        return len;
    if (r->nheaders == RS_HTTP_MAX_HEADERS || len > 16384) {
        r->headers_truncated = 1;
        return len;
    }
    const char *v = colon + 1, *end = data + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    rs_header *h = &r->headers[r->nheaders];
    h->name = strndup(data, (size_t)(colon - data));
    h->value = strndup(v, (size_t)(end - v));
    if (h->name && h->value)
        r->nheaders++;
    else { /* never a header silently missing: the request fails as out of memory */
        free(h->name);
        free(h->value);
        ctx->oom = 1;
        return 0;
    }
    return len;
}

static size_t on_body(char *data, size_t size, size_t n, void *userp)
{
    recv_ctx *ctx = userp;
    size_t len = size * n;
    ctx->resp->body_bytes += len;
    if (ctx->hashing)
        rs_hasher_update(&ctx->hasher, data, len);
    if (rs_buf_add(&ctx->resp->body, data, len) != 0) {
        ctx->oom = 1;
        return 0;
    }
    return len;
}

static size_t on_read(char *dst, size_t size, size_t n, void *userp)
{
    return rs_blob_reader_read(userp, dst, size * n);
}

/* Aborts a transfer in flight when the run is stopped (signal, deadline, unresponsive). */
static int on_progress(void *userp, curl_off_t dlt, curl_off_t dln, curl_off_t ult, curl_off_t uln)
{
    (void)dlt, (void)dln, (void)ult, (void)uln;
    return rs_guard_check(userp) != RS_STOP_NONE;
}

static void set_limits(CURL *h, rs_conn *c)
{
    long inactivity = c->timeout_s > 0 ? c->timeout_s : 30;
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, RS_HTTP_LOW_SPEED_BPS);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, inactivity);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
                     c->connect_timeout_s < inactivity ? c->connect_timeout_s : inactivity);
    double cap = rs_guard_remaining(c->guard);
    if (c->total_timeout_s > 0 && (double)c->total_timeout_s < cap)
        cap = (double)c->total_timeout_s;
    if (cap < 1e8)
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)(cap * 1000) + 1);
    if (c->guard) {
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, c->guard);
    }
}

static void set_method(CURL *h, const rs_req *req)
{
    if (strcmp(req->method, "HEAD") == 0) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (req->stream) {
        req->stream->pos = req->stream->start;
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
        curl_easy_setopt(h, CURLOPT_READDATA, req->stream);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE,
                         (curl_off_t)(req->stream->end - req->stream->start));
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
    } else if (req->body || strcmp(req->method, "POST") == 0 || strcmp(req->method, "PUT") == 0 ||
               strcmp(req->method, "PATCH") == 0) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body ? req->body : "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
    } else if (strcmp(req->method, "GET") != 0) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
    }
}

static struct curl_slist *build_headers(const rs_req *req, const char *auth)
{
    struct curl_slist *hl = NULL;
    int has_ct = 0;
    for (int i = 0; i < 16 && req->headers[i]; i++) {
        hl = curl_slist_append(hl, req->headers[i]);
        if (strncasecmp(req->headers[i], "Content-Type:", 13) == 0)
            has_ct = 1;
    }
    if (auth)
        hl = curl_slist_append(hl, auth);
    hl = curl_slist_append(hl, "Expect:"); /* no 100-continue round trip */
    if (!has_ct && (req->body || req->stream))
        hl = curl_slist_append(hl, "Content-Type: application/octet-stream");
    return hl;
}

static void set_options(CURL *h, rs_conn *c, const rs_req *req, struct curl_slist *hl,
                        recv_ctx *ctx, const char *basic_user, const char *basic_pass)
{
    curl_easy_setopt(h, CURLOPT_URL, req->url);
    /* the path is sent as the scenario wrote it: "/../" reaches the registry (name checks) */
    curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    int big = req->stream && req->stream->end - req->stream->start >= RS_HTTP_BIG_BODY;
    if (big) /* RS_HTTP_BIG_BODY: over HTTP/1.1, with a mux in its cache of big bodies (mux.h) */
        curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    if (c->mux) { /* a small one waits for the role's HTTP/2 connection rather than open another */
        curl_easy_setopt(h, CURLOPT_SHARE, big ? rs_mux_bulk(c->mux) : NULL);
        if (!big)
            curl_easy_setopt(h, CURLOPT_PIPEWAIT, 1L);
    } else if (c->share)
        curl_easy_setopt(h, CURLOPT_SHARE, c->share);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "regsuite/" RS_VERSION);
    set_limits(h, c);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, ctx);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, ctx);
    if (c->ca_file && c->ca_file[0])
        curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
    if (c->insecure) {
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (basic_user) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERNAME, basic_user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, basic_pass ? basic_pass : "");
    }
    set_method(h, req);
}

static rs_status stopped(rs_conn *c, const rs_req *req, rs_err *err)
{
    char why[256];
    rs_guard_reason(c->guard, why, sizeof(why));
    return rs_errf(err, RS_ERR_STOPPED, "%s %s not completed: %s", req->method, req->url, why);
}

/* A transfer that failed: the status for it, the guard told about timeouts. */
static rs_status failed(rs_conn *c, const rs_req *req, const char *auth, rs_resp *out, CURLcode rc,
                        rs_err *err)
{
    rs_http_trace_exchange(c, req, auth, out, curl_easy_strerror(rc));
    double left = rs_guard_remaining(c->guard);
    if (rc == CURLE_OPERATION_TIMEDOUT && left < 0.1) { /* the cap was the deadline (set_limits): */
        struct timespec ts = {0, (long)((left + 0.002) * 1e9)}; /* libcurl's clock may end it a */
        nanosleep(&ts, NULL); /* hair early; the guard's clock decides */
    }
    if (rc == CURLE_ABORTED_BY_CALLBACK || rs_guard_check(c->guard) != RS_STOP_NONE)
        return stopped(c, req, err);
    rs_status st = RS_ERR_NET;
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        st = RS_ERR_TIMEOUT;
        rs_guard_timed_out(c->guard);
    } else if (rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_PEER_FAILED_VERIFICATION ||
               rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM)
        st = RS_ERR_TLS;
    else if (rc == CURLE_WEIRD_SERVER_REPLY || rc == CURLE_RECV_ERROR || rc == CURLE_GOT_NOTHING)
        st = RS_ERR_PROTO;
    if (st == RS_ERR_TIMEOUT && c->total_timeout_s > 0 && out->seconds + 0.5 >= c->total_timeout_s)
        return rs_errf(err, st, "%s %s: timeout: no complete answer within %ld s", req->method,
                       req->url, c->total_timeout_s);
    if (st == RS_ERR_TIMEOUT)
        return rs_errf(err, st,
                       "%s %s: timeout: %s (under %ld bytes/s for %ld s is the limit: --timeout "
                       "or the target's timeout:)",
                       req->method, req->url, curl_easy_strerror(rc), RS_HTTP_LOW_SPEED_BPS,
                       c->timeout_s);
    return rs_errf(err, st, "%s %s: %s%s", req->method, req->url, curl_easy_strerror(rc),
                   st == RS_ERR_TLS ? " (check ca_file in the target, or --insecure)" : "");
}

/* After a 202 to a POST or PATCH of an upload: its Location and the bytes its Range says are
 * stored (distribution answers 0-0 for 0 bytes and for 1: the PATCH's own size tells which), so
 * that a refused PATCH to that Location can be re-checked (patch_unstored). */
static void remember_upload(rs_conn *c, const rs_req *req, const rs_resp *out)
{
    const char *loc = rs_resp_header(out, "Location"), *range = rs_resp_header(out, "Range");
    int post = strcmp(req->method, "POST") == 0;
    unsigned long long first = 1, last = 0;
    if (out->status != 202 || !loc || (!post && strcmp(req->method, "PATCH") != 0))
        return;
    if (range && strncmp(range, "bytes=", 6) == 0)
        range += 6;
    uint64_t stored = 0;
    if (range && sscanf(range, "%llu-%llu", &first, &last) == 2 && first == 0)
        stored = last > 0 ? last + 1 : (!post && out->sent_bytes > 0);
    else if (!post)
        return; /* a PATCH answer without a readable Range: nothing known */
    char *url = rs_url_resolve(req->url, loc);
    if (!url)
        return; /* out of memory: that PATCH will not be retried, nothing worse */
    int slot = c->nuploads++ % RS_CONN_UPLOADS;
    free(c->uploads[slot].url);
    c->uploads[slot].url = url;
    c->uploads[slot].offset = stored;
}

/* One exchange: req sent once, the answer into out. */
/* Multiplexed, libcurl 7.88 can end a stream the registry broke (a Content-Length that is not
 * the body's) before it hands its status line over: the answer is lost, not just cut. */
static int lost_status(CURL *h, CURLcode rc)
{
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    return status == 0 && (rc == CURLE_HTTP2 || rc == CURLE_HTTP2_STREAM);
}

/* Such a GET or HEAD goes again, alone on a connection of its own, as it would have without the
 * mux: its status and broken framing then reach the checks (sending it twice changes nothing).
 * So does a manifest PUT (req->idempotent), over HTTP/1.1: a registry may answer it before
 * reading all of it and reset the stream (RFC 9113 8.1, legal), and libcurl 7.88 can lose that
 * answer on HTTP/2; over HTTP/1.1 it stops sending and reads the answer. */
static CURLcode alone_again(rs_conn *c, const rs_req *req, CURL *h, struct curl_slist *hl,
                            recv_ctx *ctx, const char *basic_user, const char *basic_pass)
{
    char *url = ctx->resp->url;
    ctx->resp->url = NULL;
    rs_resp_free(ctx->resp);
    ctx->resp->url = url;
    if (ctx->hashing) {
        char spent[160];
        rs_hasher_final(&ctx->hasher, spent);
        if (rs_hasher_init(&ctx->hasher, req->hash_algo) != 0) {
            ctx->hashing = 0;
            ctx->oom = 1;
            return CURLE_OUT_OF_MEMORY;
        }
    }
    if (c->trace) {
        char line[1200];
        snprintf(line, sizeof(line),
                 "# %s %.1000s: the HTTP/2 stream broke before its status arrived; sent again "
                 "alone on a connection of its own%s\n",
                 req->method, req->url, req->body ? ", over HTTP/1.1" : "");
        rs_trace_add(c->trace, line);
    }
    rs_mux *m = c->mux;
    CURLSH *sh = c->share;
    c->mux = NULL; /* set_options: no PIPEWAIT, no share: a connection of its own */
    c->share = NULL;
    curl_easy_reset(h);
    set_options(h, c, req, hl, ctx, basic_user, basic_pass);
    if (req->body)
        curl_easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    CURLcode rc = curl_easy_perform(h);
    c->mux = m;
    c->share = sh;
    c->drop_curl = 1; /* its connection is its own: never into the mux (libcurl leaks it there) */
    return rc;
}

static rs_status send_once(rs_conn *c, const rs_req *req, const char *auth, const char *basic_user,
                           const char *basic_pass, rs_resp *out, rs_err *err)
{
    rs_resp_free(out);
    if (!(out->url = strdup(req->url)))
        return rs_errf(err, RS_ERR_NOMEM, "%s %s: out of memory", req->method, req->url);
    if (rs_guard_check(c->guard) != RS_STOP_NONE)
        return stopped(c, req, err);
    if (c->drop_curl && c->curl) { /* it sent alone (alone_again): closed with its connection */
        curl_easy_cleanup(c->curl);
        c->curl = NULL;
    }
    c->drop_curl = 0;
    if (!c->curl && !(c->curl = curl_easy_init()))
        return rs_errf(err, RS_ERR_NOMEM, "cannot create a curl handle");
    CURL *h = c->curl;
    curl_easy_reset(h);
    recv_ctx ctx = {.resp = out};
    if (req->hash_body) {
        if (rs_hasher_init(&ctx.hasher, req->hash_algo) != 0)
            return rs_errf(err, RS_ERR_NOMEM, "cannot start a digest");
        ctx.hashing = 1;
    }
    struct curl_slist *hl = build_headers(req, auth);
    set_options(h, c, req, hl, &ctx, basic_user, basic_pass);
    CURLcode rc = c->mux ? rs_mux_perform(c->mux, h) : curl_easy_perform(h);
    if (c->mux && lost_status(h, rc) && !req->stream &&
        (req->body ? req->idempotent && req->body_len > 0
                   : strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0))
        rc = alone_again(c, req, h, hl, &ctx, basic_user, basic_pass);
    curl_slist_free_all(hl);
    if (ctx.hashing)
        rs_hasher_final(&ctx.hasher, out->body_digest);
    if (ctx.oom)
        return rs_errf(err, RS_ERR_NOMEM, "%s %s: out of memory reading the answer", req->method,
                       req->url);
    double secs = 0;
    curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &secs);
    out->seconds = secs;
    curl_off_t sent = 0;
    curl_easy_getinfo(h, CURLINFO_SIZE_UPLOAD_T, &sent);
    out->sent_bytes = (uint64_t)sent;
    long got_status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &got_status);
    if (rc != CURLE_OK && got_status > 0 &&
        (rc == CURLE_HTTP2_STREAM || rc == CURLE_HTTP2 || rc == CURLE_PARTIAL_FILE ||
         rc == CURLE_BAD_CONTENT_ENCODING)) {
        /* the registry answered, but broke HTTP framing (e.g. a Content-Length that is not the
         * body's): that is the registry's fault, so the checks see it rather than an error */
        out->status = got_status;
        snprintf(out->broken, sizeof(out->broken), "%s", curl_easy_strerror(rc));
        rs_http_trace_exchange(c, req, auth, out, NULL);
        return RS_OK;
    }
    if (rc != CURLE_OK)
        return failed(c, req, auth, out, rc, err);
    out->status = got_status;
    rs_http_trace_exchange(c, req, auth, out, NULL);
    remember_upload(c, req, out);
    return RS_OK;
}

/* ---- 429 and 503: retries (retry.h) -----------------------------------------------------------
 */

static int is_refusal(long status)
{
    return status == 429 || status == 503;
}

/* One line about a retry: into the trace and, for -v, c->notes. */
static void retry_line(rs_conn *c, const char *line)
{
    if (c->trace) {
        char t[640];
        snprintf(t, sizeof(t), "[%s] %s\n\n", c->label ? c->label : "-", line);
        rs_trace_add(c->trace, t);
    }
    if (c->notes)
        rs_buf_catf(c->notes, "%s\n", line);
}

/* Sleeps secs in slices of 50 ms; -1 as soon as the run is stopped (signal, deadline). */
static int wait_guarded(rs_guard *g, double secs)
{
    double until = rs_now() + secs;
    for (;;) {
        if (rs_guard_check(g) != RS_STOP_NONE)
            return -1;
        double left = until - rs_now();
        if (left <= 0)
            return 0;
        struct timespec ts = {0, (long)((left < 0.05 ? left : 0.05) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

/* The longest wait regsuite allows before one retry: RS_RETRY_WAIT_MAX, the inactivity timeout,
 * the request's total cap, and what is left of the run's deadline, whichever is smallest. */
static double wait_cap(const rs_conn *c)
{
    double cap = RS_RETRY_WAIT_MAX;
    if (c->timeout_s > 0 && (double)c->timeout_s < cap)
        cap = (double)c->timeout_s;
    if (c->total_timeout_s > 0 && (double)c->total_timeout_s < cap)
        cap = (double)c->total_timeout_s;
    double left = rs_guard_remaining(c->guard);
    return left < cap ? left : cap;
}

/* Whether the refused req goes again as retry n: 1 with the wait in *wait; 0 when the answer
 * stands (*counted: the guard is to count it). line says which, for the trace. */
static int retry_plan(const rs_conn *c, const rs_req *req, const rs_resp *out, int n, double *wait,
                      int *counted, char *line, size_t len)
{
    const char *what = rs_retry_reason(out->status);
    *counted = 0;
    if (rs_retry_kind_of(req->method, req->url) == RS_RETRY_NEVER) {
        snprintf(line, len,
                 "%ld %s: not retried: a %s there may not be sent twice (only idempotent "
                 "requests and an upload's POST are; README: Rate limits)",
                 out->status, what, req->method);
        return 0;
    }
    if (c->retries <= 0) {
        snprintf(line, len, "%ld %s: not retried (--retries 0)", out->status, what);
        return 0;
    }
    if (n > c->retries) {
        *counted = 1;
        snprintf(line, len, "%ld %s: still refused after %d retr%s: the answer stands", out->status,
                 what, c->retries, c->retries == 1 ? "y" : "ies");
        return 0;
    }
    char why[160];
    double cap = wait_cap(c);
    *wait = rs_retry_wait(rs_resp_header(out, "Retry-After"), n, cap, time(NULL), why, sizeof(why));
    if (*wait < 0) {
        *counted = 1;
        snprintf(
            line, len,
            "%ld %s: not retried: %s asks for more than the %g s regsuite waits (at most %d s, "
            "--timeout, what is left of --deadline)",
            out->status, what, why, cap, RS_RETRY_WAIT_MAX);
        return 0;
    }
    snprintf(line, len, "%ld %s: retry %d of %d after %g s (%s)", out->status, what, n, c->retries,
             *wait, why);
    return 1;
}

/* The upload's offset before the PATCH: the one its sender set, else what the session's last
 * answer on this connection said, else its Content-Range's first offset; 0 when unknown. */
static int patch_start(const rs_conn *c, const rs_req *req, uint64_t *start)
{
    *start = req->offset;
    if (req->has_offset)
        return 1;
    for (int i = 0; i < RS_CONN_UPLOADS; i++)
        if (c->uploads[i].url && strcmp(c->uploads[i].url, req->url) == 0)
            return *start = c->uploads[i].offset, 1;
    for (int i = 0; i < 16 && req->headers[i]; i++) {
        unsigned long long a, b;
        if (strncasecmp(req->headers[i], "Content-Range:", 14) == 0)
            return sscanf(req->headers[i] + 14, " %llu-%llu", &a, &b) == 2 && (*start = a, 1);
    }
    return 0;
}

/* A refused PATCH goes again only when none of it was stored: GET on the session's URL (the
 * upload's status) answers Range: 0-<last offset> (distribution answers 0-0 for an empty session
 * too, so 0-0 stands for 0 or 1 bytes), which must be where the upload was before the PATCH
 * (patch_start). A 401, 403 or 404 there means no session this actor may append to: the PATCH
 * stored nothing, and its resend meets the same refusal. */
static int patch_unstored(rs_conn *c, const rs_req *req, const char *auth, const char *bu,
                          const char *bp, char *line, size_t len)
{
    uint64_t start = 0;
    int known = patch_start(c, req, &start);
    rs_req get = {.method = "GET", .url = req->url};
    rs_resp r;
    rs_err e;
    rs_resp_init(&r);
    unsigned long long first = 1, last = 0;
    rs_status st = rs_http_send(c, &get, auth, bu, bp, &r, &e);
    long got = st == RS_OK ? r.status : 0;
    const char *range = st == RS_OK ? rs_resp_header(&r, "Range") : NULL;
    if (range && strncmp(range, "bytes=", 6) == 0)
        range += 6;
    int ok = got == 401 || got == 403 || got == 404 ||
             (known && range && sscanf(range, "%llu-%llu", &first, &last) == 2 && first == 0 &&
              (last + 1 == start || (last == 0 && start <= 1)));
    if (!ok && !known)
        snprintf(line, len,
                 "not retried: the upload's offset before this PATCH is unknown (no answer of its "
                 "session seen, no Content-Range), so whether it was stored cannot be told");
    else if (!ok)
        snprintf(line, len,
                 "not retried: the upload is not where the PATCH started (offset %llu): GET on it "
                 "answered %ld, Range %.64s",
                 (unsigned long long)start, got, range ? range : "absent");
    rs_resp_free(&r);
    return ok;
}

rs_status rs_http_send(rs_conn *c, const rs_req *req, const char *auth, const char *basic_user,
                       const char *basic_pass, rs_resp *out, rs_err *err)
{
    rs_status st = send_once(c, req, auth, basic_user, basic_pass, out, err);
    char line[512];
    int n = 1, counted = 0;
    for (; st == RS_OK && is_refusal(out->status); n++) {
        double wait = 0;
        int go = retry_plan(c, req, out, n, &wait, &counted, line, sizeof(line));
        retry_line(c, line);
        if (go && wait_guarded(c->guard, wait) != 0)
            return stopped(c, req, err);
        if (go && rs_retry_kind_of(req->method, req->url) == RS_RETRY_RECHECK &&
            !patch_unstored(c, req, auth, basic_user, basic_pass, line, sizeof(line))) {
            retry_line(c, line);
            go = 0;
        }
        if (!go)
            break;
        st = send_once(c, req, auth, basic_user, basic_pass, out, err);
    }
    if (st == RS_OK) {
        out->retries = n - 1;
        if (is_refusal(out->status))
            snprintf(out->retry_note, sizeof(out->retry_note), "%s", line);
        if (counted)
            rs_guard_refused(c->guard);
    }
    return st;
}
