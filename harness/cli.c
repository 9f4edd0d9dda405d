#include "cli.h"

#include "exitcode.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum { OPT_FLAG, OPT_STR, OPT_LONG } opt_kind;

typedef struct {
    const char *name;
    const char *arg; /* the value's name in the usage text; NULL for a flag */
    opt_kind kind;
    size_t off; /* into rs_cli_run */
    long min, max;
    const char *doc;
} opt_def;

#define OFF(f) offsetof(rs_cli_run, f)
static const opt_def RUN_OPTS[] = {
    {"--target", "FILE", OPT_STR, OFF(target_file), 0, 0,
     "the registry (fixtures/README.md); without it the OCI_* variables"},
    {"--junit", "FILE", OPT_STR, OFF(junit), 0, 0, "JUnit XML report"},
    {"--json", "FILE", OPT_STR, OFF(json), 0, 0, "JSON report"},
    {"--filter", "EXPR", OPT_STR, OFF(filter), 0, 0,
     "comma-separated ids, keywords or suite names; !x excludes x"},
    {"--strict", NULL, OPT_FLAG, OFF(strict), 0, 0, "a failed SHOULD fails the run"},
    {"--fail-on-skip", NULL, OPT_FLAG, OFF(fail_on_skip), 0, 0,
     "a skipped MUST scenario fails the run (exit 1)"},
    {"--insecure", NULL, OPT_FLAG, OFF(insecure), 0, 0, "no TLS verification"},
    {"--timeout", "S", OPT_LONG, OFF(timeout_s), 1, 3600,
     "a request fails after S seconds without a byte moving (default: the target's, 30)"},
    {"--deadline", "S", OPT_LONG, OFF(deadline_s), 1, 7 * 86400,
     "the whole run ends after S seconds: the rest are errors, exit 3"},
    {"--max-timeouts", "N", OPT_LONG, OFF(max_timeouts), 0, 100000,
     "after N timed-out requests the target is unresponsive: exit 3 (default 3; 0: no limit)"},
    {"-j", "N", OPT_LONG, OFF(jobs), 1, 64,
     "N scenarios at once, each in its own thread (default 1; N above the count is fine)"},
    {"--shard", "I/N", OPT_STR, OFF(shard), 0, 0,
     "only the I-th of N deterministic slices (for CI matrices; regsuite merge joins them)"},
    {"-v", NULL, OPT_FLAG, OFF(verbose), 0, 0, "the scenario names and files on stderr"},
};
#define NOPTS (sizeof(RUN_OPTS) / sizeof(RUN_OPTS[0]))

int rs_cli_long(const char *s, long min, long max, long *out)
{
    if (!s || !*s)
        return -1;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

void rs_cli_usage(FILE *f)
{
    fprintf(
        f,
        "usage: regsuite run [OPTION...] PATH...\n"
        "       regsuite list PATH...\n"
        "       regsuite expect [--only-ran] [--repaired-ok] --list EXPECTED.yaml REPORT.json\n"
        "       regsuite detect [--out FILE] BASELINE.json BROKEN.json...\n"
        "       regsuite merge [--junit FILE] [--json FILE] SHARD.json...\n"
        "       regsuite reference\n"
        "       regsuite help (or --help, -h after any command)\n"
        "\n"
        "run     runs the scenario files or folders; without --target the OCI conformance\n"
        "        suite's variables are used (OCI_ROOT_URL, OCI_NAMESPACE, OCI_USERNAME, ...).\n");
    for (size_t i = 0; i < NOPTS; i++) {
        char left[64];
        snprintf(left, sizeof(left), "%s%s%s", RUN_OPTS[i].name, RUN_OPTS[i].arg ? " " : "",
                 RUN_OPTS[i].arg ? RUN_OPTS[i].arg : "");
        fprintf(f, "  %-18s %s\n", left, RUN_OPTS[i].doc);
    }
    fprintf(f,
            "list    prints id, level and title of each scenario.\n"
            "expect  compares a JSON report with the committed list of expected failures;\n"
            "        --only-ran: listed scenarios that did not run are not differences.\n"
            "        --repaired-ok: nor listed ones that pass or only warn (a target that\n"
            "        lacks the listed registry's deviation, e.g. a spec-legal variant).\n"
            "detect  prints which scenarios caught which broken target.\n"
            "merge   joins the JSON reports of a run's shards (--shard) into one JSON and/or\n"
            "        JUnit report, in plan order; reports of different targets or regsuite\n"
            "        versions, a shard missing or given twice are errors (exit 2).\n"
            "reference  prints the scenario format: steps, parameters, checks, saves (Markdown).\n"
            "\n"
            "exit: 0 every MUST check passed; 1 a check failed or a scenario errored;\n"
            "      2 usage, parse or config error (bad credentials too); 3 the target could\n"
            "      not be reached, was unresponsive, or --deadline passed; 130/143 SIGINT/SIGTERM\n"
            "      (the reports hold what ran, marked partial).\n");
}

static rs_status set_opt(const opt_def *d, const char *v, rs_cli_run *o, rs_err *err)
{
    char *base = (char *)o + d->off;
    if (d->kind == OPT_FLAG) {
        *(int *)base = 1;
        return RS_OK;
    }
    if (!v)
        return rs_errf(err, RS_ERR_USAGE, "%s needs a value (%s)", d->name, d->arg);
    if (d->kind == OPT_STR) {
        *(const char **)base = v;
        return RS_OK;
    }
    if (rs_cli_long(v, d->min, d->max, (long *)base) != 0)
        return rs_errf(err, RS_ERR_USAGE, "%s '%s': expected a whole number from %ld to %ld",
                       d->name, v, d->min, d->max);
    return RS_OK;
}

rs_status rs_cli_parse_run(int argc, char **argv, rs_cli_run *o, rs_err *err)
{
    memset(o, 0, sizeof(*o));
    o->max_timeouts = 3;
    o->jobs = 1;
    o->paths = calloc((size_t)argc + 1, sizeof(char *));
    if (!o->paths)
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            o->paths[o->npaths++] = argv[i];
            continue;
        }
        const opt_def *d = NULL;
        for (size_t k = 0; k < NOPTS && !d; k++)
            if (strcmp(a, RUN_OPTS[k].name) == 0)
                d = &RUN_OPTS[k];
        if (!d)
            return rs_errf(err, RS_ERR_USAGE, "unknown option %s", a);
        const char *v = d->kind != OPT_FLAG && i + 1 < argc ? argv[++i] : NULL;
        rs_status st = set_opt(d, v, o, err);
        if (st)
            return st;
    }
    if (o->npaths == 0)
        return rs_errf(err, RS_ERR_USAGE, "run needs at least one scenario file or folder");
    return RS_OK;
}

void rs_cli_run_free(rs_cli_run *o)
{
    free(o->paths);
    o->paths = NULL;
}
