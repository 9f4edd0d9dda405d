/* retry: what regsuite does with a 429 Too Many Requests or a 503 Service Unavailable. Which
 * requests may be sent again (the idempotent methods of RFC 9110 9.2.2 and the upload POSTs as
 * they are; a PATCH only after the upload's offset is re-checked; nothing else), how long to wait
 * first (Retry-After, RFC 9110 10.2.3: delta-seconds or an HTTP-date; without it a short
 * backoff), bounded per wait and in number. The sending itself is http.c's. */
#ifndef RS_RETRY_H
#define RS_RETRY_H

#include <stddef.h>
#include <time.h>

#define RS_RETRIES_DEFAULT 3     /* retries of one refused request (--retries) */
#define RS_RETRIES_MAX 10        /* --retries' largest value */
#define RS_RETRY_WAIT_MAX 10     /* seconds: the longest single wait regsuite honours */
#define RS_RETRY_FAR 1000000000L /* a Retry-After beyond this saturates to it */

/* Seconds from now that a Retry-After value asks for: delta-seconds (1*DIGIT, saturating at
 * RS_RETRY_FAR) or an HTTP-date in any of the three forms a recipient must accept (IMF-fixdate,
 * RFC 850, asctime; RFC 9110 5.6.7), a date already past being 0. -1 for anything else (empty,
 * negative, fractional, a malformed date, trailing text). */
long rs_retry_after(const char *value, time_t now);

typedef enum {
    RS_RETRY_NEVER,   /* not idempotent and not safe to re-send: the refusal is the answer */
    RS_RETRY_RESEND,  /* sent again as it was */
    RS_RETRY_RECHECK, /* a PATCH: sent again only when the upload is still at its start offset */
} rs_retry_kind;

/* How a refused request may be sent again: GET, HEAD, PUT, DELETE and OPTIONS are idempotent;
 * a POST to .../blobs/uploads/ (a new session, a mount, a single-POST upload with ?digest=) makes
 * at most one more session the registry expires, or stores the same content-addressed blob; a
 * PATCH appends at the session's offset (RECHECK); any other request: NEVER. */
rs_retry_kind rs_retry_kind_of(const char *method, const char *url);

/* The wait in seconds before retry n (1-based) of an answer whose Retry-After value is ra (NULL:
 * none): the value's seconds, or (none, or unreadable) a backoff of 1 s doubled per retry, at most
 * cap. -1 when ra asks for more than cap: the answer stands (asking sooner than told only earns
 * another refusal). why gets what the wait rests on, for the trace ("Retry-After: 1", "no
 * Retry-After: backoff"). */
double rs_retry_wait(const char *ra, int n, double cap, time_t now, char *why, size_t len);

/* The reason phrase: "Too Many Requests" (429), "Service Unavailable" (503), else "". */
const char *rs_retry_reason(long status);

#endif
