/* regsuite: the command line. run, list, expect (compare with a list of expected failures) and
 * detect (the scenario x broken-target table); exit codes as documented in usage(). */
#include "auth.h"
#include "fileio.h"
#include "report.h"
#include "run.h"
#include "schema.h"
#include "ydoc.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EXIT_CHECKS 1
#define EXIT_USAGE 2
#define EXIT_UNREACHABLE 3
#define MAX_FILES 1024

static void usage(FILE *f)
{
    fprintf(f,
            "usage: regsuite run [--target FILE] [--junit FILE] [--json FILE] [--filter EXPR]\n"
            "                    [--strict] [--insecure] [--timeout S] [-v] PATH...\n"
            "       regsuite list PATH...\n"
            "       regsuite expect [--only-ran] --list EXPECTED.yaml REPORT.json\n"
            "       regsuite detect [--out FILE] BASELINE.json BROKEN.json...\n"
            "       regsuite reference\n"
            "\n"
            "run     runs the scenario files or folders; without --target the OCI conformance\n"
            "        suite's variables are used (OCI_ROOT_URL, OCI_NAMESPACE, OCI_USERNAME, ...).\n"
            "        --filter: comma-separated ids, keywords or suite names; !x excludes x.\n"
            "        --strict: a failed SHOULD fails the run (otherwise it is a warning).\n"
            "list    prints id, level and title of each scenario.\n"
            "expect  compares a JSON report with the committed list of expected failures;\n"
            "        --only-ran: listed scenarios that did not run are not differences.\n"
            "detect  prints which scenarios caught which broken target.\n"
            "reference  prints the scenario format: steps, parameters, checks, saves (Markdown).\n"
            "\n"
            "exit: 0 every MUST check passed; 1 a check failed or a scenario errored;\n"
            "      2 usage, parse or config error; 3 the target could not be reached.\n");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect(const char *path, char **files, int *n)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "regsuite: %s: no such file or folder\n", path);
        return -1;
    }
    if (S_ISREG(st.st_mode)) {
        if (*n == MAX_FILES)
            return -1;
        files[(*n)++] = strdup(path);
        return 0;
    }
    DIR *d = opendir(path);
    if (!d)
        return -1;
    char *names[MAX_FILES];
    int nn = 0;
    struct dirent *e;
    while ((e = readdir(d)) && nn < MAX_FILES) {
        if (e->d_name[0] == '.')
            continue;
        char full[1024];
        snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
        struct stat s2;
        if (stat(full, &s2) != 0)
            continue;
        size_t l = strlen(e->d_name);
        if (S_ISDIR(s2.st_mode) || (l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0))
            names[nn++] = strdup(full);
    }
    closedir(d);
    qsort(names, (size_t)nn, sizeof(char *), cmp_str);
    int rc = 0;
    for (int i = 0; i < nn; i++) {
        struct stat s3;
        if (rc == 0 && stat(names[i], &s3) == 0 && S_ISDIR(s3.st_mode)) {
            /* folders named testdata or expected hold inputs for the tests, not scenarios */
            const char *b = strrchr(names[i], '/');
            if (!(b && (strcmp(b, "/testdata") == 0 || strcmp(b, "/expected") == 0)))
                rc = collect(names[i], files, n);
        } else if (rc == 0) {
            if (*n == MAX_FILES)
                rc = -1;
            else
                files[(*n)++] = strdup(names[i]);
        }
        free(names[i]);
    }
    return rc;
}

static int filter_match(const rs_scenario *s, const char *term)
{
    return strcmp(s->id, term) == 0 || strcmp(s->suite, term) == 0 ||
           rs_scenario_has_keyword(s, term);
}

static int selected(const rs_scenario *s, const char *filter)
{
    if (!filter || !*filter)
        return 1;
    char buf[1024];
    snprintf(buf, sizeof(buf), "%s", filter);
    int any_pos = 0, pos_hit = 0;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (t[0] == '!') {
            if (filter_match(s, t + 1))
                return 0;
        } else {
            any_pos = 1;
            pos_hit |= filter_match(s, t);
        }
    }
    return !any_pos || pos_hit;
}

