/* regsuite: the program. Dispatches the commands (cli.c parses, plan.c selects, preflight.c checks
 * the target, run.c runs, report.c writes, compare.c holds expect and detect) and owns the run's
 * guard: the signal thread, --deadline and --max-timeouts. Exit codes: exitcode.h. */
#include "baseline.h"
#include "cli.h"
#include "compare.h"
#include "diff.h"
#include "exitcode.h"
#include "fixture.h"
#include "plan.h"
#include "pool.h"
#include "preflight.h"
#include "report.h"
#include "report_html.h"
#include "run.h"
#include "schema.h"
#include "tracefile.h"
#include "version.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    rs_guard *guard;
    sigset_t set; /* SIGINT, SIGTERM, and SIGUSR1: the run is over */
    pthread_t tid;
    int started;
} sig_watch;

/* A signal this soon after the first is the same stop delivered twice, not a second request:
 * timeout(1) signals the process and then its group. */
#define SIG_AGAIN_AFTER_S 2.0

static double mono_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The only place signals are taken: a stop request for the run (the reports are still written);
 * another, SIG_AGAIN_AFTER_S or more later, ends it at once without them. */
static void *sig_thread(void *arg)
{
    sig_watch *w = arg;
    double first = 0;
    for (;;) {
        int sig = 0;
        if (sigwait(&w->set, &sig) != 0 || sig == SIGUSR1)
            return NULL;
        if (atomic_load(&w->guard->signo) != 0) {
            if (mono_s() - first < SIG_AGAIN_AFTER_S) {
                fprintf(stderr, "regsuite: signal %d: already stopping\n", sig);
                continue;
            }
            _exit(RS_EXIT_SIGNAL_BASE + sig);
        }
        first = mono_s();
        atomic_store(&w->guard->signo, sig);
        rs_guard_stop(w->guard, RS_STOP_SIGNAL);
        fprintf(stderr,
                "\nregsuite: signal %d: stopping, the reports will be written (again, %.0f s or "
                "more from now, to quit at once without them)\n",
                sig, SIG_AGAIN_AFTER_S);
    }
}

static void sig_watch_start(sig_watch *w, rs_guard *g)
{
    memset(w, 0, sizeof(*w));
    w->guard = g;
    sigemptyset(&w->set);
    sigaddset(&w->set, SIGINT);
    sigaddset(&w->set, SIGTERM);
    sigaddset(&w->set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &w->set, NULL); /* before any other thread: all inherit it */
    w->started = pthread_create(&w->tid, NULL, sig_thread, w) == 0;
}

/* The signals stay blocked until the process ends: one arriving after the run (timeout(1)'s
 * second, to the group) would otherwise kill it while it prints its closing lines. */
static void sig_watch_stop(sig_watch *w)
{
    if (w->started) {
        pthread_kill(w->tid, SIGUSR1);
        pthread_join(w->tid, NULL);
    }
}

/* The roles a scenario acts as or names (as:, ${user.<role>}). */
static int roles_of(const rs_scenario *sc)
{
    int n = 0;
    for (int r = 0; r < RS_ROLE_COUNT; r++)
        n += sc->roles_used[r] != 0;
    return n;
}

/* regsuite list [--tsv] PATH...: one line per scenario, then the counts. --tsv: id, folder,
 * level, actors, reproduced_by, affects, title (tab-separated, no summary). */
