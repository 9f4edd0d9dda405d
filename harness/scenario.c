#include "loader.h"

#include "fixture.h"

#include "target.h"

#include <stddef.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const TOP_KEYS[] = {
    "id",    "title", "level", "keywords", "refs", "requires", "affects", "reproduced_by",
    "blobs", "steps", "probe", "fixture",  NULL};
static const rs_vtype COUNT_T = {RS_B_INT, RS_C_ONE, NULL, 1};
static const rs_vtype CONTENT_T = {RS_B_STR, RS_C_ONE, NULL, 0};

/* ---- blobs -------------------------------------------------------------------------------- */

static rs_status load_blob(loader *L, yaml_node_t *k, yaml_node_t *v, rs_blob_spec *b)
{
    const char *name = rs_ydoc_str(k);
    if (!name || !name[0] || strlen(name) >= sizeof(b->name) || strchr(name, '.'))
        return ERR(L, k, "a blob name is a short string without dots");
    const rs_blob_spec *had = rs_scenario_blob(L->s, name);
    if (had)
        return ERR(L, k, "blob '%s' is defined twice%s", name,
                   had - L->s->blobs < L->s->nfixture_blobs ? " (its fixture defines it)" : "");
    if (v->type != YAML_MAPPING_NODE)
        return ERR(L, v, "blob '%s' must be a map: {size, seed}, {content} or {file}", name);
    snprintf(b->name, sizeof(b->name), "%s", name);
    b->line = (int)k->start_mark.line + 1;
    b->col = (int)k->start_mark.column + 1;
    int sources = 0;
    RS_YMAP_EACH(L->p.doc, v, q)
    {
        yaml_node_t *qk = rs_ydoc_node(L->p.doc, q->key), *qv = rs_ydoc_node(L->p.doc, q->value);
        const char *key = rs_ydoc_str(qk) ? rs_ydoc_str(qk) : "?";
        rs_val x;
        static const char *const ALGOS[] = {"sha256", "sha512", NULL};
        static const rs_vtype ALGO_T = {RS_B_ENUM, RS_C_ONE, ALGOS, 1};
        int is_num = strcmp(key, "size") == 0 || strcmp(key, "seed") == 0;
        int is_text = strcmp(key, "content") == 0 || strcmp(key, "file") == 0;
        if (!is_num && !is_text && strcmp(key, "algo") != 0)
            return ERR(L, qk, "unknown blob key '%s' (expected size, seed, content, file, algo)",
                       key);
        const rs_vtype *t = is_num ? &COUNT_T : is_text ? &RS_TEXT_T : &ALGO_T;
        if (strcmp(key, "content") == 0)
            t = &CONTENT_T; /* may be empty: the empty blob */
        const char *lit = rs_ydoc_str(qv);
        if (is_num && lit && lit[0] && strspn(lit, "0123456789") != strlen(lit))
            return ERR(L, qv,
                       "blob %s must be a whole number%s (digits only: it is known before "
                       "the run, no ${placeholder}), found '%s'",
                       key, key[1] == 'i' ? " of bytes, e.g. 8388608 for 8 MiB" : "", lit);
        rs_status st = rs_parse_tmp(L, qv, t, key, &x);
        if (st != RS_OK)
            return st;
        if (strcmp(key, "size") == 0)
            b->size = (uint64_t)x.num, sources++;
        else if (strcmp(key, "seed") == 0)
            b->seed = (uint64_t)x.num;
        else if (strcmp(key, "algo") == 0)
            b->sha512 = x.num == 1;
        else {
            b->source = key[0] == 'c' ? RS_BLOB_CONTENT : RS_BLOB_FILE;
            free(b->text); /* both content and file: refused below, neither kept */
            b->text = x.text;
            x.text = NULL;
            sources++;
        }
        rs_val_free(&x);
    }
    if (sources != 1)
        return ERR(L, v, "blob '%s' needs exactly one of size (with seed), content or file", name);
    return rs_check_placeholders(L, rs_ydoc_get(L->p.doc, v, "content"));
}

