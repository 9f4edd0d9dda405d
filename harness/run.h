/* run: executes one scenario against a target (runner.c): per-scenario context, its steps in
 * order with their checks and saves, and cleanup. The outcome and what failed go to rs_result. */
#ifndef RS_RUN_H
#define RS_RUN_H

#include "buf.h"
#include "guard.h"
#include "share.h"
#include "scenario.h"
#include "target.h"

typedef enum { RS_RES_PASS, RS_RES_FAIL, RS_RES_WARN, RS_RES_SKIP, RS_RES_ERROR } rs_outcome;

typedef struct {
    const rs_target *target;
    const char *run_id; /* lowercase letters and digits, unique per run */
    int verbose;
    int strict;      /* a failed SHOULD fails the run */
    rs_guard *guard; /* run-wide stop (signal, deadline, unresponsive target); may be NULL */
    rs_share *share; /* per role: connections, the challenge, tokens for the whole run; or NULL */
    int worker;      /* the pool thread running the scenario (its connections), from 0 */
} rs_run_opts;

typedef enum { RS_CHECK_PASS, RS_CHECK_FAIL, RS_CHECK_WARN } rs_check_verdict;

/* One check as it was evaluated: its own testcase in JUnit, its own entry in JSON. */
typedef struct {
    int step; /* index into sc->steps */
    int line, col;
    char check[32];           /* the check kind, or save, when, http, an argument's name */
    rs_check_verdict verdict; /* WARN: a SHOULD (not --strict) or MAY check failed */
    char *message;            /* what failed, one line per failure; NULL when it passed */
} rs_check_result;

typedef struct {
    const rs_scenario *sc;
    int index; /* the scenario's place in the plan (before --shard): reports are in this order */
    rs_outcome outcome;
    rs_check_result *cr; /* every check evaluated, in order */
    int ncr, capcr;
    rs_buf failures;   /* one line per failed check */
    char first[1024];  /* the first failed check, short */
    char actual[256];  /* the registry's answer at the first failure, e.g. "201" */
    char reason[1024]; /* skip reason or runtime error */
    char *trace;       /* redacted HTTP trace, malloc'd */
    double seconds;
    int checks, failed_checks;
    int cleanup_failures; /* deletes at the end that failed: a warning */
} rs_result;

void rs_run_scenario(const rs_run_opts *o, const rs_scenario *sc, int index, rs_result *out);
void rs_result_free(rs_result *r);
const char *rs_outcome_name(rs_outcome o);

#endif