/* Loads every scenario; prints every parse error. Returns the count or -1. */
static int load_all(char **paths, int npaths, rs_scenario **out)
{
    char **files = calloc(MAX_FILES, sizeof(char *));
    int nf = 0, bad = 0;
    for (int i = 0; i < npaths; i++)
        if (collect(paths[i], files, &nf) != 0)
            bad = 1;
    rs_scenario *sc = calloc((size_t)nf + 1, sizeof(rs_scenario));
    for (int i = 0; i < nf && sc; i++) {
        rs_err err;
        if (rs_scenario_load(&sc[i], files[i], &err) != RS_OK) {
            fprintf(stderr, "regsuite: %s\n", err.msg);
            bad = 1;
        }
        for (int j = 0; j < i && !bad; j++)
            if (strcmp(sc[j].id, sc[i].id) == 0) {
                fprintf(stderr, "regsuite: %s: id '%s' is also used by %s\n", files[i], sc[i].id,
                        files[j]);
                bad = 1;
            }
    }
    for (int i = 0; i < nf; i++)
        free(files[i]);
    free(files);
    if (bad || !sc) {
        for (int i = 0; i < nf && sc; i++)
            rs_scenario_free(&sc[i]);
        free(sc);
        return -1;
    }
    *out = sc;
    return nf;
}

static int cmd_list(int argc, char **argv)
{
    if (argc < 1) {
        usage(stderr);
        return EXIT_USAGE;
    }
    rs_scenario *sc = NULL;
    int n = load_all(argv, argc, &sc);
    if (n < 0)
        return EXIT_USAGE;
    for (int i = 0; i < n; i++) {
        printf("%-44s %-6s %s\n", sc[i].id, rs_level_name(sc[i].level), sc[i].title);
        rs_scenario_free(&sc[i]);
    }
    free(sc);
    return 0;
}

static rs_status ping_target(const rs_target *t, rs_err *err)
{
    rs_conn c;
    rs_conn_init(&c, t->ca_file, t->insecure, t->timeout_s < 15 ? t->timeout_s : 15, NULL, "ping");
    char url[1024];
    snprintf(url, sizeof(url), "%s/v2/", t->url);
    rs_req req = {.method = "GET", .url = url};
    rs_resp r;
    rs_resp_init(&r);
    rs_status st = rs_http_send(&c, &req, NULL, NULL, NULL, &r, err);
    rs_resp_free(&r);
    rs_conn_free(&c);
    return st;
}

