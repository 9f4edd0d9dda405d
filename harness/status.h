/* status: the one error type of the harness. Functions return an rs_status and, on failure,
 * fill an rs_err with what failed, where, and what to do. 0 is success; codes are never renumbered.
 */
#ifndef RS_STATUS_H
#define RS_STATUS_H

#include <stddef.h>

typedef enum {
    RS_OK = 0,
    RS_ERR_USAGE = 1,   /* bad command line */
    RS_ERR_PARSE = 2,   /* a scenario or target file is invalid */
    RS_ERR_CONFIG = 3,  /* the target lacks something needed */
    RS_ERR_NET = 4,     /* connection refused, DNS, reset */
    RS_ERR_TLS = 5,     /* certificate or handshake */
    RS_ERR_TIMEOUT = 6, /* a request took longer than its limit */
    RS_ERR_PROTO = 7,   /* the registry answered something unusable */
    RS_ERR_IO = 8,      /* local files */
    RS_ERR_NOMEM = 9,
    RS_ERR_STOPPED = 10, /* the run was stopped (signal, deadline, unresponsive target) */
} rs_status;

typedef struct {
    char msg[1024];
} rs_err;

#define RS_MUST_USE __attribute__((warn_unused_result))

rs_status rs_errf(rs_err *e, rs_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *rs_status_name(rs_status st);

#endif
