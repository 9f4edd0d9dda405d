/* detect: `regsuite detect`, the proof that checks can fail -- which broken targets each scenario
 * fails on, whether each regression fails on its own reproduced_by target, and which targets make
 * each check kind of the table (checks.c) fail. Reports of the wrong shape are refused. */
#include "buf.h"
#include "cli.h"
#include "compare.h"
#include "exitcode.h"
#include "fileio.h"
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DET_MAX_REPORTS 128
#define DET_MAX_KINDS 64

typedef struct {
    cJSON *rep[DET_MAX_REPORTS]; /* rep[0]: the baseline (a correct registry) */
    int n;
    int col_hits[DET_MAX_REPORTS];
    const char *kinds[DET_MAX_KINDS]; /* check kinds: the table's, then implicit ones */
    int nkinds;
    char *justified; /* --justified FILE: lines "check: why", or NULL */
} det;

static const cJSON *results_of(const cJSON *rep)
{
    return cJSON_GetObjectItemCaseSensitive(rep, "results");
}

static const cJSON *find_result(const cJSON *rep, const char *id)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, results_of(rep)) if (strcmp(rs_jstr(x, "id"), id) == 0) return x;
    return NULL;
}

/* A check failed: FAIL, or WARN (a SHOULD or MAY check failed without failing the run). */
static int failed(const char *outcome)
{
    return strcmp(outcome, "FAIL") == 0 || strcmp(outcome, "WARN") == 0;
}

/* Whether target name is one of the scenario's reproduced_by. */
static int reproduces(const cJSON *r, const char *target)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(r, "reproduced_by"))
    {
        if (cJSON_IsString(t) && strcmp(t->valuestring, target) == 0)
            return 1;
    }
    return 0;
}

/* Whether scenario r (of the baseline) is caught on report i: it fails there, and not the same way
 * as on the baseline. */
static int caught_on(const det *d, const cJSON *r, int i, const char **oc)
{
    const cJSON *found = find_result(d->rep[i], rs_jstr(r, "id"));
    *oc = found ? rs_jstr(found, "outcome") : "-";
    int base_fails = failed(rs_jstr(r, "outcome"));
    return failed(*oc) &&
           (!base_fails || strcmp(rs_jstr(found, "actual"), rs_jstr(r, "actual")) != 0);
}

/* One scenario's row; 1 when it catches nothing (and passes the baseline). A regression's own
 * targets are R when caught there, ! when not. */
static int scenario_row(det *d, rs_buf *t, const cJSON *r, int *own_missed)
{
    int base_fails = failed(rs_jstr(r, "outcome")), row = 0, own = 0, own_hit = 0;
    rs_buf_catf(t, "%-56.56s", rs_jstr(r, "id"));
    for (int i = 1; i < d->n; i++) {
        const char *oc;
        int caught = caught_on(d, r, i, &oc), mine = reproduces(r, rs_jstr(d->rep[i], "target"));
        row += caught;
        d->col_hits[i] += caught;
        own += mine;
        own_hit += mine && caught;
        rs_buf_catf(t, " %2s",
                    mine                       ? (caught ? "R" : "!")
                    : caught                   ? "X"
                    : strcmp(oc, "SKIP") == 0  ? "s"
                    : strcmp(oc, "ERROR") == 0 ? "E"
                                               : ".");
    }
    const cJSON *rb = cJSON_GetObjectItemCaseSensitive(r, "reproduced_by");
    int nrb = cJSON_GetArraySize(rb);
    *own_missed = nrb > 0 && (own < nrb || own_hit < own);
    rs_buf_catf(t, "%s\n",
                nrb > 0 && own_hit < own ? "   <- a regression not failing on its own broken target"
                : nrb > own  ? "   <- a regression whose own broken target is not among the reports"
                : base_fails ? "   (fails on the baseline too: a listed deviation)"
                : row        ? ""
                             : "   <- catches nothing");
    return row == 0 && !base_fails;
}

