/* mux: one libcurl multi handle per actor role for the whole run, driven by a thread of its own:
 * the transfers of every worker go through it, so one HTTP/2 connection carries them at once
 * (multiplexed streams); a registry speaking HTTP/1.1 gets a pool of connections instead. */
#ifndef RS_MUX_H
#define RS_MUX_H

#include <curl/curl.h>

typedef struct rs_mux rs_mux;

/* Starts its thread; NULL when it cannot (the caller then sends on its own handle). */
rs_mux *rs_mux_new(void);
/* Stops and joins its thread. Every transfer must have ended. NULL is fine. */
void rs_mux_free(rs_mux *m);
/* Runs the transfer set up in easy (as curl_easy_perform would) and waits for its end; its
 * callbacks run on the mux's thread meanwhile. */
CURLcode rs_mux_perform(rs_mux *m, CURL *easy);
/* The connections of big request bodies (http.h RS_HTTP_BIG_BODY, over HTTP/1.1): a cache of
 * their own, set on such a transfer with CURLOPT_SHARE; NULL when m is or libcurl refused it. */
CURLSH *rs_mux_bulk(rs_mux *m);

/* [0]: over HTTP/1.x (or no answer), [1]: over HTTP/2 */
typedef struct {
    unsigned long transfers[2];   /* ended */
    unsigned long connections[2]; /* opened for them (CURLINFO_NUM_CONNECTS) */
    int most_at_once;             /* the most transfers in flight together */
} rs_mux_counts;
void rs_mux_get_counts(rs_mux *m, rs_mux_counts *out);

#endif
