/* compare: the `expect` command (a JSON report against the committed list of expected failures)
 * and the `detect` command (which scenarios caught which broken target). Reports of the wrong
 * shape are refused, never crash. */
#include "compare.h"

#include "baseline.h"
#include "buf.h"
#include "cli.h"
#include "exitcode.h"
#include "fileio.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *read_json(const char *path)
{
    rs_err e;
    char *buf = rs_read_file(path, 64 << 20, NULL, &e);
    if (!buf) {
        fprintf(stderr, "regsuite: %s\n", e.msg);
        return NULL;
    }
    cJSON *j = cJSON_Parse(buf);
    free(buf);
    if (j &&
        (!cJSON_IsObject(j) || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "results")))) {
        cJSON_Delete(j);
        j = NULL;
    }
    if (!j)
        fprintf(stderr, "regsuite: %s: not a regsuite JSON report\n", path);
    return j;
}

/* A string member of an object, or "" for anything else (a report of the wrong shape). */
static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* How expect reads the list: --only-ran, --repaired-ok. */
typedef struct {
    int only_ran; /* a listed scenario that did not run is not a difference */
    int repaired; /* nor one that passes or only warns (a target without local's deviation) */
} expect_opts;

/* One listed expected failure against the report: 1 when it is a difference. */
static int expect_entry(const rs_baseline_entry *e, const cJSON *results, const expect_opts *eo)
{
    const cJSON *found = NULL, *r;
    cJSON_ArrayForEach(r, results) if (strcmp(jstr(r, "id"), e->id) == 0) found = r;
    const char *oc = found ? jstr(found, "outcome") : "";
    if (!found) {
        printf("expected failure %s did not run%s\n", e->id, eo->only_ran ? " (ignored)" : "");
        return !eo->only_ran;
    }
    if (eo->repaired && strcmp(oc, "FAIL") != 0 && strcmp(oc, "ERROR") != 0) {
        printf("expected failure %s now %s: repaired on this target (ignored)\n", e->id, oc);
        return 0;
    }
    if (strcmp(oc, "FAIL") != 0 && strcmp(oc, "WARN") != 0) {
        printf("expected failure %s now %s (%s): update the list\n", e->id, oc, e->ref);
        return 1;
    }
    if (e->has_actual && strcmp(e->actual, jstr(found, "actual")) != 0) {
        printf("expected failure %s fails differently: listed '%s', now '%s'\n", e->id, e->actual,
               jstr(found, "actual"));
        return 1;
    }
    if (e->has_at && strcmp(e->at, jstr(found, "at")) != 0) {
        printf("expected failure %s fails elsewhere: listed at '%s', now at '%s'\n", e->id, e->at,
               jstr(found, "at"));
        return 1;
    }
    printf("expected failure %s: still %s with '%s' (%s)\n", e->id, oc, jstr(found, "actual"),
           e->ref);
    return 0;
}

/* Failures and errors of the report that the list does not name (errors always count). */
static int unlisted(const rs_baseline *b, const cJSON *results)
{
    int differences = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, results)
    {
        const char *oc = jstr(r, "outcome");
        if (strcmp(oc, "FAIL") != 0 && strcmp(oc, "ERROR") != 0)
            continue;
        if (!rs_baseline_find(b, jstr(r, "id")) || strcmp(oc, "ERROR") == 0) {
            printf("unexpected %s: %s: %s%s\n", oc, jstr(r, "id"), jstr(r, "first_failure"),
                   jstr(r, "reason"));
            differences++;
        }
    }
    return differences;
}

int rs_cmd_expect(int argc, char **argv)
{
    expect_opts eo = {0, 0};
    for (; argc > 3 && argv[0][0] == '-' && argv[0][1] == '-'; argv++, argc--) {
        if (strcmp(argv[0], "--only-ran") == 0)
            eo.only_ran = 1;
        else if (strcmp(argv[0], "--repaired-ok") == 0)
            eo.repaired = 1;
        else
            break;
    }
    if (argc != 3 || strcmp(argv[0], "--list") != 0) {
        rs_cli_usage(stderr);
        return RS_EXIT_USAGE;
    }
    rs_baseline b;
    rs_err e;
    if (rs_baseline_load(&b, argv[1], &e) != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", e.msg);
        return RS_EXIT_USAGE;
    }
    cJSON *rep = read_json(argv[2]);
    if (!rep) {
        rs_baseline_free(&b);
        return RS_EXIT_USAGE;
    }
    int differences = 0;
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(rep, "results");
    for (int i = 0; i < b.n; i++)
        differences += expect_entry(&b.e[i], results, &eo);
    differences += unlisted(&b, results);
    printf("expected failures: %d listed, %d difference(s)\n", b.n, differences);
    cJSON_Delete(rep);
    rs_baseline_free(&b);
    return differences ? RS_EXIT_CHECKS : 0;
}

