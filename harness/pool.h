/* pool: runs a plan's selected scenarios on N threads, each scenario with its own context, and
 * prints each one's console lines whole and in plan order, whatever order they finish in. */
#ifndef RS_POOL_H
#define RS_POOL_H

#include "plan.h"
#include "run.h"

#include <stdio.h>

typedef struct {
    const rs_run_opts *opts;
    const rs_plan *plan;
    rs_result *res; /* plan->nsel of them, filled in plan order */
    int jobs;       /* threads; more than plan->nsel: one per scenario */
    FILE *out;      /* the console lines (rs_report_line), in plan order */
    /* called on the main thread for each result, in plan order, before its console line */
    void (*done)(void *ud, rs_result *r);
    void *ud;
} rs_pool;

/* Runs every selected scenario; after a stop (the guard) the ones not started are errors with
 * the reason. Returns when all results are filled and printed. */
void rs_pool_run(const rs_pool *p);
/* A scenario that never started (a stop, a failed pre-flight): an ERROR with why. */
void rs_result_not_started(rs_result *r, const rs_scenario *sc, int index, const char *why);

#endif
