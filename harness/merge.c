/* merge: `regsuite merge`: the JSON reports of one run's shards (--shard I/N) into one JSON and
 * one JUnit report, in plan order, as if one run had made them. Refuses reports of different
 * targets, regsuite versions or --expected lists, and shards missing, repeated, of different
 * counts or of different selections. */
#include "cli.h"
#include "exitcode.h"
#include "fileio.h"
#include "report.h"
#include "spec.h"
#include "schema.h"
#include "version.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct {
    cJSON *item; /* one entry of an input's results */
    long key;    /* plan order */
} entry;

typedef struct {
    const char *junit, *json;
    char **in;
    int nin;
    cJSON **doc;
    entry *e;
    int ne;
    rs_target t;
    char partial[2048];
} merge_state;

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int num(const cJSON *o, const char *k, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(v))
        return -1;
    *out = v->valuedouble;
    return 0;
}

/* The header fields every input must share with the first. */
static rs_status same_run(merge_state *m, int i, rs_err *err)
{
    static const char *const keys[] = {"regsuite_version", "target", "url",
                                       "registry",         "spec",   "expected_list_sha256"};
    const cJSON *d = m->doc[i];
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        const char *a = str(m->doc[0], keys[k]), *b = str(d, keys[k]);
        if (!b)
            return rs_errf(err, RS_ERR_USAGE,
                           "%s: not a regsuite JSON report of this version (no "
                           "\"%s\")",
                           m->in[i], keys[k]);
        if (strcmp(a, b) != 0 && strcmp(keys[k], "expected_list_sha256") == 0)
            return rs_errf(err, RS_ERR_USAGE,
                           "%s ran with --expected '%s' but %s with '%s', whose content differs "
                           "(%s, %s): merge the shards of one run, with the same list",
                           m->in[i], str(d, "expected_list") ? str(d, "expected_list") : "",
                           m->in[0],
                           str(m->doc[0], "expected_list") ? str(m->doc[0], "expected_list") : "",
                           b[0] ? b : "no list", a[0] ? a : "no list");
        if (strcmp(a, b) != 0)
            return rs_errf(err, RS_ERR_USAGE,
                           "%s has %s '%s' but %s has '%s': only the shards of one run (one "
                           "target, one regsuite version, one --expected list's content) can be "
                           "merged",
                           m->in[i], keys[k], b, m->in[0], a);
    }
    if (strcmp(str(d, "regsuite_version"), RS_VERSION) != 0)
        return rs_errf(err, RS_ERR_USAGE,
                       "%s was written by regsuite %s, this is %s: merge with the same version",
                       m->in[i], str(d, "regsuite_version"), RS_VERSION);
    return RS_OK;
}

/* I and N of "I/N"; 0 for "" (an unsharded report). -1 when malformed. */
static int shard_of(const char *s, int *n)
{
    int i = 0;
    *n = 0;
    if (!s || !*s)
        return 0;
    if (sscanf(s, "%d/%d", &i, n) != 2 || i < 1 || i > *n)
        return -1;
    return i;
}

/* "shard 1/2", or "not a shard" for a report of a whole run */
static const char *shard_words(const char *shard, char *buf, size_t len)
{
    if (!shard || !shard[0])
        return "not a shard";
    snprintf(buf, len, "shard '%s'", shard);
    return buf;
}

/* Shards of one run: the same selection before --shard (the same files, --filter, suites). */
static rs_status same_selection(merge_state *m, rs_err *err)
{
    const char *p0 = str(m->doc[0], "plan");
    for (int k = 0; k < m->nin; k++) {
        const char *p = str(m->doc[k], "plan"), *hash = p ? strchr(p, ':') : NULL;
        if (!hash || !hash[1] || !p0 || strcmp(p, p0) != 0)
            return rs_errf(err, RS_ERR_USAGE,
                           "%s ran selection '%s' but %s ran '%s' (count:hash of the scenario ids "
                           "before --shard): merge the shards of one run, with the same paths "
                           "and --filter",
                           m->in[k], p ? p : "", m->in[0], p0 ? p0 : "");
    }
    return RS_OK;
}

