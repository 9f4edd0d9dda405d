/* matrix: an authorization matrix (*.matrix.yaml) checked key by key, then expanded per
 * operation x relation into scenario text (block YAML, one line per key) loaded by the scenario
 * loader. Each generated line remembers the matrix node it came from, so an error the scenario
 * loader finds in a generated scenario is reported at the matrix file's line and column. */
#include "matrix.h"
#include "matrix_int.h"

#include "buf.h"
#include "scenario.h"
#include "target.h"
#include "ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const TOP_KEYS[] = {"matrix", "title",     "level",      "keywords",
                                       "refs",   "requires",  "blobs",      "setup",
                                       "kinds",  "relations", "operations", NULL};
static const char *const REL_KEYS[] = {"as", "into", "grants", "refused", "requires", NULL};
static const char *const OP_KEYS[] = {"title",     "ref",     "needs",  "may",
                                      "allowed",   "refused", "either", "requires",
                                      "relations", "fixture", NULL};
static const char *const ACTIONS[] = {"pull", "push", "delete", "catalog", NULL};
static const char *const SCOPES[] = {"repo", "into", "registry", NULL};

int rs_matrix_path(const char *path)
{
    size_t n = strlen(path), k = strlen(RS_MATRIX_SUFFIX);
    return n > k && strcmp(path + n - k, RS_MATRIX_SUFFIX) == 0;
}

/* ---- validation of the table ------------------------------------------------------------ */

static rs_status need_kind(mx *M, yaml_node_t *n, yaml_node_type_t t, const char *what)
{
    static const char *const NAMES[] = {"nothing", "a string", "a list", "a map"};
    if (n && n->type == t)
        return RS_OK;
    return MERR(M, n ? n : M->root, "%s must be %s, found %s", what, NAMES[t],
                n ? rs_ydoc_kind(n) : "nothing");
}

/* A list of strings, each (when words is given) one of words. */
static rs_status check_words(mx *M, yaml_node_t *n, const char *what, const char *const *words)
{
    rs_status st = need_kind(M, n, YAML_SEQUENCE_NODE, what);
    RS_YSEQ_EACH(M->d, n, it)
    {
        yaml_node_t *x = rs_ydoc_node(M->d, *it);
        if (st == RS_OK && !str(x))
            st = MERR(M, x, "%s lists strings, found %s", what, rs_ydoc_kind(x));
        else if (st == RS_OK && words && !in_list(words, str(x)))
            st = MERR(M, x, "%s: unknown name '%s'", what, str(x));
    }
    return st;
}

static rs_status check_features(mx *M, yaml_node_t *n)
{
    rs_status st = check_words(M, n, "requires", NULL);
    RS_YSEQ_EACH(M->d, n, it)
    if (st == RS_OK && !rs_feature_known(str(rs_ydoc_node(M->d, *it)))) {
        char known[512];
        rs_feature_names(known, sizeof(known));
        st = MERR(M, rs_ydoc_node(M->d, *it), "requires names an unknown feature '%s' (known: %s)",
                  str(rs_ydoc_node(M->d, *it)), known);
    }
    return st;
}

static rs_status check_kinds(mx *M)
{
    rs_status st = need_kind(M, M->kinds, YAML_MAPPING_NODE, "kinds");
    RS_YMAP_EACH(M->d, M->kinds, p)
    {
        yaml_node_t *v = rs_ydoc_node(M->d, p->value);
        if (st == RS_OK)
            st = need_kind(M, v, YAML_MAPPING_NODE, "a repository kind");
        RS_YMAP_EACH(M->d, v, q)
        {
            yaml_node_t *k = rs_ydoc_node(M->d, q->key), *x = rs_ydoc_node(M->d, q->value);
            int setup = str(k) && strcmp(str(k), "setup") == 0;
            if (st == RS_OK)
                st = setup ? need_kind(M, x, YAML_MAPPING_NODE,
                                       "a kind's setup (fixture name -> steps)")
                           : need_kind(M, x, YAML_SCALAR_NODE, "a kind's placeholder value");
            RS_YMAP_EACH(M->d, setup ? x : NULL, f)
            {
                if (st == RS_OK)
                    st = need_kind(M, rs_ydoc_node(M->d, f->value), YAML_SEQUENCE_NODE,
                                   "a fixture (steps)");
            }
        }
    }
    return st;
}

