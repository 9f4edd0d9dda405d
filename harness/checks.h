/* checks: the table of check kinds (what an `expect` may say, on which steps) and one function
 * per kind; rs_checks_run evaluates a step's checks against what the step produced. */
#ifndef RS_CHECKS_H
#define RS_CHECKS_H

#include "context.h"
#include "schema.h"

struct rs_checkcall {
    rs_ctx *c;
    const rs_step *s;
    int idx;
    const rs_check *ck;
    const rs_stepout *so;
    char status[32]; /* the response's status as text */
};

/* Evaluates every check of step idx (and, for a step without expect, that it succeeded). */
void rs_checks_run(rs_ctx *c, const rs_step *s, int idx, const rs_stepout *so);

/* The error codes of a registry error body ({"errors":[{"code":...}]}), comma-separated, or "".
 * Returns 1 when the body could not be read for want of memory (out is "" then), else 0. */
int rs_error_codes(const rs_resp *r, char *out, size_t len);

#endif