/* A check failed: FAIL, or WARN (a SHOULD or MAY check failed without failing the run). */
static int check_failed(const char *outcome)
{
    return strcmp(outcome, "FAIL") == 0 || strcmp(outcome, "WARN") == 0;
}

/* One scenario's row of the detection table; 1 when it catches nothing (and passes the baseline).
 */
static int detect_row(rs_buf *t, const cJSON *r, cJSON **reps, int nrep, int *col_hits)
{
    const char *id = jstr(r, "id");
    int base_fails = check_failed(jstr(r, "outcome"));
    int row = 0;
    rs_buf_catf(t, "%-40.40s", id);
    for (int i = 1; i < nrep; i++) {
        const cJSON *x, *found = NULL;
        cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(reps[i], "results"))
        {
            if (strcmp(jstr(x, "id"), id) == 0)
                found = x;
        }
        const char *oc = found ? jstr(found, "outcome") : "-";
        int caught = check_failed(oc) &&
                     (!base_fails || strcmp(jstr(found, "actual"), jstr(r, "actual")) != 0);
        row += caught;
        col_hits[i] += caught;
        rs_buf_catf(t, " %2s",
                    caught                     ? "X"
                    : strcmp(oc, "SKIP") == 0  ? "s"
                    : strcmp(oc, "ERROR") == 0 ? "E"
                                               : ".");
    }
    /* a scenario failing on the baseline already shows it failing on a target with the bug
     * (the baseline's listed deviation); it still must not fail the same way everywhere */
    rs_buf_catf(t, "%s\n",
                base_fails ? "   (fails on the baseline too: a listed deviation)"
                : row      ? ""
                           : "   <- catches nothing");
    return row == 0 && !base_fails;
}

int rs_cmd_detect(int argc, char **argv)
{
    const char *out = NULL;
    int first = 0;
    if (argc >= 2 && strcmp(argv[0], "--out") == 0) {
        out = argv[1];
        first = 2;
    }
    int nrep = argc - first;
    if (nrep < 2) {
        rs_cli_usage(stderr);
        return RS_EXIT_USAGE;
    }
    cJSON *reps[64];
    if (nrep > 64)
        nrep = 64;
    for (int i = 0; i < nrep; i++)
        if (!(reps[i] = read_json(argv[first + i]))) {
            for (int k = 0; k < i; k++)
                cJSON_Delete(reps[k]);
            return RS_EXIT_USAGE;
        }
    rs_buf t;
    rs_buf_init(&t, 1 << 22);
    const cJSON *base = cJSON_GetObjectItemCaseSensitive(reps[0], "results"), *r;
    rs_buf_catf(&t,
                "detection table: X = a check fails on that broken target (not, or not the same "
                "way, on %s);\n"
                "                 . passes, s skipped, E runtime error\n",
                jstr(reps[0], "target"));
    for (int i = 1; i < nrep; i++) /* a legend: target names are too long for columns */
        rs_buf_catf(&t, "  %2d = %s\n", i, jstr(reps[i], "target"));
    rs_buf_catf(&t, "%-40s", "scenario \\ target");
    int col_hits[64] = {0};
    for (int i = 1; i < nrep; i++)
        rs_buf_catf(&t, " %2d", i);
    rs_buf_cat(&t, "\n", 1);
    int empty_rows = 0;
    cJSON_ArrayForEach(r, base) empty_rows += detect_row(&t, r, reps, nrep, col_hits);
    int empty_cols = 0;
    for (int i = 1; i < nrep; i++)
        if (!col_hits[i]) {
            rs_buf_catf(&t, "target %s is caught by no scenario\n", jstr(reps[i], "target"));
            empty_cols++;
        }
    rs_buf_catf(&t, "detection: %d scenario(s) catch nothing, %d target(s) uncaught\n", empty_rows,
                empty_cols);
    fputs(rs_buf_str(&t), stdout);
    rs_err e;
    int write_failed = out && rs_write_file(out, rs_buf_str(&t), t.len, &e) != RS_OK;
    if (write_failed)
        fprintf(stderr, "regsuite: %s\n", e.msg);
    rs_buf_free(&t);
    for (int i = 0; i < nrep; i++)
        cJSON_Delete(reps[i]);
    return write_failed ? RS_EXIT_USAGE : empty_rows || empty_cols ? RS_EXIT_CHECKS : 0;
}