static int cmd_run(int argc, char **argv)
{
    const char *target_file = NULL, *junit = NULL, *json = NULL, *filter = NULL;
    int verbose = 0, strict = 0, insecure = 0, npaths = 0;
    long timeout = 0;
    char **paths = calloc((size_t)argc + 1, sizeof(char *));
    for (int i = 0; i < argc; i++) {
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--target") == 0 && v)
            target_file = argv[++i];
        else if (strcmp(argv[i], "--junit") == 0 && v)
            junit = argv[++i];
        else if (strcmp(argv[i], "--json") == 0 && v)
            json = argv[++i];
        else if (strcmp(argv[i], "--filter") == 0 && v)
            filter = argv[++i];
        else if (strcmp(argv[i], "--timeout") == 0 && v)
            timeout = atol(argv[++i]);
        else if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (strcmp(argv[i], "--strict") == 0)
            strict = 1;
        else if (strcmp(argv[i], "--insecure") == 0)
            insecure = 1;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "regsuite: unknown option %s\n", argv[i]);
            usage(stderr);
            free(paths);
            return EXIT_USAGE;
        } else
            paths[npaths++] = argv[i];
    }
    if (npaths == 0) {
        fprintf(stderr, "regsuite: run needs at least one scenario file or folder\n");
        free(paths);
        return EXIT_USAGE;
    }
    rs_target *t = calloc(1, sizeof(*t));
    rs_err err = {{0}};
    rs_status st =
        target_file ? rs_target_load(t, target_file, &err) : rs_target_from_oci_env(t, &err);
    if (st != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", err.msg);
        free(t);
        free(paths);
        return EXIT_USAGE;
    }
    if (insecure)
        t->insecure = 1;
    if (timeout > 0)
        t->timeout_s = timeout;
    const char *report_dir = getenv("OCI_REPORT_DIR");
    char jpath[1024];
    if (!target_file && !junit && report_dir && strcmp(report_dir, "none") != 0) {
        snprintf(jpath, sizeof(jpath), "%s/junit.xml", report_dir);
        junit = jpath;
    }
    if (!target_file && getenv("OCI_DEBUG"))
        verbose = 1;
    rs_scenario *sc = NULL;
    int n = load_all(paths, npaths, &sc);
    free(paths);
    if (n < 0) {
        fprintf(stderr, "regsuite: nothing was run: fix the files above\n");
        free(t);
        return EXIT_USAGE;
    }
    rs_result *res = calloc((size_t)n + 1, sizeof(rs_result));
    int nres = 0;
    char run_id[16];
    unsigned seed = (unsigned)time(NULL) ^ ((unsigned)getpid() << 8);
    snprintf(run_id, sizeof(run_id), "r%06x", (seed * 2654435761u) & 0xffffff);
    rs_run_opts opts = {.target = t, .run_id = run_id, .verbose = verbose, .strict = strict};
    rs_status reach = ping_target(t, &err);
    if (reach != RS_OK)
        fprintf(stderr, "regsuite: the target %s cannot be reached: %s\n", t->url, err.msg);
    printf("regsuite: target %s (%s), run %s\n", t->name, t->url, run_id);
    int counts[5] = {0};
    for (int i = 0; i < n; i++) {
        if (!selected(&sc[i], filter))
            continue;
        if (verbose)
            fprintf(stderr, "%s (%s)\n", sc[i].id, sc[i].path);
        rs_run_scenario(&opts, &sc[i], nres, &res[nres]);
        rs_report_line(stdout, &res[nres]);
        fflush(stdout);
        counts[res[nres].outcome]++;
        nres++;
    }
    int rc = 0;
    if (junit && rs_report_junit(junit, t, res, nres, &err) != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", err.msg);
        rc = EXIT_USAGE;
    }
    if (json && rs_report_json(json, t, res, nres, &err) != RS_OK) {
        fprintf(stderr, "regsuite: %s\n", err.msg);
        rc = EXIT_USAGE;
    }
    printf("%d passed, %d failed, %d skipped, %d warnings, %d errors\n",
           counts[RS_RES_PASS] + counts[RS_RES_WARN], counts[RS_RES_FAIL], counts[RS_RES_SKIP],
           counts[RS_RES_WARN], counts[RS_RES_ERROR]);
    if (!rc)
        rc = reach != RS_OK                                  ? EXIT_UNREACHABLE
             : (counts[RS_RES_FAIL] || counts[RS_RES_ERROR]) ? EXIT_CHECKS
                                                             : 0;
    for (int i = 0; i < nres; i++)
        rs_result_free(&res[i]);
    for (int i = 0; i < n; i++)
        rs_scenario_free(&sc[i]);
    free(res);
    free(sc);
    memset(t, 0, sizeof(*t));
    free(t);
    return rc;
}

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
    if (!j)
        fprintf(stderr, "regsuite: %s: not a regsuite JSON report\n", path);
    return j;
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static int cmd_expect(int argc, char **argv)
{
    int only_ran = argc == 4 && strcmp(argv[0], "--only-ran") == 0;
    if (only_ran) {
        argv++;
        argc--;
    }
    if (argc != 3 || strcmp(argv[0], "--list") != 0) {
        usage(stderr);
        return EXIT_USAGE;
    }
    rs_ydoc d;
    char e[1024];
    if (rs_ydoc_load(&d, argv[1], e, sizeof(e)) != 0) {
        fprintf(stderr, "regsuite: %s\n", e);
        return EXIT_USAGE;
    }
    cJSON *rep = read_json(argv[2]);
    if (!rep) {
        rs_ydoc_free(&d);
        return EXIT_USAGE;
    }
    yaml_node_t *list = rs_ydoc_get(&d, rs_ydoc_root(&d), "failures");
    int differences = 0, listed = 0;
    const cJSON *results = cJSON_GetObjectItemCaseSensitive(rep, "results"), *r;
    if (!list || list->type != YAML_SEQUENCE_NODE) {
        fprintf(stderr, "regsuite: %s: needs a list 'failures' of {id, actual, ref}\n", argv[1]);
        differences++;
    } else {
        RS_YSEQ_EACH(&d, list, it)
        {
            yaml_node_t *entry = rs_ydoc_node(&d, *it);
            const char *id = rs_ydoc_str(rs_ydoc_get(&d, entry, "id"));
            const char *actual = rs_ydoc_str(rs_ydoc_get(&d, entry, "actual"));
            const char *ref = rs_ydoc_str(rs_ydoc_get(&d, entry, "ref"));
            listed++;
            if (!id || !ref) {
                rs_ydoc_errf(&d, entry, e, sizeof(e), "an entry needs id and ref");
                fprintf(stderr, "regsuite: %s\n", e);
                differences++;
                continue;
            }
            const cJSON *found = NULL;
            cJSON_ArrayForEach(r, results) if (strcmp(jstr(r, "id"), id) == 0) found = r;
            if (!found) {
                printf("expected failure %s did not run%s\n", id, only_ran ? " (ignored)" : "");
                differences += !only_ran;
            } else if (strcmp(jstr(found, "outcome"), "FAIL") != 0 &&
                       strcmp(jstr(found, "outcome"), "WARN") != 0) {
                printf("expected failure %s now %s (%s): update the list\n", id,
                       jstr(found, "outcome"), ref);
                differences++;
            } else if (actual && strcmp(actual, jstr(found, "actual")) != 0) {
                printf("expected failure %s fails differently: listed '%s', now '%s'\n", id, actual,
                       jstr(found, "actual"));
                differences++;
            } else {
                printf("expected failure %s: still %s with '%s' (%s)\n", id, jstr(found, "outcome"),
                       jstr(found, "actual"), ref);
            }
        }
    }
    cJSON_ArrayForEach(r, results)
    {
        const char *oc = jstr(r, "outcome");
        if (strcmp(oc, "FAIL") != 0 && strcmp(oc, "ERROR") != 0)
            continue;
        int is_listed = 0;
        RS_YSEQ_EACH(&d, list, it)
        {
            const char *id = rs_ydoc_str(rs_ydoc_get(&d, rs_ydoc_node(&d, *it), "id"));
            is_listed |= id && strcmp(id, jstr(r, "id")) == 0;
        }
        if (!is_listed || strcmp(oc, "ERROR") == 0) {
            printf("unexpected %s: %s: %s%s\n", oc, jstr(r, "id"), jstr(r, "first_failure"),
                   jstr(r, "reason"));
            differences++;
        }
    }
    printf("expected failures: %d listed, %d difference(s)\n", listed, differences);
    cJSON_Delete(rep);
    rs_ydoc_free(&d);
    return differences ? EXIT_CHECKS : 0;
}

