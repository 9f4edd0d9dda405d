#include "cli.h"

#include "exitcode.h"
#include "retry.h"
#include "spec.h"

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
    {"--html", "FILE", OPT_STR, OFF(html), 0, 0,
     "HTML report: one self-contained page (filters, checks, traces; no network)"},
    {"--html-compare", "OLD", OPT_STR, OFF(html_compare), 0, 0,
     "with --html: the page shows the diff against OLD, an earlier run's --json"},
    {"--filter", "EXPR", OPT_STR, OFF(filter), 0, 0,
     "comma-separated ids, keywords or suite names; !x excludes x"},
    {"--spec", "VERSION", OPT_STR, OFF(spec), 0, 0,
     "the levels of this OCI distribution-spec release (default: the latest)"},
    {"--strict", NULL, OPT_FLAG, OFF(strict), 0, 0, "a failed SHOULD fails the run"},
    {"--fail-on-skip", NULL, OPT_FLAG, OFF(fail_on_skip), 0, 0,
     "a skipped MUST scenario fails the run (exit 1)"},
    {"--insecure", NULL, OPT_FLAG, OFF(insecure), 0, 0, "no TLS verification"},
    {"--timeout", "S", OPT_LONG, OFF(timeout_s), 1, 3600,
     "a request fails after S seconds in which under 1 KiB/s moved (default: the target's, 30)"},
    {"--deadline", "S", OPT_LONG, OFF(deadline_s), 1, 7 * 86400,
     "the whole run ends after S seconds: the rest are errors, exit 3"},
    {"--max-timeouts", "N", OPT_LONG, OFF(max_timeouts), 0, 100000,
     "after N requests timed out or still refused (429/503) when their retries ran out, the "
     "target is unresponsive: exit 3 (default 3; 0: no limit)"},
    {"--retries", "N", OPT_LONG, OFF(retries), 0, RS_RETRIES_MAX,
     "a 429 or 503 answer is retried N times (0-10, default 3), after its Retry-After (at most "
     "10 s) or a backoff from 1 s; only requests safe to send twice (README: Rate limits and busy "
     "registries)"},
    {"--expected", "FILE", OPT_STR, OFF(expected), 0, 0,
     "expected failures (suites/expected/*.yaml): listed ones failing as listed are XFAIL"},
    {"--strict-expected", NULL, OPT_FLAG, OFF(strict_expected), 0, 0,
     "a listed expected failure that passes (XPASS) fails the run"},
    {"--write-expected", "FILE", OPT_STR, OFF(write_expected), 0, 0,
     "writes the run's failures as a list for --expected (keeps --expected's refs)"},
    {"--trace-dir", "DIR", OPT_STR, OFF(trace_dir), 0, 0,
     "one redacted HTTP trace file per scenario (DIR/<id>.trace), passing ones too"},
    {"-j", "N", OPT_LONG, OFF(jobs), 1, 64,
     "N scenarios at once, each in its own thread (1-64, default 1; above the count: the count)"},
    {"--shard", "I/N", OPT_STR, OFF(shard), 0, 0,
     "only the I-th of N deterministic slices (for CI matrices; regsuite merge joins them)"},
    {"-v", NULL, OPT_FLAG, OFF(verbose), 0, 0,
     "each scenario's name, file and step lines, in order, on stdout; at the end, per role, "
     "the requests over HTTP/2 and HTTP/1 and the connections they took"},
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
        "       regsuite list [--tsv] PATH...\n"
        "       regsuite expect [--only-ran] [--repaired-ok] --list EXPECTED.yaml REPORT.json\n"
        "       regsuite detect [--out FILE] BASELINE.json BROKEN.json...\n"
        "       regsuite diff [--json FILE] OLD.json NEW.json\n"
        "       regsuite merge [--junit FILE] [--json FILE] SHARD.json...\n"
        "       regsuite reference\n"
        "       regsuite --version\n"
        "       regsuite help (or --help, -h after any command)\n"
        "\n"
        "run     runs the scenario files or folders; without --target the OCI conformance\n"
        "        suite's variables are used (OCI_ROOT_URL, OCI_NAMESPACE, OCI_USERNAME, ...).\n");
    for (size_t i = 0; i < NOPTS; i++) {
        char left[64];
        snprintf(left, sizeof(left), "%s%s%s", RUN_OPTS[i].name, RUN_OPTS[i].arg ? " " : "",
                 RUN_OPTS[i].arg ? RUN_OPTS[i].arg : "");
        fprintf(f, "  %-21s %s\n", left, RUN_OPTS[i].doc);
    }
    char specs[256];
    rs_spec_names(specs, sizeof(specs));
    fprintf(f, "  --spec releases:   %s\n", specs);
    fprintf(f,
            "list    prints id, level, the number of actors and title of each scenario, then\n"
            "        the counts; --tsv: id, folder, level, actors, reproduced_by, affects, title.\n"
            "expect  compares a JSON report with the committed list of expected failures;\n"
            "        --only-ran: listed scenarios that did not run are not differences.\n"
            "        --repaired-ok: nor listed ones that pass or only warn (a target that\n"
            "        lacks the listed registry's deviation, e.g. a spec-legal variant).\n"
            "detect  [--out FILE] [--justified FILE] BASE.json BROKEN.json...: which broken\n"
            "        targets each scenario fails on (a regression on its own reproduced_by\n"
            "        target) and which make each check kind fail; exit 1 when one catches\n"
            "        nothing or a check kind fails nowhere without a reason in --justified.\n"
            "diff    compares two JSON reports: new failures, fixes, changed answers, new and\n"
            "        removed scenarios; --json FILE writes the same as JSON. Exit 1 when a\n"
            "        scenario regressed (a new failure or a changed answer), 2 on bad input.\n"
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

/* text for roff: backslashes escaped, a leading dot or quote made literal; in option names
 * (opt) hyphens as \- so that they can be searched and copied */
static void roff_text(FILE *f, const char *s, int opt)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", f);
    for (; *s; s++)
        fputs(*s == '\\' ? "\\e" : *s == '-' && opt ? "\\-" : (char[2]){*s, 0}, f);
}