/* The check with the same step, position and kind in baseline result b, or NULL. */
static const cJSON *same_check(const cJSON *b, const cJSON *c)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(b, "checks"))
    {
        int same = strcmp(rs_jstr(x, "check"), rs_jstr(c, "check")) == 0;
        static const char *const pos[] = {"step", "line", "col"};
        for (int k = 0; same && k < 3; k++) {
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(x, pos[k]),
                        *q = cJSON_GetObjectItemCaseSensitive(c, pos[k]);
            same = cJSON_IsNumber(p) && cJSON_IsNumber(q) && p->valuedouble == q->valuedouble;
        }
        if (same)
            return x;
    }
    return NULL;
}

/* How many checks of kind failed on the baseline itself (its listed deviations). */
static int baseline_hits(const det *d, const char *kind)
{
    int hits = 0;
    const cJSON *r, *c;
    cJSON_ArrayForEach(r, results_of(d->rep[0]))
    {
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(r, "checks"))
        {
            hits += strcmp(rs_jstr(c, "check"), kind) == 0 &&
                    strcmp(rs_jstr(c, "verdict"), "pass") != 0;
        }
    }
    return hits;
}

/* How many checks of kind on report i failed where the same check did not fail on the baseline. */
static int kind_hits(const det *d, int i, const char *kind)
{
    int hits = 0;
    const cJSON *r, *c;
    cJSON_ArrayForEach(r, results_of(d->rep[i]))
    {
        const cJSON *b = find_result(d->rep[0], rs_jstr(r, "id"));
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(r, "checks"))
        {
            if (strcmp(rs_jstr(c, "check"), kind) != 0 ||
                strcmp(rs_jstr(c, "verdict"), "pass") == 0)
                continue;
            const cJSON *bc = b ? same_check(b, c) : NULL;
            hits += !bc || strcmp(rs_jstr(bc, "verdict"), "pass") == 0;
        }
    }
    return hits;
}

/* The justification of kind in --justified's lines "kind: why", into why; 0 when none. */
static int justified(const det *d, const char *kind, char *why, size_t len)
{
    size_t n = strlen(kind);
    for (const char *p = d->justified; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "") {
        if (strncmp(p, kind, n) == 0 && p[n] == ':') {
            const char *s = p + n + 1 + (p[n + 1] == ' ');
            snprintf(why, len, "%.*s", (int)strcspn(s, "\n"), s);
            return 1;
        }
    }
    return 0;
}

static void add_kind(det *d, const char *k)
{
    for (int i = 0; i < d->nkinds; i++)
        if (strcmp(d->kinds[i], k) == 0)
            return;
    if (d->nkinds < DET_MAX_KINDS)
        d->kinds[d->nkinds++] = k;
}

/* The check-kind table; returns how many kinds no target makes fail and nothing justifies. */
static int kind_table(det *d, rs_buf *t)
{
    int n, bare = 0;
    const rs_check_kind *ks = rs_check_kinds(&n);
    for (int i = 0; i < n; i++)
        add_kind(d, ks[i].name);
    static const char *const IMPLICIT[] = {"http", "save", "when"}; /* README: made unasked */
    for (size_t i = 0; i < sizeof(IMPLICIT) / sizeof(IMPLICIT[0]); i++)
        add_kind(d, IMPLICIT[i]);
    rs_buf_catf(t,
                "\ncheck kinds: X = a check of that kind fails on that broken target where it "
                "passes (or does not run) on the baseline\n%-56s",
                "check \\ target");
    for (int i = 1; i < d->n; i++)
        rs_buf_catf(t, " %2d", i);
    rs_buf_cat(t, "\n", 1);
    for (int k = 0; k < d->nkinds; k++) {
        int targets = 0;
        char why[512];
        rs_buf_catf(t, "%-56.56s", d->kinds[k]);
        for (int i = 1; i < d->n; i++) {
            int h = kind_hits(d, i, d->kinds[k]);
            targets += h > 0;
            rs_buf_catf(t, " %2s", h ? "X" : ".");
        }
        if (targets)
            rs_buf_catf(t, "   %d target(s)\n", targets);
        else if (baseline_hits(d, d->kinds[k]))
            rs_buf_catf(t, "   the baseline itself fails it (a deviation of %s)\n",
                        rs_jstr(d->rep[0], "target"));
        else if (justified(d, d->kinds[k], why, sizeof(why)))
            rs_buf_catf(t, "   no target; justified: %s\n", why);
        else
            rs_buf_catf(t, "   <- no broken target makes it fail\n"), bare++;
    }
    return bare;
}