/* Every input a shard of the same N, each I once; or none a shard. */
static rs_status shards_complete(merge_state *m, rs_err *err)
{
    int n0 = 0, seen[1024] = {0};
    int i0 = shard_of(str(m->doc[0], "shard"), &n0);
    for (int k = 0; k < m->nin; k++) {
        int n = 0, i = shard_of(str(m->doc[k], "shard"), &n);
        if (i < 0 || n >= 1024 || n != n0 || (i == 0) != (i0 == 0)) {
            char a[64], b[64];
            return rs_errf(err, RS_ERR_USAGE,
                           "%s is %s but %s is %s: merge the shards of one --shard I/N split (or "
                           "only unsharded reports)",
                           m->in[k], shard_words(str(m->doc[k], "shard"), a, sizeof(a)), m->in[0],
                           shard_words(str(m->doc[0], "shard"), b, sizeof(b)));
        }
        if (i && seen[i]++)
            return rs_errf(err, RS_ERR_USAGE, "shard %d/%d is given twice (%s)", i, n, m->in[k]);
    }
    for (int i = 1; i <= n0; i++)
        if (!seen[i])
            return rs_errf(err, RS_ERR_USAGE, "shard %d/%d is missing: give all %d shards' reports",
                           i, n0, n0);
    return n0 ? same_selection(m, err) : RS_OK;
}

static int by_key(const void *a, const void *b)
{
    long x = ((const entry *)a)->key, y = ((const entry *)b)->key;
    return (x > y) - (x < y);
}

/* Every input's results, in plan order (shards) or one input after another; ids unique. */
static rs_status collect(merge_state *m, rs_err *err)
{
    int total = 0, sharded = str(m->doc[0], "shard")[0] != '\0';
    for (int k = 0; k < m->nin; k++)
        total += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(m->doc[k], "results"));
    if (!(m->e = calloc((size_t)total + 1, sizeof(entry))))
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    for (int k = 0; k < m->nin; k++) {
        const cJSON *r;
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(m->doc[k], "results"))
        {
            double idx = -1;
            if (num(r, "index", &idx) != 0 || !str(r, "id") || idx < 0 || idx > 1e6)
                return rs_errf(err, RS_ERR_USAGE, "%s: a result without id or index", m->in[k]);
            for (int j = 0; j < m->ne; j++)
                if (strcmp(str(m->e[j].item, "id"), str(r, "id")) == 0)
                    return rs_errf(err, RS_ERR_USAGE, "%s: scenario '%s' is in two reports",
                                   m->in[k], str(r, "id"));
            m->e[m->ne].item = (cJSON *)r;
            m->e[m->ne++].key = sharded ? (long)idx : (long)k * 1000000L + (long)idx;
        }
    }
    qsort(m->e, (size_t)m->ne, sizeof(entry), by_key);
    long planned = sharded ? strtol(str(m->doc[0], "plan"), NULL, 10) : m->ne;
    if (planned != m->ne)
        return rs_errf(err, RS_ERR_USAGE,
                       "the shards hold %d scenario(s) but their run selected %ld: a report was "
                       "cut or edited",
                       m->ne, planned);
    return RS_OK;
}

static rs_status load_inputs(merge_state *m, rs_err *err)
{
    if (!(m->doc = calloc((size_t)m->nin, sizeof(cJSON *))))
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    for (int k = 0; k < m->nin; k++) {
        size_t len = 0;
        char *txt = rs_read_file(m->in[k], (size_t)1 << 30, &len, err);
        if (!txt)
            return RS_ERR_USAGE;
        m->doc[k] = cJSON_Parse(txt);
        free(txt);
        if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(m->doc[k], "results")) ||
            !str(m->doc[k], "shard") || !cJSON_IsBool(cJSON_GetObjectItem(m->doc[k], "partial")))
            return rs_errf(err, RS_ERR_USAGE,
                           "%s: not a regsuite JSON report (results, shard, "
                           "partial)",
                           m->in[k]);
        rs_status st = same_run(m, k, err);
        if (st != RS_OK)
            return st;
        if (cJSON_IsTrue(cJSON_GetObjectItem(m->doc[k], "partial"))) {
            size_t used = strlen(m->partial);
            snprintf(m->partial + used, sizeof(m->partial) - used, "%s%s: %s", used ? "; " : "",
                     m->in[k],
                     str(m->doc[k], "partial_reason") ? str(m->doc[k], "partial_reason")
                                                      : "partial");
        }
    }
    snprintf(m->t.name, sizeof(m->t.name), "%s", str(m->doc[0], "target"));
    snprintf(m->t.url, sizeof(m->t.url), "%s", str(m->doc[0], "url"));
    snprintf(m->t.registry, sizeof(m->t.registry), "%s", str(m->doc[0], "registry"));
    return RS_OK;
}