static int cmd_list(int argc, char **argv)
{
    int tsv = argc > 0 && strcmp(argv[0], "--tsv") == 0;
    if (argc < 1 + tsv) {
        rs_cli_usage(stderr);
        return RS_EXIT_USAGE;
    }
    rs_plan p;
    rs_err err;
    rs_status st = rs_plan_load(&p, argv + tsv, argc - tsv, NULL, stderr, &err);
    int multi = 0, regress = 0;
    for (int i = 0; (st == RS_OK || st == RS_ERR_USAGE) && i < p.n; i++) {
        const rs_scenario *sc = &p.sc[i];
        multi += roles_of(sc) >= 2;
        regress += sc->reproduced_by[0] != '\0';
        if (tsv)
            printf("%s\t%s\t%s\t%d\t%s\t%s\t%s\n", sc->id, sc->suite, rs_level_name(sc->level),
                   roles_of(sc), sc->reproduced_by[0] ? sc->reproduced_by : "-",
                   sc->affects[0] ? sc->affects : "-", sc->title);
        else
            printf("%-44s %-6s %d %s\n", sc->id, rs_level_name(sc->level), roles_of(sc), sc->title);
    }
    if (!tsv && (st == RS_OK || st == RS_ERR_USAGE))
        printf("%d scenarios: %d with two or more actors, %d regressions with a broken target\n",
               p.n, multi, regress);
    if (st == RS_ERR_PARSE) /* rs_plan_load's message speaks of a run */
        fprintf(stderr, "regsuite: nothing was listed: fix the files above\n");
    rs_plan_free(&p);
    return st == RS_ERR_PARSE ? RS_EXIT_USAGE : 0;
}

static rs_status load_target(const rs_cli_run *o, rs_target *t, rs_err *err)
{
    rs_status st =
        o->target_file ? rs_target_load(t, o->target_file, err) : rs_target_from_oci_env(t, err);
    if (st == RS_OK && o->insecure)
        t->insecure = 1;
    if (st == RS_OK && o->timeout_s > 0)
        t->timeout_s = o->timeout_s;
    if (st == RS_OK)
        t->retries = o->retries;
    if (st == RS_OK && (st = rs_preflight_url(t->url, err)) != RS_OK) {
        char m[sizeof(err->msg)];
        snprintf(m, sizeof(m), "%s", err->msg);
        rs_errf(err, st, "%s: %s", o->target_file ? o->target_file : "OCI_ROOT_URL", m);
    }
    return st;
}

typedef struct {
    rs_cli_run o;
    rs_target *t;
    rs_plan plan;
    rs_result *res; /* one per selected scenario */
    int nres;
    rs_guard guard;
    char run_id[16];
    int shard_i, shard_n; /* --shard I/N; 0 without */
    char shard[32];       /* "I/N" as the JSON report names it */
    char plan_id[64];     /* what was selected before --shard (rs_plan_identity) */
    char partial[512];    /* why the run stopped early, or "" */
    char jpath[1024];     /* OCI_REPORT_DIR/junit.xml */
    int preflight_failed;
    rs_baseline expected; /* --expected: the listed deviations (empty without it) */
    rs_run_meta meta;     /* run id, start and end, the registry's headers */
    rs_share *share;      /* per role, for the whole run: connections, challenge, tokens */
} run_state;

/* Results with this outcome, MUST ones only if asked; XFAIL and XPASS are counted apart. */
static int count(const run_state *s, rs_outcome oc, int must_only)
{
    int n = 0;
    for (int i = 0; i < s->nres; i++)
        n += s->res[i].outcome == oc && (!must_only || s->res[i].sc->level == RS_LEVEL_MUST) &&
             s->res[i].base == RS_BASE_NONE;
    return n;
}

static int count_base(const run_state *s, rs_base_mark m)
{
    int n = 0;
    for (int i = 0; i < s->nres; i++)
        n += s->res[i].base == m;
    return n;
}

/* The closing lines: the counts (they add up to the scenarios), skipped MUSTs by reason. */
/* -v: per role, the requests its multi handle carried and the connections they took (HTTP/2:
 * several at once on one connection). */
static void connection_counts(const run_state *s)
{
    for (int r = 0; s->o.verbose && r < RS_ROLE_COUNT; r++) {
        rs_mux *m = rs_share_mux(s->share, r);
        rs_mux_counts k = {0};
        if (m)
            rs_mux_get_counts(m, &k);
        if (k.transfers[0] + k.transfers[1])
            printf("connections (%s): %lu request(s) over HTTP/2 on %lu connection(s), %lu over "
                   "HTTP/1 on %lu; at most %d at once\n",
                   RS_ROLE_NAMES[r], k.transfers[1], k.connections[1], k.transfers[0],
                   k.connections[0], k.most_at_once);
    }
}

