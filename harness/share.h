/* share: what a run's scenarios share, per actor role: the registry's challenge from the
 * pre-flight's one GET /v2/, the tokens (by realm, service and scope set; locked), and the
 * connections: one multi handle per role driven by its own thread (mux.h: HTTP/2 streams of all
 * workers on one connection), or, when that thread cannot start, per worker thread and role a
 * libcurl share (libcurl does not support one connection cache in concurrent threads). */
#ifndef RS_SHARE_H
#define RS_SHARE_H

#include "mux.h"

#include <curl/curl.h>
#include <time.h>

typedef struct rs_share rs_share;

rs_share *rs_share_new(int roles, int workers);
/* After every handle using it is gone. NULL is fine. */
void rs_share_free(rs_share *s);
/* The connection pool of role in worker thread worker (CURLOPT_SHARE); NULL when s is NULL, out
 * of range, or libcurl refused it. */
CURLSH *rs_share_curl(rs_share *s, int worker, int role);

/* The role's multi handle for the whole run (rs_mux_perform), or NULL. */
rs_mux *rs_share_mux(rs_share *s, int role);

/* The challenge of the registry's GET /v2/ (an rs_challenge, auth.h), learned once per run. */
void rs_share_set_challenge(rs_share *s, const void *chal, size_t len);
/* 1 and a copy in out when known. */
int rs_share_challenge(rs_share *s, void *out, size_t len);

/* A token of role for realm and service covering the canonical scope set scopes: one asked for
 * the same repositories with at least these actions (exact: for exactly these scopes), valid
 * for 5 s more. malloc'd, or NULL. */
char *rs_share_token(rs_share *s, int role, const char *realm, const char *service,
                     const char *scopes, int exact);
void rs_share_token_put(rs_share *s, int role, const char *realm, const char *service,
                        const char *scopes, const char *token, time_t expires);
/* Drops every token of role for exactly these scopes (the registry called one invalid). */
void rs_share_token_forget(rs_share *s, int role, const char *realm, const char *service,
                           const char *scopes);
/* Tokens fetched and tokens reused, over the run. */
void rs_share_token_counts(rs_share *s, unsigned *fetched, unsigned *reused);

/* 1 when the scope set have covers want: each resource (type:name) of want is in have with every
 * action want asks for (or "*"); have may name more (a token server grants each scope on its own,
 * so a token asked for more serves fewer). Both canonical (rs_scope_union). */
int rs_scope_covers(const char *have, const char *want);

/* The scope set with every repository scope asking for pull, push and delete: what any later
 * step on that repository may need, so one token serves them all. The token server grants only
 * what the actor may (the token spec: the intersection of asked and allowed actions), so the
 * answers are those of the narrower request. */
void rs_scope_widen(const char *in, char *out, size_t len);

#endif