rs_status rs_load_blobs(loader *L, yaml_node_t *m)
{
    if (m->type != YAML_MAPPING_NODE)
        return ERR(L, m, "blobs must be a map name -> {size, seed}, {content} or {file}");
    RS_YMAP_EACH(L->p.doc, m, p)
    {
        if (L->s->nblobs == RS_MAX_BLOBS)
            return ERR(L, m, "more than %d blobs; split the scenario", RS_MAX_BLOBS);
        rs_status st = load_blob(L, rs_ydoc_node(L->p.doc, p->key),
                                 rs_ydoc_node(L->p.doc, p->value), &L->s->blobs[L->s->nblobs]);
        L->s->nblobs++; /* counted even when it failed: its text is freed with the scenario */
        if (st != RS_OK)
            return st;
    }
    return RS_OK;
}

/* ---- the file ------------------------------------------------------------------------------ */

static rs_status join_list(loader *L, yaml_node_t *v, const char *what, char *dst, size_t cap,
                           const char *sep)
{
    rs_val x;
    rs_status st = rs_parse_tmp(L, v, &RS_TEXTS_T, what, &x);
    dst[0] = '\0';
    for (int i = 0; st == RS_OK && i < x.nitems; i++) {
        if (strlen(dst) + strlen(sep) + strlen(x.items[i].text) >= cap)
            st = ERR(L, v, "%s is longer than %zu bytes", what, cap - 1);
        else
            snprintf(dst + strlen(dst), cap - strlen(dst), "%s%s", i ? sep : "", x.items[i].text);
    }
    rs_val_free(&x); /* zeroed by parse_tmp when it failed: freeing twice is safe */
    return st;
}

rs_status rs_load_requires(loader *L, yaml_node_t *v, char (*req)[32], int *n, int max)
{
    rs_val x;
    rs_status st = rs_parse_tmp(L, v, &RS_TEXTS_T, "requires", &x);
    for (int i = 0; st == RS_OK && i < x.nitems; i++) {
        const char *f = x.items[i].text;
        if (*n == max || strlen(f) >= 32)
            st = ERR(L, v, "requires lists up to %d feature names", max);
        else if (!rs_feature_known(f)) {
            char known[512];
            rs_feature_names(known, sizeof(known));
            st = ERR(L, v, "requires names an unknown feature '%s' (known: %s)", f, known);
        } else
            snprintf(req[(*n)++], 32, "%s", f);
    }
    rs_val_free(&x);
    return st;
}