static void summary(const run_state *s)
{
    connection_counts(s);
    int nskip_must = count(s, RS_RES_SKIP, 1);
    if (nskip_must) {
        printf("skipped MUST scenarios (%d):\n", nskip_must);
        for (int i = 0; i < s->nres; i++) {
            const rs_result *r = &s->res[i];
            int first = 1;
            for (int j = 0; j < i && first; j++)
                first =
                    !(s->res[j].outcome == RS_RES_SKIP && s->res[j].sc->level == RS_LEVEL_MUST &&
                      strcmp(s->res[j].reason, r->reason) == 0);
            if (r->outcome != RS_RES_SKIP || r->sc->level != RS_LEVEL_MUST || !first)
                continue;
            printf("  %s:", r->reason);
            for (int j = i; j < s->nres; j++)
                if (s->res[j].outcome == RS_RES_SKIP && s->res[j].sc->level == RS_LEVEL_MUST &&
                    strcmp(s->res[j].reason, r->reason) == 0)
                    printf(" %s", s->res[j].sc->id);
            printf("\n");
        }
    }
    if (s->preflight_failed)
        printf(
            "NOT RUN: the pre-flight failed (above); every scenario is an error in the reports\n");
    else if (s->partial[0])
        printf("PARTIAL run: %s; the scenarios that did not run are errors\n", s->partial);
    printf("levels: %s\n", RS_SPECS[s->o.spec_index].what);
    printf("%d scenarios: %d passed, %d failed, %d warned, %d skipped, %d errors", s->nres,
           count(s, RS_RES_PASS, 0), count(s, RS_RES_FAIL, 0), count(s, RS_RES_WARN, 0),
           count(s, RS_RES_SKIP, 0), count(s, RS_RES_ERROR, 0));
    if (s->o.expected)
        printf(", %d expected failures (XFAIL), %d unexpected passes (XPASS)",
               count_base(s, RS_BASE_XFAIL), count_base(s, RS_BASE_XPASS));
    printf("\n");
}

static int write_reports(run_state *s)
{
    rs_err err;
    const char *partial = s->partial[0] ? s->partial : NULL;
    int rc = 0;
    if (s->o.junit && rs_report_junit(s->o.junit, s->t, s->res, s->nres, partial, &err) != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", err.msg);
        rc = RS_EXIT_USAGE;
    }
    s->meta.ended = time(NULL);
    if (s->o.json &&
        rs_report_json_meta(s->o.json, s->t, &s->meta, s->res, s->nres, partial, &err) != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", err.msg);
        rc = RS_EXIT_USAGE;
    }
    if (s->o.write_expected && rs_baseline_write(s->o.write_expected, s->t->name, &s->expected,
                                                 s->res, s->nres, &err) != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", err.msg);
        rc = RS_EXIT_USAGE;
    }
    if (s->o.html && rs_report_html(s->o.html, s->t, &s->meta, s->res, s->nres, partial,
                                    s->o.html_compare, &err) != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", err.msg);
        rc = RS_EXIT_USAGE;
    }
    return rc;
}

/* Every selected scenario as an ERROR with why (a failed pre-flight): nothing runs. */
static void none_run(run_state *s, const char *why)
{
    snprintf(s->partial, sizeof(s->partial), "%s", why);
    for (int i = 0; i < s->plan.nsel; i++)
        rs_result_not_started(&s->res[s->nres++], &s->plan.sc[s->plan.sel[i]], s->plan.sel[i], why);
}

/* A target file of the local environment (build/targets/) that refuses connections: not
 * started? (One that connects but never answers is a running fault target, not a stopped one.) */
static const char *env_hint(const run_state *s, rs_status st)
{
    const char *f = s->o.target_file ? strstr(s->o.target_file, "build/targets/") : NULL;
    return f && st == RS_ERR_NET
               ? " (a target of the local environment: is it running? make env-up starts it)"
               : "";
}

