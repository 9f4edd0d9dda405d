/* auth: WWW-Authenticate parsing, token fetch and a token cache per actor and scope set.
 * Owns rs_actor: one identity (or anonymous) with its own connection and tokens. */
#ifndef RS_AUTH_H
#define RS_AUTH_H

#include "http.h"
#include "share.h"

#include <time.h>

typedef enum {
    RS_SCHEME_UNKNOWN,
    RS_SCHEME_NONE,
    RS_SCHEME_BASIC,
    RS_SCHEME_BEARER,
    RS_SCHEME_OTHER
} rs_scheme;

typedef struct {
    rs_scheme scheme;
    char realm[512];
    char service[256];
    char scope[2048]; /* space-separated scopes as sent */
    char error[64];   /* error="insufficient_scope" */
} rs_challenge;

/* Parses one challenge; 0 or -1 on a malformed header. Quoted values may hold commas and \". */
int rs_challenge_parse(const char *header, rs_challenge *out);

/* Canonical form of a scope set: the scopes of a and b, deduplicated, sorted, space-separated. */
void rs_scope_union(const char *a, const char *b, char *out, size_t len);

#define RS_TOKEN_CACHE 16
#define RS_TOKEN_MAX 12000 /* bytes; a longer token is a protocol error, not a crash */

struct cJSON;
/* A token response's expires_in in seconds: 60 when absent or not a number, at most a day. */
long rs_token_lifetime(const struct cJSON *expires_in);
/* A token server's answer body: *token (malloc'd) from `token`, else `access_token`, and
 * *expires_in from `expires_in`; else an error naming realm and why (not a JSON object, no token,
 * one over RS_TOKEN_MAX bytes, out of memory). */
rs_status rs_token_parse(const char *body, const char *realm, char **token, long *expires_in,
                         rs_err *err) RS_MUST_USE;
/* Seconds after the token request was sent at which a token of that lifetime is renewed: 5 s
 * before it runs out, a quarter of a lifetime under 20 s, 1 s under 8 s (a 2 s token: at 1 s,
 * so a request on its way never arrives late); at 1 s at the earliest. */
long rs_token_renew_after(long lifetime);

/* EXACT: like AUTO, but no retry with the challenge's scope: the request gets only what was asked
 */
typedef enum { RS_AUTH_AUTO, RS_AUTH_NONE, RS_AUTH_FORGED, RS_AUTH_EXACT } rs_auth_mode;

typedef struct {
    char role[32];
    char username[128];
    char password[256];
    const char *base_url; /* borrowed from the target */
    rs_conn conn;
    rs_challenge chal; /* learned from GET /v2/ */
    int pinged;
    struct {
        char *scopes;
        char *token;
        time_t renew_at; /* the token is fetched afresh from this second on */
    } cache[RS_TOKEN_CACHE];
    int ncache;
    unsigned tokens_fetched;
    rs_share *share; /* the run's challenge and tokens, shared by scenarios; may be NULL */
    int share_role;
} rs_actor;

void rs_actor_init(rs_actor *a, const char *role, const char *user, const char *pass,
                   const char *base_url, const char *ca_file, int insecure, long timeout_s,
                   rs_trace *trace, rs_guard *guard);
void rs_actor_free(rs_actor *a);

/* Sends req as this actor. scopes: what the request needs ("repository:a/b:pull,push ..."), or
 * NULL; tokens are renewed when their expires_in (default 60 s) runs out. On a Bearer 401 the
 * challenge's scope is added, or (error="invalid_token") the token is fetched afresh, and the
 * request is retried once.
 * mode NONE sends no credentials; FORGED uses forge_url?kind=forge_kind to get a broken token. */
rs_status rs_actor_do(rs_actor *a, const rs_req *req, const char *scopes, rs_auth_mode mode,
                      const char *forge_url, const char *forge_kind, rs_resp *out,
                      rs_err *err) RS_MUST_USE;

#endif
