/* baseline: the list of expected failures (suites/expected/<target>.yaml): loading it (every key
 * checked, file:line:col errors), marking a run's results XFAIL/XPASS, writing it from a run. */
#ifndef RS_BASELINE_H
#define RS_BASELINE_H

#include "run.h"

/* One listed deviation: the scenario, the registry's answer at its first failed check (optional),
 * that check ("step N kind", optional), and why the registry fails it (required). */
typedef struct {
    char id[128];
    char actual[256];
    char at[96];
    char *ref;
    int has_actual, has_at;
    int line, col;
} rs_baseline_entry;

typedef struct {
    char path[512];
    char target[128]; /* the list's `target:` (informational), or "" */
    char digest[80];  /* "sha256:<hex>" of the file's bytes (shards of one run share it) */
    rs_baseline_entry *e;
    int n;
} rs_baseline;

/* Loads the list: a mapping with `target` (text, optional) and `failures` (a list of {id, actual,
 * at, ref}); id and ref are required, an id listed twice or an unknown key is an error. */
rs_status rs_baseline_load(rs_baseline *b, const char *path, rs_err *err) RS_MUST_USE;
void rs_baseline_free(rs_baseline *b);
const rs_baseline_entry *rs_baseline_find(const rs_baseline *b, const char *id);
/* "step N kind" of r's first failed (or warned) check into out; "" when none. */
void rs_baseline_at(const rs_result *r, char *out, size_t len);
/* Marks r against the list: a listed FAIL or WARN that fails as listed (same actual and at, when
 * the entry gives them) is XFAIL; a listed one that passes is XPASS; a listed one that fails
 * differently keeps its outcome with a note saying how. */
void rs_baseline_mark(const rs_baseline *b, rs_result *r);
/* Writes the list of the run's FAILs to path: ids, actual answers (when not empty), the check,
 * and the ref kept from prev (may be NULL) or "unreviewed ..." for a new one. */
rs_status rs_baseline_write(const char *path, const char *target, const rs_baseline *prev,
                            const rs_result *res, int n, rs_err *err) RS_MUST_USE;

#endif