/* A check failed: FAIL, or WARN (a SHOULD or MAY check failed without failing the run). */
static int failed(const char *outcome)
{
    return strcmp(outcome, "FAIL") == 0 || strcmp(outcome, "WARN") == 0;
}

static int cmd_detect(int argc, char **argv)
{
    const char *out = NULL;
    int first = 0;
    if (argc >= 2 && strcmp(argv[0], "--out") == 0) {
        out = argv[1];
        first = 2;
    }
    int nrep = argc - first;
    if (nrep < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    cJSON *reps[64];
    if (nrep > 64)
        nrep = 64;
    for (int i = 0; i < nrep; i++)
        if (!(reps[i] = read_json(argv[first + i]))) {
            for (int k = 0; k < i; k++)
                cJSON_Delete(reps[k]);
            return EXIT_USAGE;
        }
    rs_buf t;
    rs_buf_init(&t, 1 << 22);
    const cJSON *base = cJSON_GetObjectItemCaseSensitive(reps[0], "results"), *r;
    rs_buf_addf(&t,
                "detection table: X = a check fails on that broken target (not, or not the same "
                "way, on %s);\n"
                "                 . passes, s skipped, E runtime error\n",
                jstr(reps[0], "target"));
    for (int i = 1; i < nrep; i++) /* a legend: target names are too long for columns */
        rs_buf_addf(&t, "  %2d = %s\n", i, jstr(reps[i], "target"));
    rs_buf_addf(&t, "%-40s", "scenario \\ target");
    int col_hits[64] = {0};
    for (int i = 1; i < nrep; i++)
        rs_buf_addf(&t, " %2d", i);
    rs_buf_add(&t, "\n", 1);
    int empty_rows = 0;
    cJSON_ArrayForEach(r, base)
    {
        const char *id = jstr(r, "id");
        int base_fails = failed(jstr(r, "outcome"));
        int row = 0;
        rs_buf_addf(&t, "%-40.40s", id);
        for (int i = 1; i < nrep; i++) {
            const cJSON *x, *found = NULL;
            cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(
                                      reps[i], "results")) if (strcmp(jstr(x, "id"), id) == 0)
                found = x;
            const char *oc = found ? jstr(found, "outcome") : "-";
            int caught = failed(oc) &&
                         (!base_fails || strcmp(jstr(found, "actual"), jstr(r, "actual")) != 0);
            row += caught;
            col_hits[i] += caught;
            rs_buf_addf(&t, " %2s",
                        caught                     ? "X"
                        : strcmp(oc, "SKIP") == 0  ? "s"
                        : strcmp(oc, "ERROR") == 0 ? "E"
                                                   : ".");
        }
        /* a scenario failing on the baseline already shows it failing on a target with the bug
         * (the baseline's listed deviation); it still must not fail the same way everywhere */
        rs_buf_addf(&t, "%s\n",
                    base_fails ? "   (fails on the baseline too: a listed deviation)"
                    : row      ? ""
                               : "   <- catches nothing");
        empty_rows += row == 0 && !base_fails;
    }
    int empty_cols = 0;
    for (int i = 1; i < nrep; i++)
        if (!col_hits[i]) {
            rs_buf_addf(&t, "target %s is caught by no scenario\n", jstr(reps[i], "target"));
            empty_cols++;
        }
    rs_buf_addf(&t, "detection: %d scenario(s) catch nothing, %d target(s) uncaught\n", empty_rows,
                empty_cols);
    fputs(rs_buf_str(&t), stdout);
    rs_err e;
    int write_failed = out && rs_write_file(out, rs_buf_str(&t), t.len, &e) != RS_OK;
    if (write_failed)
        fprintf(stderr, "regsuite: %s\n", e.msg);
    rs_buf_free(&t);
    for (int i = 0; i < nrep; i++)
        cJSON_Delete(reps[i]);
    return write_failed ? EXIT_USAGE : empty_rows || empty_cols ? EXIT_CHECKS : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : 0;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int rc;
    if (strcmp(argv[1], "run") == 0)
        rc = cmd_run(argc - 2, argv + 2);
    else if (strcmp(argv[1], "list") == 0)
        rc = cmd_list(argc - 2, argv + 2);
    else if (strcmp(argv[1], "expect") == 0)
        rc = cmd_expect(argc - 2, argv + 2);
    else if (strcmp(argv[1], "reference") == 0)
        rs_reference_print(stdout), rc = 0;
    else if (strcmp(argv[1], "detect") == 0)
        rc = cmd_detect(argc - 2, argv + 2);
    else {
        fprintf(stderr, "regsuite: unknown command '%s'\n", argv[1]);
        usage(stderr);
        rc = EXIT_USAGE;
    }
    curl_global_cleanup();
    return rc;
}