/* Pre-flight: exit code when the run must not start (reports of errors written), else 0. */
static int preflight(run_state *s)
{
    rs_err err;
    rs_challenge chal;
    rs_status st =
        rs_preflight_reach_info(s->t, &s->guard, &chal, s->meta.api_version, s->meta.server, &err);
    char why[1200];
    if (st != RS_OK) {
        snprintf(why, sizeof(why), "the target %s %s (%s): %s%s", s->t->url,
                 st == RS_ERR_TIMEOUT ? "did not answer" : "cannot be reached", rs_status_name(st),
                 err.msg, env_hint(s, st));
        fprintf(stderr, "regsuite: %s\n", why);
    } else if ((st = rs_preflight_credentials(s->t, &s->guard, &chal, &err)) != RS_OK) {
        snprintf(why, sizeof(why), "pre-flight login: %s", err.msg);
        fprintf(stderr, "regsuite: %s\n", why);
    }
    if (st == RS_OK && (chal.scheme == RS_SCHEME_UNKNOWN || chal.scheme == RS_SCHEME_OTHER))
        fprintf(stderr,
                "regsuite: pre-flight: GET %s/v2/ answered 401 without a WWW-Authenticate "
                "challenge regsuite can use (Bearer realm=... or Basic): the scenarios that need "
                "credentials will error with it\n",
                s->t->url);
    if (st == RS_OK && (chal.scheme == RS_SCHEME_NONE || chal.scheme == RS_SCHEME_BEARER ||
                        chal.scheme == RS_SCHEME_BASIC))
        rs_share_set_challenge(s->share, &chal, sizeof(chal)); /* one GET /v2/ for the run */
    if (st == RS_OK)
        return 0;
    none_run(s, why);
    s->preflight_failed = 1;
    return st == RS_ERR_CONFIG ? RS_EXIT_USAGE : RS_EXIT_TARGET;
}

/* What follows a scenario before its line is printed: the list of expected failures, the trace
 * file, the step lines of -v. */
static void after_scenario(run_state *s, rs_result *r)
{
    rs_baseline_mark(&s->expected, r);
    r->base_fails = r->base == RS_BASE_XPASS && s->o.strict_expected;
    rs_err err;
    if (s->o.trace_dir && rs_tracefile_write(s->o.trace_dir, s->t, r, r->trace_file,
                                             sizeof(r->trace_file), &err) != RS_OK)
        fprintf(stderr, "regsuite: %s\n", err.msg);
    if (s->o.verbose)
        printf("%s (%s)\n%s", r->sc->id, r->sc->path, rs_buf_str(&r->steplog));
}

static void after_scenario_cb(void *ud, rs_result *r)
{
    after_scenario(ud, r);
}

static void run_all(run_state *s)
{
    /* the fixtures the selected scenarios read, each made once; NULL (out of memory): each
     * scenario makes its own */
    rs_fixtures *fx = rs_fixtures_new(s->run_id);
    for (int k = 0; fx && k < s->plan.nsel; k++)
        if (rs_fixtures_plan(fx, &s->plan.sc[s->plan.sel[k]]) != 0) {
            rs_fixtures_free(fx);
            fx = NULL;
        }
    rs_run_opts opts = {.target = s->t,
                        .run_id = s->run_id,
                        .verbose = s->o.verbose,
                        .strict = s->o.strict,
                        .guard = &s->guard,
                        .share = s->share,
                        .fixtures = fx};
    rs_pool pool = {.opts = &opts,
                    .plan = &s->plan,
                    .res = s->res,
                    .jobs = (int)s->o.jobs,
                    .out = stdout,
                    .done = after_scenario_cb,
                    .ud = s};
    rs_pool_run(&pool);
    rs_fixtures_free(fx);
    s->nres = s->plan.nsel;
    if (rs_guard_check(&s->guard) != RS_STOP_NONE)
        rs_guard_reason(&s->guard, s->partial, sizeof(s->partial));
}

