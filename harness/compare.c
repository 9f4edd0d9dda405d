/* compare: the `expect` command (a JSON report against the committed list of expected failures)
 * and the reading of JSON reports it shares with `detect`. Reports of the wrong shape are refused,
 * never crash. */
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

cJSON *rs_report_read(const char *path)
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
const char *rs_jstr(const cJSON *o, const char *k)
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
    cJSON_ArrayForEach(r, results) if (strcmp(rs_jstr(r, "id"), e->id) == 0) found = r;
    const char *oc = found ? rs_jstr(found, "outcome") : "";
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
    if (e->has_actual && strcmp(e->actual, rs_jstr(found, "actual")) != 0) {
        printf("expected failure %s fails differently: listed '%s', now '%s'\n", e->id, e->actual,
               rs_jstr(found, "actual"));
        return 1;
    }
    if (e->has_at && strcmp(e->at, rs_jstr(found, "at")) != 0) {
        printf("expected failure %s fails elsewhere: listed at '%s', now at '%s'\n", e->id, e->at,
               rs_jstr(found, "at"));
        return 1;
    }
    printf("expected failure %s: still %s with '%s' (%s)\n", e->id, oc, rs_jstr(found, "actual"),
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
        const char *oc = rs_jstr(r, "outcome");
        if (strcmp(oc, "FAIL") != 0 && strcmp(oc, "ERROR") != 0)
            continue;
        if (!rs_baseline_find(b, rs_jstr(r, "id")) || strcmp(oc, "ERROR") == 0) {
            printf("unexpected %s: %s: %s%s\n", oc, rs_jstr(r, "id"), rs_jstr(r, "first_failure"),
                   rs_jstr(r, "reason"));
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
    cJSON *rep = rs_report_read(argv[2]);
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