/* The index of name in names (n of them), or -1. */
static int word(const char *name, const char *const *names, int n)
{
    for (int i = 0; name && i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

static int level_of(const char *name)
{
    const char *const names[] = {rs_level_name(RS_LEVEL_MUST), rs_level_name(RS_LEVEL_SHOULD),
                                 rs_level_name(RS_LEVEL_MAY)};
    const int levels[] = {RS_LEVEL_MUST, RS_LEVEL_SHOULD, RS_LEVEL_MAY};
    int i = word(name, names, 3);
    return i < 0 ? -1 : levels[i];
}

static void copy(char *dst, size_t len, const cJSON *o, const char *k)
{
    snprintf(dst, len, "%s", str(o, k) ? str(o, k) : "");
}

/* A list the report writes as an array (keywords, refs), joined back by sep as the model keeps it.
 */
static void copy_joined(char *dst, size_t len, const cJSON *o, const char *k, const char *sep)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, k), *e;
    dst[0] = '\0';
    cJSON_ArrayForEach(e, a)
    {
        size_t n = strlen(dst);
        if (cJSON_IsString(e))
            snprintf(dst + n, len - n, "%s%s", n ? sep : "", e->valuestring);
    }
}

/* One check of a result: its record, and the step it belongs to (name, kind, level). */
static rs_status rebuild_check(const cJSON *x, rs_scenario *sc, rs_check_result *c, rs_err *err)
{
    static const char *const verdicts[] = {"pass", "fail", "warn"};
    double step = 0, line = 0, col = 0;
    int v = word(str(x, "verdict"), verdicts, 3), lv = level_of(str(x, "level"));
    const rs_step_kind *kind = str(x, "step_kind") ? rs_step_kind_find(str(x, "step_kind")) : NULL;
    if (num(x, "step", &step) || num(x, "line", &line) || num(x, "col", &col) || v < 0 || lv < 0 ||
        !kind || !str(x, "check") || step < 1 || step > RS_MAX_STEPS)
        return rs_errf(err, RS_ERR_USAGE,
                       "scenario %s: a check without step, line, col, check, "
                       "verdict, level or a known step_kind",
                       sc->id);
    c->step = (int)step - 1;
    c->line = (int)line;
    c->col = (int)col;
    copy(c->check, sizeof(c->check), x, "check");
    c->verdict = (rs_check_verdict)v;
    c->message = str(x, "message") ? strdup(str(x, "message")) : NULL;
    rs_step *s = &sc->steps[c->step];
    s->kind = kind;
    s->level = (rs_level)lv;
    copy(s->name, sizeof(s->name), x, "step_name");
    if (sc->nsteps < c->step + 1)
        sc->nsteps = c->step + 1;
    return RS_OK;
}

