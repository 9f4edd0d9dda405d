#include "fixture.h"
#include "loader.h"

#include "ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const FIXTURE_KEYS[] = {"fixture", "title", "blobs", "steps", NULL};
static const char SUFFIX[] = ".fixture.yaml";

int rs_fixture_path(const char *path)
{
    size_t n = strlen(path), k = sizeof(SUFFIX) - 1;
    return n > k && strcmp(path + n - k, SUFFIX) == 0;
}

const char *rs_step_file(const rs_scenario *sc, const rs_step *s)
{
    return s->in_fixture ? sc->fixture_path : sc->path;
}

/* NAME: lowercase letters, digits and '-', the file NAME.fixture.yaml in the scenario's folder */
static rs_status fixture_file(loader *L, yaml_node_t *v)
{
    rs_scenario *s = L->s;
    const char *name = rs_ydoc_str(v);
    int ok = name && name[0] && strlen(name) < sizeof(s->fixture);
    for (const char *p = name; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-';
    if (!ok)
        return ERR(L, v,
                   "fixture names a fixture file beside the scenario: lowercase letters, digits "
                   "and '-', at most %zu bytes (NAME for NAME%s)",
                   sizeof(s->fixture) - 1, SUFFIX);
    const char *slash = strrchr(s->path, '/');
    int dir = slash ? (int)(slash - s->path + 1) : 0;
    if (snprintf(s->fixture_path, sizeof(s->fixture_path), "%.*s%s%s", dir, s->path, name,
                 SUFFIX) >= (int)sizeof(s->fixture_path))
        return ERR(L, v, "the fixture's path is longer than %zu bytes",
                   sizeof(s->fixture_path) - 1);
    snprintf(s->fixture, sizeof(s->fixture), "%s", name);
    return RS_OK;
}

/* Its top keys: fixture (its own name), title, blobs (literal), steps. */
static rs_status fixture_top(loader *F, yaml_node_t *root, yaml_node_t **steps)
{
    const rs_ydoc *d = F->p.doc;
    if (root->type != YAML_MAPPING_NODE)
        return ERR(F, root, "a fixture is a map with fixture, title, blobs and steps");
    RS_YMAP_EACH(d, root, p)
    {
        yaml_node_t *k = rs_ydoc_node(d, p->key), *v = rs_ydoc_node(d, p->value);
        const char *key = rs_ydoc_str(k) ? rs_ydoc_str(k) : "?";
        if (!rs_in_list(FIXTURE_KEYS, -1, key))
            return ERR(F, k, "unknown key '%s' (a fixture has fixture, title, blobs, steps)", key);
        if (strcmp(key, "fixture") == 0 &&
            (!rs_ydoc_str(v) || strcmp(rs_ydoc_str(v), F->s->fixture) != 0))
            return ERR(F, v, "fixture must be the file's name, '%s'", F->s->fixture);
        if (strcmp(key, "title") == 0 && (!rs_ydoc_str(v) || !rs_ydoc_str(v)[0]))
            return ERR(F, v, "title must be a non-empty string");
        if (strcmp(key, "steps") == 0) {
            if (v->type != YAML_SEQUENCE_NODE || !v->data.sequence.items.top ||
                v->data.sequence.items.top == v->data.sequence.items.start)
                return ERR(F, v, "steps must be a list of at least one step");
            *steps = v;
        }
    }
    static const char *const NEEDED[] = {"fixture", "title", "steps"};
    for (int i = 0; i < 3; i++)
        if (!rs_ydoc_get(d, root, NEEDED[i]))
            return ERR(F, root,
                       "a fixture needs fixture (its name), title and steps; %s is missing",
                       NEEDED[i]);
    return RS_OK;
}

/* Its blobs are set up again in every scenario that uses it: their bytes may not depend on it. */
static rs_status literal_blobs(loader *F)
{
    rs_scenario *s = F->s;
    for (int i = 0; i < s->nblobs; i++)
        if (s->blobs[i].source == RS_BLOB_CONTENT && strstr(s->blobs[i].text, "${"))
            return rs_errf(F->err, RS_ERR_PARSE,
                           "%s:%d:%d: a fixture's blob content is literal (no ${placeholder}): "
                           "every scenario using it sets up the same bytes",
                           s->fixture_path, s->blobs[i].line, s->blobs[i].col);
    return RS_OK;
}

static rs_status fixture_steps(loader *F, yaml_node_t *steps)
{
    rs_scenario *s = F->s;
    rs_status st = RS_OK;
    RS_YSEQ_EACH(F->p.doc, steps, it)
    {
        if (st == RS_OK && s->nsteps == RS_MAX_STEPS)
            st = ERR(F, steps, "more than %d steps", RS_MAX_STEPS);
        if (st == RS_OK) {
            rs_step *x = &s->steps[s->nsteps++];
            memset(x, 0, sizeof(*x));
            x->in_fixture = 1;
            st = rs_load_step(F, rs_ydoc_node(F->p.doc, *it), x);
        }
    }
    return st;
}

rs_status rs_fixture_load(loader *L, yaml_node_t *v)
{
    rs_scenario *s = L->s;
    if (s->nblobs || s->nsteps)
        return ERR(L, v, "fixture is read before the scenario's blobs and steps");
    if (fixture_file(L, v) != RS_OK)
        return RS_ERR_PARSE;
    rs_ydoc d;
    rs_err fe;
    if (rs_ydoc_load(&d, s->fixture_path, &fe) != RS_OK)
        return ERR(L, v, "fixture '%s': %s", s->fixture, fe.msg);
    loader *F = calloc(1, sizeof(*F));
    if (!F) {
        rs_ydoc_free(&d);
        return rs_errf(L->err, RS_ERR_NOMEM, "out of memory");
    }
    F->p.doc = &d;
    F->p.sc = s;
    F->s = s;
    F->err = L->err;
    yaml_node_t *root = rs_ydoc_root(&d), *steps = NULL, *blobs;
    rs_status st = fixture_top(F, root, &steps);
    if (st == RS_OK && (blobs = rs_ydoc_get(&d, root, "blobs")))
        st = rs_load_blobs(F, blobs);
    if (st == RS_OK)
        st = literal_blobs(F);
    if (st == RS_OK)
        st = fixture_steps(F, steps);
    s->nfixture_blobs = s->nblobs;
    s->nfixture_steps = s->nsteps;
    for (int i = 0; st == RS_OK && i < F->nsaved; i++) /* its saves are known to the scenario */
        L->saved[L->nsaved++] = F->saved[i];
    for (int i = 0; st == RS_OK && i < F->nmanifests; i++)
        L->manifests[L->nmanifests++] = F->manifests[i];
    free(F);
    rs_ydoc_free(&d);
    return st;
}

/* 1 when text names the fixture: ${fixture}, or a value one of its steps saved (a location, an
 * upload id, a digest: where it writes could then be the fixture's). "$${" is a literal. */
static int names_fixture(const rs_scenario *s, const char *text)
{
    for (const char *p = text; p && (p = strstr(p, "${")); p += 2) {
        if (p > text && p[-1] == '$')
            continue;
        size_t n = strcspn(p + 2, "}");
        if (n == 7 && strncmp(p + 2, "fixture", 7) == 0)
            return 1;
        for (int i = 0; i < s->nfixture_steps; i++)
            for (int j = 0; j < s->steps[i].nsaves; j++)
                if (strlen(s->steps[i].saves[j].var) == n &&
                    strncmp(p + 2, s->steps[i].saves[j].var, n) == 0)
                    return 1;
    }
    return 0;
}

/* A scenario's own steps may only read where the fixture is: other scenarios share it. Where a
 * step writes (repo, path, url, session) may not name it unless the step only reads. */
rs_status rs_fixture_check_reads(loader *L)
{
    static const rs_param_id WHERE[] = {RS_P_REPO, RS_P_PATH, RS_P_URL, RS_P_SESSION};
    const rs_scenario *s = L->s;
    for (int i = s->nfixture_steps; i < s->nsteps; i++) {
        const rs_step *x = &s->steps[i];
        const rs_val *m = x->args[RS_P_HTTP_METHOD];
        int reads = x->kind->reads ||
                    (m && m->text && (strcmp(m->text, "GET") == 0 || strcmp(m->text, "HEAD") == 0));
        for (size_t w = 0; !reads && w < sizeof(WHERE) / sizeof(WHERE[0]); w++) {
            const rs_val *v = x->args[WHERE[w]];
            if (v && v->text && names_fixture(s, v->text))
                return rs_errf(L->err, RS_ERR_PARSE,
                               "%s:%d:%d: step %d (%s) writes where the fixture is (${fixture} or "
                               "a value it saved): the scenarios of a run share fixture '%s' and "
                               "only read it (HEAD, GET); write in a repository of the scenario's "
                               "own",
                               s->path, v->line, v->col, i + 1, x->kind->name, s->fixture);
        }
    }
    return RS_OK;
}