static rs_status check_grants(mx *M, yaml_node_t *g)
{
    rs_status st = need_kind(M, g, YAML_MAPPING_NODE, "grants");
    RS_YMAP_EACH(M->d, g, p)
    {
        yaml_node_t *k = rs_ydoc_node(M->d, p->key);
        const char *s = str(k);
        if (st == RS_OK && !(s && (rs_ydoc_get(M->d, M->kinds, s) || strcmp(s, "into") == 0 ||
                                   strcmp(s, "registry") == 0)))
            st =
                MERR(M, k, "unknown grant scope '%s' (expected a kind of kinds:, into or registry)",
                     s ? s : rs_ydoc_kind(k));
        if (st == RS_OK)
            st = check_words(M, rs_ydoc_node(M->d, p->value),
                             "a grant (pull, push, delete, catalog)", ACTIONS);
    }
    return st;
}

static rs_status check_keys(mx *M, yaml_node_t *m, const char *const *keys, const char *what,
                            const char *expected)
{
    RS_YMAP_EACH(M->d, m, p)
    {
        yaml_node_t *k = rs_ydoc_node(M->d, p->key);
        const char *s = str(k);
        const char *u = s ? strchr(s, '_') : NULL;
        int kinded = u && keys == OP_KEYS &&
                     (strncmp(s, "allowed_", 8) == 0 || strncmp(s, "refused_", 8) == 0 ||
                      strncmp(s, "either_", 7) == 0) &&
                     rs_ydoc_get(M->d, M->kinds, u + 1);
        if (!kinded && !in_list(keys, s))
            return MERR(M, k, "unknown %s key '%s' (expected %s)", what, s ? s : rs_ydoc_kind(k),
                        expected);
    }
    return RS_OK;
}

static rs_status check_relation(mx *M, yaml_node_t *r)
{
    rs_status st = need_kind(M, r, YAML_MAPPING_NODE, "a relation");
    if (st == RS_OK)
        st = check_keys(M, r, REL_KEYS, "relation", "as, into, grants, refused, requires");
    yaml_node_t *as = rs_ydoc_get(M->d, r, "as"), *into = rs_ydoc_get(M->d, r, "into");
    if (st == RS_OK && (!as || !rs_ydoc_get(M->d, r, "grants") || !rs_ydoc_get(M->d, r, "refused")))
        st = MERR(M, r, "a relation needs as, grants and refused");
    if (st == RS_OK && !rs_role_known(str(as)))
        st = MERR(M, as, "unknown role '%s' (expected owner, other, third, admin, anonymous)",
                  str(as) ? str(as) : rs_ydoc_kind(as));
    if (st == RS_OK && into)
        st = need_kind(M, into, YAML_SCALAR_NODE, "into");
    if (st == RS_OK)
        st = check_grants(M, rs_ydoc_get(M->d, r, "grants"));
    if (st == RS_OK)
        st =
            need_kind(M, rs_ydoc_get(M->d, r, "refused"), YAML_MAPPING_NODE, "refused (an expect)");
    if (st == RS_OK && rs_ydoc_get(M->d, r, "requires"))
        st = check_features(M, rs_ydoc_get(M->d, r, "requires"));
    return st;
}

static rs_status check_needs(mx *M, yaml_node_t *n)
{
    rs_status st = need_kind(M, n, YAML_MAPPING_NODE, "needs");
    RS_YMAP_EACH(M->d, n, p)
    {
        yaml_node_t *k = rs_ydoc_node(M->d, p->key);
        if (st == RS_OK && !in_list(SCOPES, str(k)))
            st = MERR(M, k, "unknown needs scope '%s' (expected repo, into, registry)",
                      str(k) ? str(k) : rs_ydoc_kind(k));
        if (st == RS_OK)
            st = check_words(M, rs_ydoc_node(M->d, p->value), "needs (pull, push, delete, catalog)",
                             ACTIONS);
    }
    return st;
}

/* fixture: a name some kind's setup defines (kinds without it set nothing up). */
static rs_status check_fixture(mx *M, yaml_node_t *v)
{
    rs_status st = need_kind(M, v, YAML_SCALAR_NODE, "fixture (a name of the kinds' setup)");
    int found = 0;
    if (st == RS_OK) { /* a scalar: str(v) is its name (else NULL: nothing to look for) */
        RS_YMAP_EACH(M->d, M->kinds, p)
        {
            yaml_node_t *setup = rs_ydoc_get(M->d, rs_ydoc_node(M->d, p->value), "setup");
            found |= rs_ydoc_get(M->d, setup, str(v)) != NULL;
        }
    }
    if (st == RS_OK && !found)
        st = MERR(M, v, "unknown fixture '%s' (no kind's setup defines it)", str(v));
    return st;
}