static int verdict(const run_state *s)
{
    switch ((rs_stop)atomic_load(&s->guard.stop)) {
    case RS_STOP_SIGNAL:
        return RS_EXIT_SIGNAL_BASE + atomic_load(&s->guard.signo);
    case RS_STOP_DEADLINE:
    case RS_STOP_UNRESPONSIVE:
        return RS_EXIT_TARGET;
    default:
        break;
    }
    if (count(s, RS_RES_FAIL, 0) || count(s, RS_RES_ERROR, 0))
        return RS_EXIT_CHECKS;
    if (s->o.strict_expected && count_base(s, RS_BASE_XPASS)) {
        printf("--strict-expected: %d listed expected failure(s) passed\n",
               count_base(s, RS_BASE_XPASS));
        return RS_EXIT_CHECKS;
    }
    if (s->o.fail_on_skip && count(s, RS_RES_SKIP, 1)) {
        printf("--fail-on-skip: %d MUST scenario(s) skipped\n", count(s, RS_RES_SKIP, 1));
        return RS_EXIT_CHECKS;
    }
    return 0;
}

static void run_state_free(run_state *s)
{
    for (int i = 0; i < s->nres; i++)
        rs_result_free(&s->res[i]);
    free(s->res);
    rs_share_free(s->share);
    rs_plan_free(&s->plan);
    rs_baseline_free(&s->expected);
    if (s->t)
        memset(s->t, 0, sizeof(*s->t)); /* passwords */
    free(s->t);
    rs_cli_run_free(&s->o);
}

/* A listed expected failure that is no scenario under the paths: a typo, or a folder not run. */
static void unknown_listed(const run_state *s)
{
    for (int i = 0; i < s->expected.n; i++) {
        int found = 0;
        for (int k = 0; k < s->plan.n && !found; k++)
            found = strcmp(s->plan.sc[k].id, s->expected.e[i].id) == 0;
        if (!found)
            fprintf(stderr, "regsuite: note: %s:%d: '%s' is no scenario under the paths given\n",
                    s->expected.path, s->expected.e[i].line, s->expected.e[i].id);
    }
}

