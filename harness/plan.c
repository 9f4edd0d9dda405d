#include "plan.h"

#include "blob.h"
#include "cli.h"
#include "fixture.h"
#include "matrix.h"

#include "target.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_FILES 1024

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .yaml files (fixture files too) and folders directly in dir, sorted; -1 when it cannot be
 * read (or no memory), -2 when it holds more than MAX_FILES of them (never a silent cut). */
static int list_dir(const char *path, char **names)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int nn = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char full[1024];
        snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
        struct stat s2;
        if (stat(full, &s2) != 0)
            continue;
        size_t l = strlen(e->d_name);
        int yaml = l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0;
        if (S_ISDIR(s2.st_mode) || yaml) {
            if (nn == MAX_FILES || !(names[nn] = strdup(full))) {
                for (int i = 0; i < nn; i++)
                    free(names[i]);
                closedir(d);
                return nn == MAX_FILES ? -2 : -1;
            }
            nn++;
        }
    }
    closedir(d);
    qsort(names, (size_t)nn, sizeof(char *), cmp_str);
    return nn;
}

/* The files found under the paths given: scenario files, and fixture files (read by the
 * scenarios naming them; one that none names is an error, not a file silently never read). */
typedef struct {
    char **files, **fixtures;
    int n, nfix;
} found;

/* Adds a copy of path to files; -1 with a message when there are too many or no memory. */
static int add_file(const char *path, char **files, int *n, FILE *diag)
{
    if (*n == MAX_FILES) {
        fprintf(diag, "regsuite: %s: more than %d scenario files under the paths given\n", path,
                MAX_FILES);
        return -1;
    }
    if (!(files[*n] = strdup(path))) {
        fprintf(diag, "regsuite: %s: out of memory\n", path);
        return -1;
    }
    (*n)++;
    return 0;
}