static rs_status rebuild(const cJSON *o, rs_scenario *sc, rs_result *r, rs_err *err)
{
    static const char *const outcomes[] = {"PASS", "FAIL", "WARN", "SKIP", "ERROR"};
    static const char *const marks[] = {"", "XFAIL", "XPASS"};
    double idx = 0, secs = 0, cleanup = 0, xfails = 0;
    int oc = word(str(o, "outcome"), outcomes, 5), lv = level_of(str(o, "level"));
    int mark = word(str(o, "expected"), marks, 3);
    const cJSON *checks = cJSON_GetObjectItemCaseSensitive(o, "checks");
    copy(sc->id, sizeof(sc->id), o, "id");
    if (oc < 0 || lv < 0 || mark < 0 || num(o, "index", &idx) || num(o, "seconds", &secs) ||
        num(o, "cleanup_failures", &cleanup) || num(o, "expected_fails", &xfails) ||
        !cJSON_IsArray(checks) || !str(o, "suite") || !str(o, "path") || !str(o, "failures") ||
        !str(o, "trace") || !str(o, "expected_note"))
        return rs_errf(err, RS_ERR_USAGE,
                       "scenario %s: a result without outcome, level, seconds, suite, path, "
                       "checks, failures, trace or expected (mark, note, fails)",
                       sc->id);
    copy(sc->path, sizeof(sc->path), o, "path");
    copy(sc->suite, sizeof(sc->suite), o, "suite");
    copy(sc->title, sizeof(sc->title), o, "title");
    copy_joined(sc->keywords, sizeof(sc->keywords), o, "keywords", " ");
    copy_joined(sc->refs, sizeof(sc->refs), o, "refs", "; ");
    copy_joined(sc->affects, sizeof(sc->affects), o, "affects", "; ");
    copy_joined(sc->reproduced_by, sizeof(sc->reproduced_by), o, "reproduced_by", " ");
    sc->level = (rs_level)lv;
    memset(r, 0, sizeof(*r));
    r->sc = sc;
    r->index = (int)idx;
    r->outcome = (rs_outcome)oc;
    r->seconds = secs;
    r->cleanup_failures = (int)cleanup;
    r->base = mark == 1 ? RS_BASE_XFAIL : mark == 2 ? RS_BASE_XPASS : RS_BASE_NONE;
    r->base_fails = xfails > 0;
    copy(r->base_note, sizeof(r->base_note), o, "expected_note");
    copy(r->first, sizeof(r->first), o, "first_failure");
    copy(r->actual, sizeof(r->actual), o, "actual");
    copy(r->reason, sizeof(r->reason), o, "reason");
    rs_buf_init(&r->failures, 256 * 1024);
    if (rs_buf_add(&r->failures, str(o, "failures"), strlen(str(o, "failures"))) != 0)
        r->failures.truncated = 1;
    r->trace = strdup(str(o, "trace"));
    int n = cJSON_GetArraySize(checks);
    if (n && !(r->cr = calloc((size_t)n, sizeof(rs_check_result))))
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    r->capcr = n;
    const cJSON *x;
    cJSON_ArrayForEach(x, checks)
    {
        rs_status st = rebuild_check(x, sc, &r->cr[r->ncr], err);
        if (st != RS_OK)
            return st;
        r->failed_checks += r->cr[r->ncr].verdict != RS_CHECK_PASS;
        r->ncr++;
        r->checks++;
    }
    return RS_OK;
}