void rs_cli_man_options(FILE *f)
{
    for (size_t i = 0; i < NOPTS; i++) {
        fputs(".TP\n.B ", f);
        roff_text(f, RUN_OPTS[i].name, 1);
        if (RUN_OPTS[i].arg) {
            fputs(" \\fI", f);
            roff_text(f, RUN_OPTS[i].arg, 1);
            fputs("\\fR", f);
        }
        fputc('\n', f);
        roff_text(f, RUN_OPTS[i].doc, 0);
        fputs(".\n", f);
    }
}

/* Whether v is one of run's options (then it is not the value of the option before it). */
static int is_run_option(const char *v)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (strcmp(v, RUN_OPTS[i].name) == 0)
            return 1;
    return 0;
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
    if (is_run_option(v))
        return rs_errf(err, RS_ERR_USAGE, "%s needs a value (%s), found the option '%s' instead",
                       d->name, d->arg, v);
    if (d->kind == OPT_STR) {
        *(const char **)base = v;
        return RS_OK;
    }
    if (rs_cli_long(v, d->min, d->max, (long *)base) != 0)
        return rs_errf(err, RS_ERR_USAGE, "%s '%s': expected a whole number from %ld to %ld",
                       d->name, v, d->min, d->max);
    return RS_OK;
}

/* --spec: one of the releases of spec.h's table; without it the latest release. */
static rs_status cli_spec(rs_cli_run *o, rs_err *err)
{
    o->spec_index = o->spec ? rs_spec_find(o->spec) : RS_SPEC_DEFAULT;
    if (o->spec_index >= 0)
        return RS_OK;
    char specs[256];
    rs_spec_names(specs, sizeof(specs));
    return rs_errf(err, RS_ERR_USAGE, "--spec '%s': unknown release (known: %s)", o->spec, specs);
}

/* Edit distance of a and b (insert, delete, replace, swap of neighbours), capped at 9. */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 30 || lb > 30)
        return 9;
    int d[32][32];
    for (size_t i = 0; i <= la; i++)
        for (size_t j = 0; j <= lb; j++) {
            if (!i || !j) {
                d[i][j] = (int)(i + j);
                continue;
            }
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            best = d[i - 1][j] + 1 < best ? d[i - 1][j] + 1 : best;
            best = d[i][j - 1] + 1 < best ? d[i][j - 1] + 1 : best;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb] < 9 ? d[la][lb] : 9;
}

/* An unknown option, with the nearest known one when it is close (a typo). */
static rs_status unknown_option(const char *a, rs_err *err)
{
    const char *near = NULL;
    int best = 3; /* at most 2 edits */
    for (size_t k = 0; k < NOPTS; k++) {
        int d = distance(a, RUN_OPTS[k].name);
        if (d < best) {
            best = d;
            near = RUN_OPTS[k].name;
        }
    }
    if (near)
        return rs_errf(err, RS_ERR_USAGE, "unknown option %s (did you mean %s?)", a, near);
    return rs_errf(err, RS_ERR_USAGE, "unknown option %s", a);
}

rs_status rs_cli_parse_run(int argc, char **argv, rs_cli_run *o, rs_err *err)
{
    memset(o, 0, sizeof(*o));
    o->max_timeouts = 3;
    o->retries = RS_RETRIES_DEFAULT;
    o->jobs = 1;
    o->paths = calloc((size_t)argc + 1, sizeof(char *));
    if (!o->paths)
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    const char *given[NOPTS] = {0}; /* each valued option's value, to refuse a second one */
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
        if (!d && strncmp(a, "--", 2) == 0 && strchr(a, '='))
            return rs_errf(err, RS_ERR_USAGE, "%s: give an option's value after a space (%.*s %s)",
                           a, (int)(strchr(a, '=') - a), a, strchr(a, '=') + 1);
        if (!d)
            return unknown_option(a, err);
        const char *v = d->kind != OPT_FLAG && i + 1 < argc ? argv[++i] : NULL;
        size_t k = (size_t)(d - RUN_OPTS);
        if (v && given[k])
            return rs_errf(err, RS_ERR_USAGE, "%s is given twice ('%s', then '%s'): give it once",
                           a, given[k], v);
        given[k] = v;
        rs_status st = set_opt(d, v, o, err);
        if (st)
            return st;
    }
    if (o->npaths == 0)
        return rs_errf(err, RS_ERR_USAGE, "run needs at least one scenario file or folder");
    if (o->html_compare && !o->html)
        return rs_errf(err, RS_ERR_USAGE, "--html-compare needs --html FILE (the page it goes in)");
    return cli_spec(o, err);
}

void rs_cli_run_free(rs_cli_run *o)
{
    free(o->paths);
    o->paths = NULL;
}