/* reproduced_by: [bug-<mode>, ...]: the broken targets on which the scenario must fail. */
static rs_status load_reproduced_by(loader *L, yaml_node_t *v)
{
    rs_status st =
        join_list(L, v, "reproduced_by", L->s->reproduced_by, sizeof(L->s->reproduced_by), " ");
    for (const char *p = L->s->reproduced_by; st == RS_OK && *p;) {
        size_t n = strcspn(p, " ");
        int ok = n > 4 && strncmp(p, "bug-", 4) == 0;
        for (size_t i = 4; ok && i < n; i++)
            ok = (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '-';
        if (!ok)
            return ERR(L, v,
                       "reproduced_by names broken targets, bug-<mode> (lowercase letters, "
                       "digits, '-'): found '%.*s'",
                       (int)n, p);
        p += n + (p[n] == ' ');
    }
    return st;
}

static rs_status load_top(loader *L, yaml_node_t *k, yaml_node_t *v, yaml_node_t **steps)
{
    rs_scenario *s = L->s;
    const char *key = rs_ydoc_str(k) ? rs_ydoc_str(k) : "?";
    if (!rs_in_list(TOP_KEYS, -1, key))
        return ERR(L, k,
                   "unknown key '%s' (expected id, title, level, keywords, refs, "
                   "requires, affects, reproduced_by, fixture, blobs, probe, steps)",
                   key);
    if (strcmp(key, "id") == 0 || strcmp(key, "title") == 0) {
        int id = key[0] == 'i';
        if (!rs_ydoc_str(v) || !rs_ydoc_str(v)[0] ||
            strlen(rs_ydoc_str(v)) >= (id ? sizeof(s->id) : sizeof(s->title)))
            return ERR(L, v, "%s must be a non-empty string of at most %zu bytes", key,
                       (id ? sizeof(s->id) : sizeof(s->title)) - 1);
        snprintf(id ? s->id : s->title, id ? sizeof(s->id) : sizeof(s->title), "%s",
                 rs_ydoc_str(v));
    } else if (strcmp(key, "level") == 0) {
        return rs_load_levels(L, v, &s->levels);
    } else if (strcmp(key, "keywords") == 0) {
        return join_list(L, v, key, s->keywords, sizeof(s->keywords), " ");
    } else if (strcmp(key, "refs") == 0) {
        return join_list(L, v, key, s->refs, sizeof(s->refs), "; ");
    } else if (strcmp(key, "requires") == 0) {
        return rs_load_requires(L, v, L->s->requires, &L->s->nrequires, RS_MAX_REQUIRES);
    } else if (strcmp(key, "affects") == 0) {
        return join_list(L, v, key, s->affects, sizeof(s->affects), "; ");
    } else if (strcmp(key, "reproduced_by") == 0) {
        return load_reproduced_by(L, v);
    } else if (strcmp(key, "blobs") == 0 || strcmp(key, "fixture") == 0) {
        return RS_OK; /* read first, see load_doc */
    } else if (strcmp(key, "probe") == 0) {
        static const rs_vtype BOOL_T = {RS_B_BOOL, RS_C_ONE, NULL, 1};
        rs_val b;
        if (rs_parse_tmp(L, v, &BOOL_T, "probe", &b) != RS_OK)
            return RS_ERR_PARSE;
        s->probe = (int)b.num;
        rs_val_free(&b);
    } else if (v->type != YAML_SEQUENCE_NODE) {
        return ERR(L, v, "steps must be a list, found %s", rs_ydoc_kind(v));
    } else {
        *steps = v;
    }
    return RS_OK;
}

static rs_status check_required(loader *L, yaml_node_t *root, const char *path, yaml_node_t *steps)
{
    rs_scenario *s = L->s;
    const rs_ydoc *d = L->p.doc;
    if (!s->id[0] || !s->title[0] || !steps)
        return ERR(L, root, "a scenario needs id, title and steps");
    if (!rs_ydoc_get(d, root, "level"))
        return ERR(L, root, "a scenario needs a level (MUST, SHOULD or MAY)");
    if (!s->refs[0])
        return ERR(L, root, "a scenario names its source in refs (spec clause, issue)");
    if (strcmp(s->suite, "regressions") == 0 && (!s->affects[0] || !s->reproduced_by[0]))
        return ERR(L, root,
                   "a scenario of suites/regressions names the affected versions (affects) and "
                   "the broken target that reproduces its bug (reproduced_by: [bug-<mode>]); "
                   "this one has no %s",
                   !s->affects[0] && !s->reproduced_by[0] ? "affects and no reproduced_by"
                   : !s->affects[0]                       ? "affects"
                                                          : "reproduced_by");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t il = strlen(s->id);
    if (strncmp(base, s->id, il) != 0 || strcmp(base + il, ".yaml") != 0)
        return ERR(L, rs_ydoc_get(d, root, "id"), "id '%s' must match the file name (%s)", s->id,
                   base);
    return RS_OK;
}

static rs_status load_doc(rs_scenario *s, const rs_ydoc *d, const char *path, rs_err *err)
{
    loader *L = calloc(1, sizeof(*L));
    if (!L)
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    L->p.doc = d;
    L->p.sc = s;
    L->s = s;
    L->err = err;
    yaml_node_t *root = rs_ydoc_root(d), *steps = NULL, *blobs = rs_ydoc_get(d, root, "blobs");
    yaml_node_t *fixture = rs_ydoc_get(d, root, "fixture");
    rs_status st = RS_OK;
    if (root->type != YAML_MAPPING_NODE)
        st = ERR(L, root, "a scenario is a map with id, title, level, refs, steps");
    if (st == RS_OK && fixture) /* its blobs and steps first, at MUST: no level read yet */
        st = rs_fixture_load(L, fixture);
    if (st == RS_OK && blobs)
        st = rs_load_blobs(L, blobs);
    if (st == RS_OK)
        RS_YMAP_EACH(d, root, p)
    if (st == RS_OK)
        st = load_top(L, rs_ydoc_node(d, p->key), rs_ydoc_node(d, p->value), &steps);
    if (st == RS_OK)
        st = check_required(L, root, path, steps);
    if (st == RS_OK)
        RS_YSEQ_EACH(d, steps, it)
        {
            if (st == RS_OK && s->nsteps == RS_MAX_STEPS)
                st = ERR(L, steps, "more than %d steps; split the scenario", RS_MAX_STEPS);
            if (st == RS_OK) {
                memset(&s->steps[s->nsteps], 0, sizeof(s->steps[0]));
                st = rs_load_step(L, rs_ydoc_node(d, *it), &s->steps[s->nsteps++]);
            }
        }
    if (st == RS_OK && fixture)
        st = rs_fixture_check_reads(L);
    free(L);
    return st;
}

static void set_path(rs_scenario *s, const char *path)
{
    /* the step slots are zeroed one by one as steps load: a scenario's unused slots stay
     * untouched (a plan of hundreds of scenarios stays small in resident memory) */
    memset(s, 0, offsetof(rs_scenario, steps));
    memset(&s->nsteps, 0, sizeof(*s) - offsetof(rs_scenario, nsteps));
    snprintf(s->path, sizeof(s->path), "%s", path);
    char dir[PATH_MAX];
    /* the folder is the file's real one, however the path was written (./x.yaml, ../a/x.yaml) */
    if (!realpath(path, dir))
        snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        char *prev = strrchr(dir, '/');
        snprintf(s->suite, sizeof(s->suite), "%s", prev ? prev + 1 : dir);
    } else {
        snprintf(s->suite, sizeof(s->suite), ".");
    }
}