/* A report's time (YYYY-MM-DDTHH:MM:SSZ, as report.c writes it); 0 when absent or malformed. */
static time_t report_time(const cJSON *doc, const char *key)
{
    const char *v = str(doc, key);
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    const char *end = v ? strptime(v, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
    return end && !*end ? timegm(&tm) : 0;
}

/* The merged run: from the earliest shard's start to the latest shard's end. */
static void run_times(const merge_state *m, rs_run_meta *meta)
{
    for (int k = 0; k < m->nin; k++) {
        time_t a = report_time(m->doc[k], "started"), b = report_time(m->doc[k], "ended");
        if (a && (!meta->started || a < meta->started))
            meta->started = a;
        if (b && b > meta->ended)
            meta->ended = b;
    }
}

static rs_status write_merged(merge_state *m, rs_err *err)
{
    rs_scenario *sc = calloc((size_t)m->ne + 1, sizeof(rs_scenario));
    rs_result *res = calloc((size_t)m->ne + 1, sizeof(rs_result));
    rs_status st = sc && res ? RS_OK : rs_errf(err, RS_ERR_NOMEM, "out of memory");
    int n = 0;
    int spec = rs_spec_find(str(m->doc[0], "spec") ? str(m->doc[0], "spec") : "");
    for (; st == RS_OK && n < m->ne; n++) {
        st = rebuild(m->e[n].item, &sc[n], &res[n], err);
        sc[n].spec = spec < 0 ? RS_SPEC_DEFAULT : spec;
    }
    const char *partial = m->partial[0] ? m->partial : NULL;
    /* the merged run keeps the first shard's run id; its times span the shards' */
    const char *exp = str(m->doc[0], "expected_list"), *plan = str(m->doc[0], "plan");
    const char *xd = str(m->doc[0], "expected_list_sha256");
    rs_run_meta meta = {.run_id = str(m->doc[0], "run_id"),
                        .expected = exp && exp[0] ? exp : NULL,
                        .expected_digest = xd && xd[0] ? xd : NULL,
                        .plan = plan && plan[0] ? plan : NULL};
    copy(meta.server, sizeof(meta.server), m->doc[0], "registry_server");
    copy(meta.api_version, sizeof(meta.api_version), m->doc[0], "registry_api_version");
    run_times(m, &meta);
    if (st == RS_OK && m->json)
        st = rs_report_json_meta(m->json, &m->t, &meta, res, n, partial, err);
    if (st == RS_OK && m->junit)
        st = rs_report_junit(m->junit, &m->t, res, n, partial, err);
    for (int i = 0; res && i < n; i++)
        rs_result_free(&res[i]);
    free(res);
    free(sc);
    return st;
}

/* An output that is one of the inputs would be overwritten before the run is whole. */
static rs_status output_not_input(const merge_state *m, rs_err *err)
{
    const char *outs[] = {m->junit, m->json};
    for (int o = 0; o < 2; o++) {
        struct stat so, si;
        if (!outs[o] || stat(outs[o], &so) != 0)
            continue;
        for (int k = 0; k < m->nin; k++)
            if (stat(m->in[k], &si) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino)
                return rs_errf(err, RS_ERR_USAGE,
                               "merge: %s is both an input and an output: write the merged "
                               "report to another file",
                               outs[o]);
    }
    return RS_OK;
}

static rs_status parse_args(merge_state *m, int argc, char **argv, rs_err *err)
{
    m->in = argv;
    for (int i = 0; i < argc; i++) {
        const char **opt = strcmp(argv[i], "--junit") == 0  ? &m->junit
                           : strcmp(argv[i], "--json") == 0 ? &m->json
                                                            : NULL;
        if (opt && *opt && i + 1 < argc)
            return rs_errf(err, RS_ERR_USAGE,
                           "merge: %s is given twice ('%s', then '%s'): give it once", argv[i],
                           *opt, argv[i + 1]);
        if (opt && i + 1 < argc)
            *opt = argv[++i];
        else if (opt || argv[i][0] == '-')
            return rs_errf(err, RS_ERR_USAGE, "merge: %s %s", argv[i],
                           opt ? "needs a file" : "is not an option of merge");
        else
            argv[m->nin++] = argv[i]; /* the inputs, packed in place */
    }
    if (m->nin == 0 || (!m->junit && !m->json))
        return rs_errf(err, RS_ERR_USAGE,
                       "merge needs --junit FILE and/or --json FILE, and the shards' JSON reports");
    return output_not_input(m, err);
}

int rs_cmd_merge(int argc, char **argv)
{
    merge_state m;
    memset(&m, 0, sizeof(m));
    rs_err err;
    rs_status st = parse_args(&m, argc, argv, &err);
    if (st == RS_OK)
        st = load_inputs(&m, &err);
    if (st == RS_OK)
        st = shards_complete(&m, &err);
    if (st == RS_OK)
        st = collect(&m, &err);
    if (st == RS_OK)
        st = write_merged(&m, &err);
    for (int k = 0; m.doc && k < m.nin; k++)
        cJSON_Delete(m.doc[k]);
    free(m.doc);
    free(m.e);
    if (st == RS_OK) {
        printf("regsuite merge: %d report(s), %d scenario(s)%s\n", m.nin, m.ne,
               m.partial[0] ? " (partial)" : "");
        return 0;
    }
    fprintf(stderr, "regsuite: %s\n", err.msg);
    if (st == RS_ERR_USAGE && m.nin == 0)
        rs_cli_usage(stderr);
    return RS_EXIT_USAGE;
}
