/* http: one libcurl connection per actor (reused across requests), an inactivity timeout on every
 * request, the run's guard (stop request, deadline, timeout count) checked before and during each,
 * capped response capture with streaming digest, and a redacted trace line per exchange. */
#ifndef RS_HTTP_H
#define RS_HTTP_H

/* A transfer slower than this (bytes/s, both ways) for the whole inactivity limit (--timeout)
 * times out: a server trickling a byte at a time would otherwise hold a request for ever. */
#define RS_HTTP_LOW_SPEED_BPS 1024L
/* A streamed request body this big or bigger goes over HTTP/1.1, on a connection of its own:
 * HTTP/2 frames it in 16 KiB pieces under flow control, which took 7.1-7.3 s for 1 GiB against
 * distribution where HTTP/1.1 took 5.2-5.8 s (curl -T both ways, bench.sh). */
#define RS_HTTP_BIG_BODY (4u * 1024 * 1024)

#include "blob.h"
#include "buf.h"
#include "guard.h"
#include "status.h"
#include "trace.h"

#include "mux.h"

#include <curl/curl.h>
#include <stdint.h>

#define RS_HTTP_MAX_HEADERS 64
#define RS_HTTP_BODY_KEEP (1024 * 1024) /* response bytes kept; the rest is counted and hashed */
#define RS_HTTP_BODY_KEEP_TEXT "1 MiB"  /* the same, for messages */
#define RS_CONN_UPLOADS 8               /* upload sessions a connection remembers (retries) */

typedef struct {
    char *name;
    char *value;
} rs_header;

typedef struct {
    long status;
    rs_header headers[RS_HTTP_MAX_HEADERS];
    int nheaders;
    int headers_truncated;
    rs_buf body;
    uint64_t body_bytes;
    char body_digest[160]; /* when the request asked for hash_body */
    double seconds;
    uint64_t sent_bytes;  /* request body bytes sent */
    char broken[256];     /* the status line arrived but the rest was malformed HTTP: why */
    char *url;            /* the URL of the request this answers (Locations resolve against it) */
    int retries;          /* times the request was sent again after a 429/503 (retry.h) */
    char retry_note[256]; /* the answer is still a 429/503: why it stands ("... after 3 retries") */
} rs_resp;

typedef struct {
    const char *method;
    const char *url;         /* absolute */
    const char *headers[16]; /* "Name: value", NULL-terminated */
    const void *body;
    size_t body_len;
    rs_blob_reader *stream; /* instead of body: streamed, rewound on retry */
    int hash_body;
    rs_algo hash_algo;
    int has_offset;  /* a PATCH: offset is where its bytes go (without Content-Range), so a */
    uint64_t offset; /* refused one can be re-checked and sent again (retry.h) */
    int idempotent;  /* a PUT the same twice (a manifest): sent again over HTTP/1.1 when an
                        HTTP/2 reset lost its answer (http.c); never a raw request step's */
} rs_req;

typedef struct {
    CURL *curl;
    const char *ca_file;
    int insecure;
    long timeout_s;         /* inactivity: under RS_HTTP_LOW_SPEED_BPS for this long (multi-GiB
                               blobs are fine; a trickle is not) */
    long connect_timeout_s; /* TCP + TLS handshake */
    long total_timeout_s; /* a cap on the whole request, 0: none (the guard's deadline caps too) */
    rs_trace *trace;      /* may be NULL */
    rs_guard *guard;      /* run-wide stop and timeout count; may be NULL */
    const char *label;
    CURLSH *share; /* the run's connection pool of this actor (share.c), or NULL */
    rs_mux *mux;   /* the run's transfers of this role (mux.h): preferred to share; or NULL */
    int drop_curl; /* curl sent alone once (alone_again): cleaned up before the next request */
    int retries;   /* a 429/503 is retried this many times at most (retry.h; default 3) */
    struct {
        char *url;              /* an upload session's Location (resolved), as a 202 answered it */
        uint64_t offset;        /* the bytes stored then (its Range), where the next PATCH goes */
    } uploads[RS_CONN_UPLOADS]; /* a ring: a refused PATCH is re-checked against it */
    int nuploads;
    rs_buf *notes; /* when set, one line per retry for -v (the trace gets them anyway) */
} rs_conn;

void rs_conn_init(rs_conn *c, const char *ca_file, int insecure, long timeout_s, rs_trace *trace,
                  const char *label);
void rs_conn_free(rs_conn *c);

/* Sends req; auth is a full header ("Authorization: Bearer ...") or NULL; basic_user/pass use
 * HTTP Basic. Fills out (caller frees with rs_resp_free). A non-2xx status is not an error. A 429
 * or 503 is sent again as retry.h says (waits bounded, the guard checked while waiting, each retry
 * a line in the trace and c->notes); when the retries run out the last answer is out, its
 * retry_note saying so, and the guard counts it (--max-timeouts). */
rs_status rs_http_send(rs_conn *c, const rs_req *req, const char *auth, const char *basic_user,
                       const char *basic_pass, rs_resp *out, rs_err *err) RS_MUST_USE;

const char *rs_resp_header(const rs_resp *r, const char *name);
/* http_trace.c: req and its answer r (or error, when the transfer failed) into c->trace, if any. */
void rs_http_trace_exchange(rs_conn *c, const rs_req *req, const char *auth, const rs_resp *r,
                            const char *error);
void rs_resp_init(rs_resp *r);
void rs_resp_free(rs_resp *r);

/* url.c. Resolves a reference (a Location: absolute, network-path, absolute-path, relative-path or
 * query-only) against the absolute URL base per RFC 3986 section 5.2; malloc'd, or NULL. */
char *rs_url_resolve(const char *base, const char *location);
/* 1 when a and b have the same origin: scheme, host and port (80/443 when not given). */
int rs_url_same_origin(const char *a, const char *b);
/* url with name=value (both percent-encoded) added to its query, after "?" or "&"; malloc'd. */
char *rs_url_add_query(const char *url, const char *name, const char *value);
/* The target of the link-value of a Link header whose rel names "next" (RFC 8288: link-values
 * separated by commas, rel quoted or not, several types, any case), unresolved; malloc'd, or NULL.
 */
char *rs_link_next(const char *link);
/* The last segment of url's path (trailing "/" ignored), without query; malloc'd, or NULL. */
char *rs_url_last_segment(const char *url);

#endif
