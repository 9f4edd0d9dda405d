/* tracefile: --trace-dir: one file per scenario holding its redacted HTTP trace (passing
 * scenarios too), named after the scenario id, so a failure message can point at it. */
#ifndef RS_TRACEFILE_H
#define RS_TRACEFILE_H

#include "run.h"

#include <stddef.h>

/* Creates dir (and its parents) when missing; an error when it is not a writable directory. */
rs_status rs_tracefile_dir(const char *dir, rs_err *err) RS_MUST_USE;
/* Writes dir/<id>.trace: a header (scenario, target, outcome) and r's trace, which was redacted
 * as it was recorded. path gets the file's name. */
rs_status rs_tracefile_write(const char *dir, const rs_target *t, const rs_result *r, char *path,
                             size_t len, rs_err *err) RS_MUST_USE;

#endif