static int collect(const char *path, found *f, FILE *diag)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(diag, "regsuite: %s: no such file or folder\n", path);
        return -1;
    }
    if (S_ISREG(st.st_mode))
        return add_file(path, f->files, &f->n, diag);
    char **names = calloc(MAX_FILES, sizeof(char *));
    int nn = names ? list_dir(path, names) : -1, rc = nn < 0 ? -1 : 0;
    if (nn == -2)
        fprintf(diag, "regsuite: %s: more than %d files and folders in it\n", path, MAX_FILES);
    else if (nn < 0)
        fprintf(diag, "regsuite: %s: cannot read the folder (or out of memory)\n", path);
    for (int i = 0; i < nn; i++) {
        struct stat s3;
        if (rc == 0 && stat(names[i], &s3) == 0 && S_ISDIR(s3.st_mode)) {
            /* folders named testdata or expected hold inputs for the tests, not scenarios */
            const char *b = strrchr(names[i], '/');
            if (!(b && (strcmp(b, "/testdata") == 0 || strcmp(b, "/expected") == 0)))
                rc = collect(names[i], f, diag);
        } else if (rc == 0 && rs_fixture_path(names[i])) {
            rc = add_file(names[i], f->fixtures, &f->nfix, diag);
        } else if (rc == 0) {
            rc = add_file(names[i], f->files, &f->n, diag);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Whether term (n bytes, not NUL-terminated) names the scenario: its id, folder or a keyword. */
static int filter_match(const rs_scenario *s, const char *term, size_t n)
{
    char t[160];
    if (n == 0 || n >= sizeof(t)) /* longer than any id, folder or keyword can be */
        return 0;
    memcpy(t, term, n);
    t[n] = '\0';
    return strcmp(s->id, t) == 0 || strcmp(s->suite, t) == 0 || rs_scenario_has_keyword(s, t);
}

int rs_plan_selected(const rs_scenario *s, const char *filter)
{
    if (!filter || !*filter)
        return 1;
    int any_pos = 0, pos_hit = 0;
    for (const char *t = filter; *t; t += *t == ',') { /* any length: no copy, no cap */
        size_t n = strcspn(t, ",");
        if (t[0] == '!') {
            if (filter_match(s, t + 1, n - 1))
                return 0;
        } else if (n) {
            any_pos = 1;
            pos_hit |= filter_match(s, t, n);
        }
        t += n;
    }
    return !any_pos || pos_hit;
}

/* 0, or -1 after printing why the i-th scenario cannot run (a duplicate id; the loader itself
 * refuses unknown features with file:line:col). */
static int validate(const rs_plan *p, int i, FILE *diag)
{
    const rs_scenario *s = &p->sc[i];
    for (int j = 0; j < i; j++)
        if (strcmp(p->sc[j].id, s->id) == 0) {
            fprintf(diag, "regsuite: %s: id '%s' is also used by %s\n", s->path, s->id,
                    p->sc[j].path);
            return -1;
        }
    return 0;
}

typedef struct {
    rs_plan *p;
    int cap;
} slots;

/* Room for one more scenario in p->sc, counted in p->n (freed with the plan even when its load
 * fails). The array grows by doubling; new slots are not touched here (the loader zeroes what
 * it uses), so a large plan stays small in resident memory. */
static rs_scenario *next_slot(void *ctx)
{
    slots *sl = ctx;
    rs_plan *p = sl->p;
    if (p->n == sl->cap) {
        int nc = sl->cap ? sl->cap * 2 : 64;
        rs_scenario *sc = realloc(p->sc, (size_t)nc * sizeof(*sc));
        if (!sc)
            return NULL;
        p->sc = sc;
        sl->cap = nc;
    }
    return &p->sc[p->n++];
}

/* A matrix file (*.matrix.yaml) adds the scenarios it generates; any other file one scenario. */
static int load_one(slots *sl, const char *file, FILE *diag)
{
    rs_err err;
    rs_status st;
    if (rs_fixture_path(file)) {
        st = rs_errf(&err, RS_ERR_USAGE,
                     "%s: a fixture, not a scenario: it runs with the scenarios that name it "
                     "(fixture: NAME); give those, or their folder",
                     file);
    } else if (rs_matrix_path(file)) {
        st = rs_matrix_load(file, next_slot, sl, &err);
    } else {
        rs_scenario *s = next_slot(sl);
        st = s ? rs_scenario_load(s, file, &err)
               : rs_errf(&err, RS_ERR_NOMEM, "%s: out of memory", file);
    }
    if (st != RS_OK)
        fprintf(diag, "regsuite: %s\n", err.msg);
    return st == RS_OK ? 0 : -1;
}

static int load_files(rs_plan *p, char **files, int nf, FILE *diag)
{
    int bad = 0;
    slots sl = {p, 0};
    for (int i = 0; i < nf; i++) {
        int before = p->n;
        if (load_one(&sl, files[i], diag) != 0)
            bad = 1;
        for (int j = before; !bad && j < p->n; j++)
            if (validate(p, j, diag) != 0)
                bad = 1;
    }
    return bad ? -1 : 0;
}

/* -1 after printing each fixture file found in a folder that no scenario loaded names. */
static int check_fixtures_named(const rs_plan *p, const found *f, FILE *diag)
{
    int bad = 0;
    for (int i = 0; i < f->nfix; i++) {
        int named = 0;
        for (int j = 0; j < p->n && !named; j++)
            named = p->sc[j].fixture[0] && strcmp(p->sc[j].fixture_path, f->fixtures[i]) == 0;
        if (!named) {
            const char *b = strrchr(f->fixtures[i], '/');
            b = b ? b + 1 : f->fixtures[i];
            fprintf(diag,
                    "regsuite: %s: no scenario beside it names this fixture (fixture: %.*s), so "
                    "it would never be read: name it from a scenario in its folder, or remove "
                    "it\n",
                    f->fixtures[i], (int)(strlen(b) - strlen(".fixture.yaml")), b);
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

rs_status rs_plan_load(rs_plan *p, char **paths, int npaths, const char *filter, FILE *diag,
                       rs_err *err)
{
    memset(p, 0, sizeof(*p));
    found f = {calloc(MAX_FILES, sizeof(char *)), calloc(MAX_FILES, sizeof(char *)), 0, 0};
    int bad = !f.files || !f.fixtures;
    if (bad)
        fprintf(diag, "regsuite: out of memory\n");
    for (int i = 0; f.files && f.fixtures && i < npaths; i++)
        if (collect(paths[i], &f, diag) != 0)
            bad = 1;
    if (!bad && load_files(p, f.files, f.n, diag) != 0)
        bad = 1;
    if (!bad && check_fixtures_named(p, &f, diag) != 0)
        bad = 1;
    for (int i = 0; i < f.n; i++)
        free(f.files[i]);
    for (int i = 0; i < f.nfix; i++)
        free(f.fixtures[i]);
    free(f.files);
    free(f.fixtures);
    if (bad)
        return rs_errf(err, RS_ERR_PARSE, "nothing was run: fix the files above");
    p->sel = calloc((size_t)p->n + 1, sizeof(int));
    if (!p->sel)
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    for (int i = 0; i < p->n; i++)
        if (rs_plan_selected(&p->sc[i], filter))
            p->sel[p->nsel++] = i;
    if (p->n == 0)
        return rs_errf(err, RS_ERR_USAGE,
                       "no scenario selected: the paths given hold no scenario file (*.yaml)");
    if (p->nsel == 0)
        return rs_errf(err, RS_ERR_USAGE,
                       "no scenario selected: --filter '%s' matches none of the %d scenario(s) "
                       "loaded",
                       filter ? filter : "", p->n);
    return RS_OK;
}

void rs_plan_identity(const rs_plan *p, char *out, size_t len)
{
    rs_hasher h;
    char d[160] = "";
    if (rs_hasher_init(&h, RS_SHA256) == 0) {
        for (int i = 0; i < p->nsel; i++) {
            rs_hasher_update(&h, p->sc[p->sel[i]].id, strlen(p->sc[p->sel[i]].id));
            rs_hasher_update(&h, "\n", 1);
        }
        rs_hasher_final(&h, d);
    } else {
        rs_hasher_free(&h);
    }
    const char *hex = strchr(d, ':');
    /* without a digest (no memory): the count alone, which merge refuses as not a selection */
    if (hex)
        snprintf(out, len, "%d:%.16s", p->nsel, hex + 1);
    else
        snprintf(out, len, "%d:", p->nsel);
}

void rs_plan_free(rs_plan *p)
{
    for (int i = 0; p->sc && i < p->n; i++)
        rs_scenario_free(&p->sc[i]);
    free(p->sc);
    free(p->sel);
    memset(p, 0, sizeof(*p));
}

rs_status rs_plan_shard(rs_plan *p, const char *spec, int *i, int *n, rs_err *err)
{
    char a[32] = "", b[32] = "";
    const char *slash = strchr(spec, '/');
    long si = 0, sn = 0;
    if (slash && (size_t)(slash - spec) < sizeof(a) && strlen(slash + 1) < sizeof(b)) {
        memcpy(a, spec, (size_t)(slash - spec));
        snprintf(b, sizeof(b), "%s", slash + 1);
    }
    if (rs_cli_long(a, 0, 1000000, &si) != 0 || rs_cli_long(b, 0, 1000000, &sn) != 0)
        return rs_errf(err, RS_ERR_USAGE,
                       "--shard '%s': expected I/N, two whole numbers, e.g. 2/4 (the second of "
                       "four slices)",
                       spec);
    if (sn < 1)
        return rs_errf(err, RS_ERR_USAGE, "--shard '%s': N must be at least 1", spec);
    if (si < 1 || si > sn)
        return rs_errf(err, RS_ERR_USAGE, "--shard '%s': I must be from 1 to N (here 1 to %ld)",
                       spec, sn);
    if (sn > p->nsel)
        return rs_errf(err, RS_ERR_USAGE,
                       "--shard '%s': %d scenario(s) selected, so at most %d shards (each shard "
                       "must run at least one)",
                       spec, p->nsel, p->nsel);
    int k = 0;
    for (int j = 0; j < p->nsel; j++)
        if (j % sn == si - 1)
            p->sel[k++] = p->sel[j];
    p->nsel = k;
    *i = (int)si;
    *n = (int)sn;
    return RS_OK;
}
