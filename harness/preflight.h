/* preflight: what is checked once before any scenario runs, so that a wrong URL, an unreachable
 * target or a wrong password gives one clear message instead of one error per scenario. */
#ifndef RS_PREFLIGHT_H
#define RS_PREFLIGHT_H

#include "auth.h"
#include "guard.h"
#include "target.h"

#define RS_PREFLIGHT_CONNECT_S 5
#define RS_PREFLIGHT_TOTAL_S 15

/* The target URL: scheme http or https, a host, no path (but "/"), no query, no fragment, no
 * credentials. RS_ERR_CONFIG with the reason. */
rs_status rs_preflight_url(const char *url, rs_err *err) RS_MUST_USE;
/* GET /v2/ within RS_PREFLIGHT_CONNECT_S / RS_PREFLIGHT_TOTAL_S (and the guard's deadline): 200
 * or 401 is RS_OK (chal gets the challenge, RS_SCHEME_NONE on 200); anything else an error. */
rs_status rs_preflight_reach(const rs_target *t, rs_guard *g, rs_challenge *chal,
                             rs_err *err) RS_MUST_USE;
/* The same; api_version and server (NULL: not wanted) get the answer's
 * Docker-Distribution-API-Version and Server headers ("" when absent). */
rs_status rs_preflight_reach_info(const rs_target *t, rs_guard *g, rs_challenge *chal,
                                  char api_version[128], char server[256], rs_err *err) RS_MUST_USE;
/* Every actor with a username obtains access once (a token for a pull of its own namespace, or
 * Basic against /v2/). Refused credentials: RS_ERR_CONFIG naming the role, the user and the realm
 * (never the password); an unreachable or broken realm: a network or protocol error. */
rs_status rs_preflight_credentials(const rs_target *t, rs_guard *g, const rs_challenge *chal,
                                   rs_err *err) RS_MUST_USE;

#endif