static rs_status check_op(mx *M, yaml_node_t *o)
{
    rs_status st = need_kind(M, o, YAML_MAPPING_NODE, "an operation");
    if (st == RS_OK)
        st = check_keys(M, o, OP_KEYS, "operation",
                        "title, ref, needs, may, allowed, refused, either, allowed_<kind>, "
                        "refused_<kind>, either_<kind>, requires, relations, fixture");
    static const char *const REQ[] = {"title", "ref", "needs", "allowed", "refused"};
    for (size_t i = 0; st == RS_OK && i < sizeof(REQ) / sizeof(REQ[0]); i++)
        if (!rs_ydoc_get(M->d, o, REQ[i]))
            st = MERR(M, o, "an operation needs title, ref, needs, allowed and refused (no %s)",
                      REQ[i]);
    if (st == RS_OK && !rs_ydoc_get(M->d, o, "may") != !rs_ydoc_get(M->d, o, "either"))
        st = MERR(M, o,
                  "an operation with may (the actions that make either answer legal) "
                  "needs either (its steps), and the other way round");
    RS_YMAP_EACH(M->d, o, p)
    {
        const char *k = str(rs_ydoc_node(M->d, p->key));
        yaml_node_t *v = rs_ydoc_node(M->d, p->value);
        if (st != RS_OK)
            break;
        if (strcmp(k, "title") == 0 || strcmp(k, "ref") == 0)
            st = need_kind(M, v, YAML_SCALAR_NODE, k);
        else if (strcmp(k, "needs") == 0 || strcmp(k, "may") == 0)
            st = check_needs(M, v);
        else if (strcmp(k, "requires") == 0)
            st = check_features(M, v);
        else if (strcmp(k, "relations") == 0)
            st = check_words(M, v, "relations", NULL);
        else if (strcmp(k, "fixture") == 0)
            st = check_fixture(M, v);
        else
            st = need_kind(M, v, YAML_SEQUENCE_NODE, k);
        RS_YSEQ_EACH(M->d, strcmp(k, "relations") == 0 ? v : NULL, it)
        if (st == RS_OK && !rs_ydoc_get(M->d, M->rels, str(rs_ydoc_node(M->d, *it))))
            st = MERR(M, rs_ydoc_node(M->d, *it), "unknown relation '%s' (not in relations:)",
                      str(rs_ydoc_node(M->d, *it)));
    }
    return st;
}

static rs_status check_named(mx *M, yaml_node_t *m, const char *what,
                             rs_status (*one)(mx *, yaml_node_t *))
{
    rs_status st = need_kind(M, m, YAML_MAPPING_NODE, what);
    RS_YMAP_EACH(M->d, m, p)
    {
        yaml_node_t *k = rs_ydoc_node(M->d, p->key);
        const char *s = str(k);
        int ok = s && s[0];
        for (const char *c = s; ok && *c; c++)
            ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-';
        if (st == RS_OK && !ok)
            st = MERR(M, k, "%s are named with lowercase letters, digits and '-'", what);
        if (st == RS_OK)
            st = one(M, rs_ydoc_node(M->d, p->value));
    }
    return st;
}

static rs_status check_top(mx *M)
{
    yaml_node_t *r = M->root;
    if (r->type != YAML_MAPPING_NODE)
        return MERR(M, r,
                    "a matrix is a map with matrix, level, refs, kinds, relations, operations");
    rs_status st = check_keys(M, r, TOP_KEYS, "matrix",
                              "matrix, title, level, keywords, refs, requires, blobs, setup, "
                              "kinds, relations, operations");
    static const char *const REQ[] = {"matrix", "level",     "refs",
                                      "kinds",  "relations", "operations"};
    for (size_t i = 0; st == RS_OK && i < sizeof(REQ) / sizeof(REQ[0]); i++)
        if (!rs_ydoc_get(M->d, r, REQ[i]))
            st = MERR(M, r,
                      "a matrix needs matrix, level, refs, kinds, relations and operations "
                      "(no %s)",
                      REQ[i]);
    if (st == RS_OK)
        st = need_kind(M, rs_ydoc_get(M->d, r, "matrix"), YAML_SCALAR_NODE,
                       "matrix (the id prefix)");
    if (st == RS_OK && rs_ydoc_get(M->d, r, "requires"))
        st = check_features(M, rs_ydoc_get(M->d, r, "requires"));
    if (st == RS_OK && rs_ydoc_get(M->d, r, "setup"))
        st = need_kind(M, rs_ydoc_get(M->d, r, "setup"), YAML_SEQUENCE_NODE, "setup (steps)");
    if (st == RS_OK)
        st = check_kinds(M);
    if (st == RS_OK)
        st = check_named(M, M->rels, "relations", check_relation);
    if (st == RS_OK)
        st = check_named(M, M->ops, "operations", check_op);
    return st;
}

rs_status rs_mx_check(mx *M)
{
    return check_top(M);
}
