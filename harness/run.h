/* run: executes one scenario against a target (runner.c): per-scenario context, its steps in
 * order with their checks and saves, and cleanup. The outcome and what failed go to rs_result. */
#ifndef RS_RUN_H
#define RS_RUN_H

#include "buf.h"
#include "guard.h"
#include "share.h"
#include "scenario.h"
#include "target.h"

typedef struct rs_fixtures rs_fixtures; /* fixture.h */

typedef enum { RS_RES_PASS, RS_RES_FAIL, RS_RES_WARN, RS_RES_SKIP, RS_RES_ERROR } rs_outcome;

typedef struct {
    const rs_target *target;
    const char *run_id; /* lowercase letters and digits, unique per run */
    int verbose;
    int strict;      /* a failed SHOULD fails the run */
    rs_guard *guard; /* run-wide stop (signal, deadline, unresponsive target); may be NULL */
    rs_share *share; /* per role: connections, the challenge, tokens for the whole run; or NULL */
    int worker;      /* the pool thread running the scenario (its connections), from 0 */
    rs_fixtures *fixtures; /* the run's shared setup (fixture.h); NULL: each scenario its own */
} rs_run_opts;

typedef enum { RS_CHECK_PASS, RS_CHECK_FAIL, RS_CHECK_WARN } rs_check_verdict;

/* One check as it was evaluated: its own testcase in JUnit, its own entry in JSON. */
typedef struct {
    int step; /* index into sc->steps */
    int line, col;
    char check[32];           /* the check kind, or save, when, http, an argument's name */
    rs_level level;           /* the level it was evaluated at (the step's, or its own) */
    rs_check_verdict verdict; /* WARN: a SHOULD (not --strict) or MAY check failed */
    char *message;            /* what failed, one line per failure; NULL when it passed */
} rs_check_result;

/* What the list of expected failures (--expected, baseline.c) says of a result. */
typedef enum { RS_BASE_NONE, RS_BASE_XFAIL, RS_BASE_XPASS } rs_base_mark;

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
    rs_base_mark base;    /* XFAIL: a listed deviation failing as listed; XPASS: listed, passes */
    char base_note[1024]; /* the listed ref (XFAIL), or how a listed one differs, or "" */
    int base_fails;       /* an XPASS under --strict-expected: a failure in the reports */
    char trace_file[512]; /* where --trace-dir wrote the trace, or "" */
    rs_buf steplog;       /* -v: the step lines, in order (printed with the result) */
} rs_result;

void rs_run_scenario(const rs_run_opts *o, const rs_scenario *sc, int index, rs_result *out);
void rs_result_free(rs_result *r);
const char *rs_outcome_name(rs_outcome o);

#endif