/* The three tables into t; the exit code. */
static int detect_tables(det *d, rs_buf *t)
{
    rs_buf_catf(t,
                "detection table: X = a check fails on that broken target (not, or not the same "
                "way, on %s);\n"
                "                 R = the same on a regression's own target (reproduced_by), ! = "
                "not caught there;\n"
                "                 . passes, s skipped, E runtime error\n",
                rs_jstr(d->rep[0], "target"));
    for (int i = 1; i < d->n; i++) /* a legend: target names are too long for columns */
        rs_buf_catf(t, "  %2d = %s\n", i, rs_jstr(d->rep[i], "target"));
    rs_buf_catf(t, "%-56s", "scenario \\ target");
    for (int i = 1; i < d->n; i++)
        rs_buf_catf(t, " %2d", i);
    rs_buf_cat(t, "\n", 1);
    int empty_rows = 0, missed = 0, nreg = 0, empty_cols = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, results_of(d->rep[0]))
    {
        int own_missed;
        empty_rows += scenario_row(d, t, r, &own_missed);
        missed += own_missed;
        nreg += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "reproduced_by")) > 0;
    }
    for (int i = 1; i < d->n; i++)
        if (!d->col_hits[i]) {
            rs_buf_catf(t, "target %s is caught by no scenario\n", rs_jstr(d->rep[i], "target"));
            empty_cols++;
        }
    int bare = kind_table(d, t);
    rs_buf_catf(t,
                "detection: %d scenario(s) catch nothing, %d target(s) uncaught, %d of %d "
                "regression(s) not failing on their own target (or not run there), %d check "
                "kind(s) failing nowhere "
                "unjustified\n",
                empty_rows, empty_cols, missed, nreg, bare);
    return empty_rows || empty_cols || missed || bare ? RS_EXIT_CHECKS : 0;
}

static void det_free(det *d)
{
    for (int i = 0; i < d->n; i++)
        cJSON_Delete(d->rep[i]);
    free(d->justified);
}

/* regsuite detect [--out FILE] [--justified FILE] BASELINE.json BROKEN.json... */
int rs_cmd_detect(int argc, char **argv)
{
    const char *out = NULL;
    det d = {0};
    rs_err e;
    for (; argc >= 2 && (strcmp(argv[0], "--out") == 0 || strcmp(argv[0], "--justified") == 0);
         argc -= 2, argv += 2) {
        if (strcmp(argv[0], "--out") == 0)
            out = argv[1];
        else if (!d.justified && !(d.justified = rs_read_file(argv[1], 1 << 20, NULL, &e))) {
            fprintf(stderr, "regsuite: %s\n", e.msg);
            return RS_EXIT_USAGE;
        }
    }
    if (argc < 2 || argc > DET_MAX_REPORTS) {
        fprintf(stderr,
                "regsuite: detect takes a baseline report and 1 to %d broken targets' "
                "reports\n",
                DET_MAX_REPORTS - 1);
        det_free(&d);
        return RS_EXIT_USAGE;
    }
    for (; d.n < argc; d.n++)
        if (!(d.rep[d.n] = rs_report_read(argv[d.n]))) {
            det_free(&d);
            return RS_EXIT_USAGE;
        }
    rs_buf t;
    rs_buf_init(&t, 1 << 24);
    int rc = detect_tables(&d, &t);
    fputs(rs_buf_str(&t), stdout);
    if (out && rs_write_file(out, rs_buf_str(&t), t.len, &e) != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", e.msg);
        rc = RS_EXIT_USAGE;
    }
    rs_buf_free(&t);
    det_free(&d);
    return rc;
}
