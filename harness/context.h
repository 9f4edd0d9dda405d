/* context: the state one scenario run owns -- actors, blobs, saved values, saved manifests, the
 * cleanup list -- and how a step reports a failed check. Below steps, checks and the runner. */
#ifndef RS_CONTEXT_H
#define RS_CONTEXT_H

#include "expand.h"
#include "oci.h"
#include "probe.h"
#include "run.h"

#define RS_MAX_SAVED_MANIFESTS RS_MAX_STEPS

typedef struct {
    char var[64];
    char digest[160];
    uint64_t size;
    char media_type[96];
} rs_saved_manifest;

typedef struct {
    int actor; /* a role */
    char *repo;
    char *ref;
    int is_manifest;
} rs_cleanup_entry;

typedef struct {
    const rs_run_opts *o;
    const rs_scenario *sc;
    rs_result *res;
    rs_trace trace;
    rs_vars vars;
    rs_vars unset_why; /* variable -> why it has no value (a failed save, a skipped step) */
    rs_actor actors[RS_ROLE_COUNT];
    int has_actor[RS_ROLE_COUNT];
    rs_blob blobs[RS_MAX_BLOBS];
    int nblobs;
    rs_saved_manifest manifests[RS_MAX_SAVED_MANIFESTS];
    int nmanifests;
    rs_cleanup_entry *cleanup;
    int ncleanup, cleanup_cap;
    int open_check;  /* 1 + the index in res->cr of the check being evaluated; 0: none */
    int own_level;   /* 1 + the level of the check being evaluated when it has its own; 0: none */
    int nomem;       /* a value could not be expanded or saved for want of memory: an ERROR */
    rs_probe *probe; /* probe: true -- the scenario's SSRF probe (stopped in ctx_free) */
    rs_buf notes;    /* -v: the retry lines of the step running (http.c), moved to its log */
} rs_ctx;

/* What one step produced, for its checks and saves. */
typedef struct {
    rs_resp resp;
    int is_push;
    rs_push_result push;
    uint64_t sent;
    char digest[160]; /* requested blob digest or the manifest digest */
    int has_manifest;
    uint64_t manifest_size;
    char manifest_mt[96];
} rs_stepout;

rs_blob *rs_ctx_blob(rs_ctx *c, const char *name);
const rs_saved_manifest *rs_ctx_manifest(const rs_ctx *c, const char *var);
/* Remembers what to delete at the end; duplicates are dropped. -1 when out of memory. */
int rs_ctx_cleanup_add(rs_ctx *c, const rs_actor *a, const char *repo, const char *ref,
                       int is_manifest) RS_MUST_USE;
/* A step deleted it (2xx): the cleanup does not ask again. Pushed again later, it is re-added. */
void rs_ctx_cleanup_forget(rs_ctx *c, const char *repo, const char *ref, int is_manifest);

/* A check of step idx starts (at line:col of its value): until rs_ctx_check_close, failures
 * are its own; without a failure it is recorded as passed. */
void rs_ctx_check_open(rs_ctx *c, const rs_step *s, int idx, int line, int col, const char *check);
void rs_ctx_check_close(rs_ctx *c);
/* The check about to be opened has its own level (check_levels): its failures are at it. */
void rs_ctx_check_level(rs_ctx *c, rs_level level);

/* Records a failed check of step idx at the position (line, col) of what failed. A failed MUST
 * fails the scenario; SHOULD warns (fails under --strict); MAY only ever warns. */
void rs_ctx_fail(rs_ctx *c, const rs_step *s, int idx, int line, int col, const char *check,
                 const char *actual, const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/* What an expansion is for: a step's argument (the step is not sent without it) or a check's
 * expected value (the check is not made), and whether an empty result is refused. */
typedef enum { RS_X_ARG = 0, RS_X_CHECK = 1, RS_X_NONEMPTY = 2 } rs_xflags;

/* Expands a template value for step idx; NULL after recording a failed check when a placeholder
 * has no value (naming the variable and the step that should have set it) or, with
 * RS_X_NONEMPTY, when the result is empty. */
char *rs_ctx_expand(rs_ctx *c, const rs_step *s, int idx, const char *what, const rs_val *v,
                    int xflags);
/* As rs_ctx_expand, then a whole number; -1 after recording a failed check. */
long long rs_ctx_expand_int(rs_ctx *c, const rs_step *s, int idx, const char *what, const rs_val *v,
                            int xflags);

#endif
