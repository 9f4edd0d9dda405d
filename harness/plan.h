/* plan: which scenarios a run runs: the files under the given paths (sorted; folders named
 * testdata or expected are inputs, not scenarios), each loaded and validated (ids unique, every
 * `requires:` a known feature, every fixture file found named by a scenario), and the --filter
 * selection. */
#ifndef RS_PLAN_H
#define RS_PLAN_H

#include "scenario.h"

#include <stdio.h>

typedef struct {
    rs_scenario *sc; /* every loaded scenario */
    int n;
    int *sel; /* indices into sc of the selected ones, in order */
    int nsel;
} rs_plan;

/* Loads every scenario under paths; each file's error is printed on diag. RS_ERR_PARSE when any
 * file is invalid; RS_ERR_USAGE when the filter selects nothing (err says which filter, how many
 * were loaded). filter may be NULL. */
rs_status rs_plan_load(rs_plan *p, char **paths, int npaths, const char *filter, FILE *diag,
                       rs_err *err) RS_MUST_USE;
void rs_plan_free(rs_plan *p);
/* Keeps only the spec "I/N"'s slice of the selection: the k-th selected scenario (from 0, in plan
 * order) belongs to shard k % N + 1, so the slices are disjoint, cover the selection and do not
 * depend on timing. RS_ERR_USAGE for a malformed spec, I outside 1..N, or an empty slice (N above
 * the number selected). *i and *n get I and N. */
rs_status rs_plan_shard(rs_plan *p, const char *spec, int *i, int *n, rs_err *err) RS_MUST_USE;
/* What a run selected, before --shard: "<count>:<the first 16 hex digits of the SHA-256 of the
 * selected ids, each ended by a newline, in plan order>"; every shard of one run has the same. */
void rs_plan_identity(const rs_plan *p, char *out, size_t len);
/* 1 when the scenario matches the --filter expression. */
int rs_plan_selected(const rs_scenario *s, const char *filter);

#endif