/* Parses, loads the target and the plan. 0 to go on, else the exit code. */
static int prepare(run_state *s, int argc, char **argv)
{
    rs_err err;
    if (rs_cli_parse_run(argc, argv, &s->o, &err) != RS_OK) {
        fprintf(stderr, "regsuite: %s\nregsuite: try 'regsuite help' for the options\n", err.msg);
        return RS_EXIT_USAGE;
    }
    if (s->o.html_compare && rs_report_html_check_old(s->o.html_compare, &err) != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", err.msg); /* before a long run, not after */
        return RS_EXIT_USAGE;
    }
    s->t = calloc(1, sizeof(*s->t));
    if (!s->t || load_target(&s->o, s->t, &err) != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", s->t ? err.msg : "out of memory");
        return RS_EXIT_USAGE;
    }
    if (s->o.expected && rs_baseline_load(&s->expected, s->o.expected, &err) != RS_OK) {
        fprintf(stderr, "regsuite: --expected: %s\n", err.msg);
        return RS_EXIT_USAGE;
    }
    if (s->o.trace_dir && rs_tracefile_dir(s->o.trace_dir, &err) != RS_OK) {
        fprintf(stderr, "regsuite: --trace-dir: %s\n", err.msg);
        return RS_EXIT_USAGE;
    }
    const char *report_dir = getenv("OCI_REPORT_DIR");
    if (!s->o.target_file && !s->o.junit && report_dir && strcmp(report_dir, "none") != 0) {
        snprintf(s->jpath, sizeof(s->jpath), "%s/junit.xml", report_dir);
        s->o.junit = s->jpath;
    }
    if (!s->o.target_file && getenv("OCI_DEBUG"))
        s->o.verbose = 1;
    if (rs_plan_load(&s->plan, s->o.paths, s->o.npaths, s->o.filter, stderr, &err) != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", err.msg);
        return RS_EXIT_USAGE;
    }
    for (int i = 0; i < s->plan.n; i++)
        rs_scenario_apply_spec(&s->plan.sc[i], s->o.spec_index);
    unknown_listed(s);
    rs_plan_identity(&s->plan, s->plan_id, sizeof(s->plan_id));
    if (s->o.shard &&
        rs_plan_shard(&s->plan, s->o.shard, &s->shard_i, &s->shard_n, &err) != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", err.msg);
        return RS_EXIT_USAGE;
    }
    s->res = calloc((size_t)s->plan.nsel + 1, sizeof(rs_result));
    if (!s->res) {
        fprintf(stderr, "regsuite: out of memory\n");
        return RS_EXIT_USAGE;
    }
    unsigned seed = (unsigned)time(NULL) ^ ((unsigned)getpid() << 8);
    snprintf(s->run_id, sizeof(s->run_id), "r%06x", (seed * 2654435761u) & 0xffffff);
    s->meta.run_id = s->run_id;
    s->meta.started = time(NULL);
    s->meta.expected = s->o.expected;
    s->meta.expected_digest = s->o.expected ? s->expected.digest : NULL;
    s->meta.shard = s->shard_n ? s->shard : NULL; /* filled in before the run starts */
    s->meta.plan = s->plan_id;
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    run_state *s = calloc(1, sizeof(*s));
    if (!s) {
        fprintf(stderr, "regsuite: out of memory\n");
        return RS_EXIT_USAGE;
    }
    int rc = prepare(s, argc, argv);
    if (rc) {
        run_state_free(s);
        free(s);
        return rc;
    }
    rs_guard_init(&s->guard, (int)s->o.max_timeouts, (double)s->o.deadline_s);
    sig_watch w;
    sig_watch_start(&w, &s->guard); /* before any other thread: they inherit its signal mask */
    /* NULL: every scenario on its own, as before */
    s->share = rs_share_new(RS_ROLE_COUNT, (int)s->o.jobs);
    printf("regsuite: target %s (%s), run %s, %d of %d scenario(s) selected", s->t->name, s->t->url,
           s->run_id, s->plan.nsel, s->plan.n);
    if (s->shard_n) {
        snprintf(s->shard, sizeof(s->shard), "%d/%d", s->shard_i, s->shard_n);
        printf(" (shard %s)", s->shard);
    }
    printf("\n");
    fflush(stdout);
    int pre = preflight(s);
    if (!pre)
        run_all(s);
    int wrc = write_reports(s);
    summary(s);
    rc = pre ? pre : verdict(s);
    if (wrc && (rc == 0 || rc == RS_EXIT_CHECKS))
        rc = wrc; /* a report that could not be written */
    sig_watch_stop(&w);
    run_state_free(s);
    free(s);
    fflush(stdout); /* before a sanitizer's report at exit could end the process unflushed */
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        rs_cli_usage(stderr);
        return RS_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("regsuite %s\n", RS_VERSION);
        return 0;
    }
    for (int i = 1; i < argc; i++) /* `regsuite help`, `--help` or `-h` anywhere: the usage */
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0 ||
            (i == 1 && strcmp(argv[i], "help") == 0)) {
            rs_cli_usage(stdout);
            return 0;
        }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc;
    if (strcmp(argv[1], "run") == 0)
        rc = cmd_run(argc - 2, argv + 2);
    else if (strcmp(argv[1], "list") == 0)
        rc = cmd_list(argc - 2, argv + 2);
    else if (strcmp(argv[1], "expect") == 0)
        rc = rs_cmd_expect(argc - 2, argv + 2);
    else if (strcmp(argv[1], "merge") == 0)
        rc = rs_cmd_merge(argc - 2, argv + 2);
    else if (strcmp(argv[1], "detect") == 0)
        rc = rs_cmd_detect(argc - 2, argv + 2);
    else if (strcmp(argv[1], "diff") == 0)
        rc = rs_cmd_diff(argc - 2, argv + 2);
    else if (strcmp(argv[1], "reference") == 0 && argc == 2)
        rs_reference_print(stdout), rc = 0;
    else if (strcmp(argv[1], "reference") == 0 && argc == 3 && !strcmp(argv[2], "--man-options"))
        rs_cli_man_options(stdout), rc = 0; /* the man page's option list (scripts/manpage.sh) */
    else {
        fprintf(stderr,
                "regsuite: unknown command '%s'\nregsuite: try 'regsuite help' for the "
                "commands\n",
                argv[1]);
        rc = RS_EXIT_USAGE;
    }
    curl_global_cleanup();
    return rc;
}