rs_status rs_scenario_load(rs_scenario *s, const char *path, rs_err *err)
{
    set_path(s, path);
    rs_ydoc d;
    if (rs_ydoc_load(&d, path, err) != RS_OK)
        return RS_ERR_PARSE;
    rs_status st = load_doc(s, &d, path, err);
    rs_ydoc_free(&d);
    rs_scenario_apply_spec(s, RS_SPEC_DEFAULT);
    return st;
}

rs_status rs_scenario_load_mem(rs_scenario *s, const char *name, const char *text, rs_err *err)
{
    set_path(s, name);
    rs_ydoc d;
    if (rs_ydoc_load_mem(&d, name, text, strlen(text), err) != RS_OK)
        return RS_ERR_PARSE;
    rs_status st = load_doc(s, &d, name, err);
    rs_ydoc_free(&d);
    rs_scenario_apply_spec(s, RS_SPEC_DEFAULT);
    return st;
}

void rs_scenario_apply_spec(rs_scenario *s, int spec)
{
    if (spec < 0 || spec >= RS_SPEC_COUNT)
        return;
    s->spec = spec;
    s->level = s->levels.at[spec];
    for (int i = 0; i < s->nsteps; i++) {
        rs_step *st = &s->steps[i];
        st->level = st->levels.at[spec];
        for (int c = 0; c < st->nchecks; c++)
            st->checks[c].level =
                st->checks[c].own_level ? st->checks[c].levels.at[spec] : st->level;
    }
}

void rs_scenario_free(rs_scenario *s)
{
    for (int i = 0; i < s->nblobs; i++)
        free(s->blobs[i].text);
    for (int i = 0; i < s->nsteps; i++) {
        rs_step *st = &s->steps[i];
        for (int a = 0; a < RS_P_COUNT; a++)
            if (st->args[a]) {
                rs_val_free(st->args[a]);
                free(st->args[a]);
            }
        for (int c = 0; c < st->nchecks; c++)
            rs_val_free(&st->checks[c].val);
        for (int v = 0; v < st->nsaves; v++) {
            free(st->saves[v].var);
            free(st->saves[v].header);
        }
        for (int w = 0; w < st->nwhens; w++) {
            free(st->whens[w].var);
            rs_val_free(&st->whens[w].values);
        }
    }
    s->nblobs = s->nsteps = 0;
}

int rs_scenario_has_keyword(const rs_scenario *s, const char *kw)
{
    size_t n = strlen(kw);
    for (const char *p = s->keywords; n && (p = strstr(p, kw)); p += n)
        if ((p == s->keywords || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}
