/* matrix_gen: one scenario per operation x relation of a checked matrix, written as block YAML
 * (one key per line, each line remembering its matrix node) and loaded by the scenario loader;
 * the loader's errors are moved back onto the matrix file's lines. */
#include "buf.h"
#include "matrix.h"
#include "matrix_int.h"
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX (1024 * 1024)

/* One cell's bindings for {{name}} placeholders. */
typedef struct {
    const char *op, *rel, *kind;
    yaml_node_t *opn, *reln, *kindn;
} cell;

typedef struct {
    int kl, kc, vcol, vl, vc; /* a generated line's source: its key, and its value from vcol */
} srcpos;

typedef struct {
    mx *M;
    rs_buf b;
    srcpos *lines;
    int nlines, cap, col;
} emitter;

/* ---- text and the line map ---------------------------------------------------------------- */

static int grow(emitter *e)
{
    if (e->nlines + 1 < e->cap)
        return 0;
    int cap = e->cap ? e->cap * 2 : 256;
    srcpos *l = realloc(e->lines, (size_t)cap * sizeof(*l));
    if (!l)
        return -1;
    memset(l + e->cap, 0, (size_t)(cap - e->cap) * sizeof(*l));
    e->lines = l;
    e->cap = cap;
    return 0;
}

static void put(emitter *e, const char *s)
{
    rs_buf_cat(&e->b, s, strlen(s));
    for (; *s; s++)
        if (*s == '\n') {
            e->nlines++;
            e->col = 0;
            if (grow(e) != 0)
                e->b.oom = 1;
        } else {
            e->col++;
        }
}

/* The node the current line comes from (its key), or its value from the current column on. */
static void mark(emitter *e, yaml_node_t *n, int value)
{
    if (grow(e) != 0 || !n)
        return;
    srcpos *p = &e->lines[e->nlines];
    int l = (int)n->start_mark.line + 1, c = (int)n->start_mark.column + 1;
    if (value) {
        p->vcol = e->col + 1, p->vl = l, p->vc = c;
    } else if (!p->kl) {
        p->kl = l, p->kc = c;
    }
}

static void quoted(emitter *e, const char *s)
{
    rs_buf q;
    rs_buf_init(&q, TEXT_MAX);
    rs_buf_cat(&q, "\"", 1);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            rs_buf_catf(&q, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            rs_buf_catf(&q, "\\x%02x", (unsigned char)*s);
        else
            rs_buf_cat(&q, s, 1);
    }
    rs_buf_cat(&q, "\"", 1);
    if (!rs_buf_ok(&q))
        e->b.oom = 1;
    else
        put(e, rs_buf_str(&q));
    rs_buf_free(&q);
}

static void pad(emitter *e, int n)
{
    for (int i = 0; i < n; i++)
        put(e, " ");
}

/* ---- placeholders --------------------------------------------------------------------------- */

static const char *lookup(const mx *M, const cell *c, const char *name)
{
    if (strcmp(name, "op") == 0)
        return c->op;
    if (strcmp(name, "relation") == 0)
        return c->rel;
    if (strcmp(name, "kind") == 0)
        return c->kind;
    if (strcmp(name, "as") == 0 || strcmp(name, "into") == 0)
        return str(rs_ydoc_get(M->d, c->reln, name));
    if (c->kindn && strcmp(name, "setup") != 0)
        return str(rs_ydoc_get(M->d, c->kindn, name));
    return NULL;
}

/* in with every {{name}} replaced; an unknown name is an error at n. *changed: any replaced. */
static rs_status subst(mx *M, const cell *c, yaml_node_t *n, rs_buf *out, int *changed)
{
    const char *s = str(n);
    *changed = 0;
    while (*s) {
        const char *a = strstr(s, "{{"), *z = a ? strstr(a, "}}") : NULL;
        if (!a || !z) {
            rs_buf_cat(out, s, strlen(s));
            break;
        }
        char name[64];
        snprintf(name, sizeof(name), "%.*s", (int)(z - a - 2), a + 2);
        const char *v = lookup(M, c, name);
        if (!v)
            return MERR(M, n,
                        "unknown placeholder '{{%s}}' here (known: op, relation, kind, as, "
                        "into, the kind's own%s%s; refused as a whole expect)",
                        name, c->kind ? ", kind " : "", c->kind ? c->kind : "");
        rs_buf_cat(out, s, (size_t)(a - s));
        rs_buf_cat(out, v, strlen(v));
        *changed = 1;
        s = z + 2;
    }
    return RS_OK;
}

/* ---- nodes ------------------------------------------------------------------------------------
 */

static rs_status emit_value(emitter *e, const cell *c, yaml_node_t *n, int indent);
static rs_status emit_items(emitter *e, const cell *c, yaml_node_t *seq, int indent);

static rs_status emit_scalar(emitter *e, const cell *c, yaml_node_t *n)
{
    rs_buf t;
    rs_buf_init(&t, TEXT_MAX);
    int changed = 0;
    rs_status st = subst(e->M, c, n, &t, &changed);
    if (st == RS_OK && !rs_buf_ok(&t))
        st = rs_errf(e->M->err, RS_ERR_NOMEM, "out of memory");
    if (st == RS_OK) {
        mark(e, n, 1);
        if (!changed && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && t.len)
            put(e, rs_buf_str(&t));
        else
            quoted(e, t.len ? rs_buf_str(&t) : "");
    }
    rs_buf_free(&t);
    return st;
}

static rs_status emit_pairs(emitter *e, const cell *c, yaml_node_t *m, int indent, const char *skip)
{
    rs_status st = RS_OK;
    RS_YMAP_EACH(e->M->d, m, p)
    {
        yaml_node_t *k = rs_ydoc_node(e->M->d, p->key);
        if (st != RS_OK || (skip && str(k) && strcmp(str(k), skip) == 0))
            continue;
        mark(e, k, 0);
        pad(e, indent);
        if (!str(k))
            return MERR(e->M, k, "a key must be a string, found %s", rs_ydoc_kind(k));
        rs_buf key;
        rs_buf_init(&key, TEXT_MAX);
        int changed;
        st = subst(e->M, c, k, &key, &changed);
        if (st == RS_OK)
            quoted(e, rs_buf_ok(&key) ? rs_buf_str(&key) : "?");
        rs_buf_free(&key);
        put(e, ":");
        if (st != RS_OK)
            return st;
        st = emit_value(e, c, rs_ydoc_node(e->M->d, p->value), indent);
    }
    return st;
}

static rs_status emit_value(emitter *e, const cell *c, yaml_node_t *n, int indent)
{
    if (n->type == YAML_SCALAR_NODE && strcmp(str(n), "{{refused}}") == 0 && c->reln) {
        mark(e, n, 0);
        return emit_value(e, c, rs_ydoc_get(e->M->d, c->reln, "refused"), indent);
    }
    rs_status st = RS_OK;
    if (n->type == YAML_SCALAR_NODE) {
        put(e, " ");
        st = emit_scalar(e, c, n);
        put(e, "\n");
    } else if (n->type == YAML_MAPPING_NODE) {
        int empty = n->data.mapping.pairs.top == n->data.mapping.pairs.start;
        put(e, empty ? " {}\n" : "\n");
        st = emit_pairs(e, c, n, indent + 2, NULL);
    } else {
        put(e, n->data.sequence.items.top == n->data.sequence.items.start ? " []\n" : "\n");
        st = emit_items(e, c, n, indent + 2);
    }
    return st;
}

static rs_status emit_items(emitter *e, const cell *c, yaml_node_t *seq, int indent)
{
    rs_status st = RS_OK;
    RS_YSEQ_EACH(e->M->d, seq, it)
    {
        yaml_node_t *x = rs_ydoc_node(e->M->d, *it);
        mark(e, x, 0);
        pad(e, indent);
        put(e, "-");
        if (st == RS_OK)
            st = emit_value(e, c, x, indent);
    }
    return st;
}

/* ---- one scenario ------------------------------------------------------------------------------
 */

/* 1 when the relation holds every action of needs (a map scope -> actions). */
static int holds(const mx *M, const cell *c, yaml_node_t *needs)
{
    yaml_node_t *grants = rs_ydoc_get(M->d, c->reln, "grants");
    RS_YMAP_EACH(M->d, needs, p)
    {
        const char *scope = str(rs_ydoc_node(M->d, p->key));
        yaml_node_t *g = rs_ydoc_get(M->d, grants, strcmp(scope, "repo") == 0 ? c->kind : scope);
        RS_YSEQ_EACH(M->d, rs_ydoc_node(M->d, p->value), it)
        {
            int has = 0;
            RS_YSEQ_EACH(M->d, g, gi)
            has |= strcmp(str(rs_ydoc_node(M->d, *gi)), str(rs_ydoc_node(M->d, *it))) == 0;
            if (!has)
                return 0;
        }
    }
    return 1;
}

/* A step of a template: a map; its name (if any) follows label. */
static rs_status emit_step(emitter *e, const cell *c, yaml_node_t *step, const char *label)
{
    if (step->type != YAML_MAPPING_NODE)
        return MERR(e->M, step, "a step is a map, found %s", rs_ydoc_kind(step));
    rs_buf name;
    rs_buf_init(&name, TEXT_MAX);
    rs_buf_catf(&name, "%s", label);
    yaml_node_t *nn = rs_ydoc_get(e->M->d, step, "name");
    int changed;
    rs_status st = RS_OK;
    if (nn && str(nn)) {
        rs_buf_cat(&name, ": ", 2);
        st = subst(e->M, c, nn, &name, &changed);
    }
    mark(e, nn ? nn : step, 0);
    put(e, "  - name: ");
    if (st == RS_OK)
        quoted(e, rs_buf_ok(&name) ? rs_buf_str(&name) : label);
    put(e, "\n");
    rs_buf_free(&name);
    return st == RS_OK ? emit_pairs(e, c, step, 4, "name") : st;
}

static rs_status emit_steps(emitter *e, const cell *c, yaml_node_t *seq, const char *label)
{
    rs_status st = RS_OK;
    RS_YSEQ_EACH(e->M->d, seq, it)
    if (st == RS_OK)
        st = emit_step(e, c, rs_ydoc_node(e->M->d, *it), label);
    return st;
}

static void emit_list(emitter *e, const char *key, const char *const *words)
{
    put(e, key);
    put(e, ":\n");
    for (; *words; words++) {
        put(e, "  - ");
        quoted(e, *words);
        put(e, "\n");
    }
}

static rs_status emit_head(emitter *e, const cell *c, const char *id)
{
    const rs_ydoc *d = e->M->d;
    yaml_node_t *r = e->M->root, *t = rs_ydoc_get(d, r, "title");
    char title[256];
    snprintf(title, sizeof(title), "%s: %s by %s", t ? str(t) : "authorization",
             str(rs_ydoc_get(d, c->opn, "title")), c->rel);
    mark(e, r, 0);
    put(e, "id: ");
    quoted(e, id);
    put(e, "\ntitle: ");
    quoted(e, title);
    put(e, "\nlevel:");
    rs_status st = emit_value(e, c, rs_ydoc_get(d, r, "level"), 0);
    const char *kw[] = {c->op, c->rel, NULL};
    emit_list(e, "keywords", kw);
    if (st == RS_OK)
        st = emit_items(e, c, rs_ydoc_get(d, r, "keywords"), 2);
    mark(e, rs_ydoc_get(d, c->opn, "ref"), 0);
    const char *ref[] = {str(rs_ydoc_get(d, c->opn, "ref")), NULL};
    emit_list(e, "refs", ref);
    if (st == RS_OK)
        st = emit_items(e, c, rs_ydoc_get(d, r, "refs"), 2);
    put(e, "requires:\n  - ");
    put(e, "access_control\n"); /* never empty: an authorization matrix needs access control */
    yaml_node_t *req[] = {rs_ydoc_get(d, r, "requires"), rs_ydoc_get(d, c->reln, "requires"),
                          rs_ydoc_get(d, c->opn, "requires")};
    for (int i = 0; i < 3 && st == RS_OK; i++)
        st = emit_items(e, c, req[i], 2);
    if (st == RS_OK && rs_ydoc_get(d, r, "blobs")) {
        put(e, "blobs:");
        st = emit_value(e, c, rs_ydoc_get(d, r, "blobs"), 0);
    }
    put(e, "steps:\n");
    return st;
}

/* The fixture (the matrix's setup, then each kind's), then one cell per kind. */
static rs_status emit_body(emitter *e, cell *c)
{
    const rs_ydoc *d = e->M->d;
    rs_status st = emit_steps(e, c, rs_ydoc_get(d, e->M->root, "setup"), "setup");
    const char *fix = str(rs_ydoc_get(d, c->opn, "fixture"));
    RS_YMAP_EACH(d, e->M->kinds, p)
    {
        c->kind = str(rs_ydoc_node(d, p->key));
        c->kindn = rs_ydoc_node(d, p->value);
        char label[160];
        snprintf(label, sizeof(label), "setup %s (%s)", c->kind, fix ? fix : "");
        if (st == RS_OK && fix)
            st = emit_steps(e, c, rs_ydoc_get(d, rs_ydoc_get(d, c->kindn, "setup"), fix), label);
    }
    RS_YMAP_EACH(d, e->M->kinds, p)
    {
        c->kind = str(rs_ydoc_node(d, p->key));
        c->kindn = rs_ydoc_node(d, p->value);
        yaml_node_t *may = rs_ydoc_get(d, c->opn, "may");
        const char *outcome = holds(e->M, c, rs_ydoc_get(d, c->opn, "needs")) ? "allowed"
                              : may && holds(e->M, c, may)                    ? "either"
                                                                              : "refused";
        char key[160], label[512];
        snprintf(key, sizeof(key), "%s_%s", outcome, c->kind);
        yaml_node_t *steps = rs_ydoc_get(d, c->opn, key);
        steps = steps ? steps : rs_ydoc_get(d, c->opn, outcome);
        snprintf(label, sizeof(label), "%s, %s %s", c->kind, c->rel, outcome);
        if (st == RS_OK)
            st = emit_steps(e, c, steps, label);
    }
    c->kind = NULL;
    c->kindn = NULL;
    return st;
}

/* ---- loading -------------------------------------------------------------------------------- */

/* The matrix position of the generated line l, column col. */
static void src_of(const emitter *e, int *l, int *col)
{
    srcpos p = {0, 0, 0, 0, 0};
    if (*l >= 1 && *l - 1 < e->cap)
        p = e->lines[*l - 1];
    int sl = p.kl, sc = p.kc;
    if (p.vcol && *col >= p.vcol)
        sl = p.vl, sc = p.vc;
    if (!sl)
        sl = (int)e->M->root->start_mark.line + 1, sc = 1;
    *l = sl;
    *col = sc;
}

/* The scenario loader's "name:L:C: msg" moved onto the matrix node line L came from. */
static rs_status remap(emitter *e, const char *name, const char *id, const rs_err *lerr,
                       rs_status code)
{
    size_t n = strlen(name);
    int l = 0, col = 0, used = 0;
    const char *m = lerr->msg;
    if (strncmp(m, name, n) == 0 && sscanf(m + n, ":%d:%d: %n", &l, &col, &used) == 2 && used)
        m += n + (size_t)used;
    src_of(e, &l, &col);
    return rs_errf(e->M->err, code, "%s:%d:%d: %s (in %s, generated from the matrix)",
                   e->M->d->path, l, col, m, id);
}

static void relocate_val(const emitter *e, rs_val *v)
{
    src_of(e, &v->line, &v->col);
    for (int i = 0; i < v->nitems; i++)
        relocate_val(e, &v->items[i]);
}

/* Every position of the loaded scenario moved into the matrix file, for the run's messages. */
static void relocate(const emitter *e, rs_scenario *s)
{
    snprintf(s->path, sizeof(s->path), "%s", e->M->d->path);
    for (int i = 0; i < s->nblobs; i++)
        src_of(e, &s->blobs[i].line, &s->blobs[i].col);
    for (int i = 0; i < s->nsteps; i++) {
        rs_step *st = &s->steps[i];
        src_of(e, &st->line, &st->col);
        for (int a = 0; a < RS_P_COUNT; a++)
            if (st->args[a])
                relocate_val(e, st->args[a]);
        for (int c = 0; c < st->nchecks; c++)
            relocate_val(e, &st->checks[c].val);
        for (int v = 0; v < st->nsaves; v++)
            src_of(e, &st->saves[v].line, &st->saves[v].col);
        for (int w = 0; w < st->nwhens; w++)
            src_of(e, &st->whens[w].line, &st->whens[w].col);
    }
}

static rs_status one(mx *M, cell *c, const char *dir, rs_scenario *s)
{
    char id[160], name[700];
    snprintf(id, sizeof(id), "%s-%s-%s", str(rs_ydoc_get(M->d, M->root, "matrix")), c->op, c->rel);
    if (strlen(id) >= sizeof(s->id))
        return MERR(M, c->opn, "the scenario id '%s' is longer than %zu bytes", id,
                    sizeof(s->id) - 1);
    snprintf(name, sizeof(name), "%s%s.yaml", dir, id);
    emitter e = {.M = M};
    rs_buf_init(&e.b, TEXT_MAX);
    rs_status st = grow(&e) == 0 ? emit_head(&e, c, id) : RS_ERR_NOMEM;
    if (st == RS_OK)
        st = emit_body(&e, c);
    if (st == RS_OK && !rs_buf_ok(&e.b))
        st = rs_errf(M->err, RS_ERR_NOMEM, "%s: the scenario %s is too large or out of memory",
                     M->d->path, id);
    rs_err lerr;
    if (st == RS_OK && (st = rs_scenario_load_mem(s, name, rs_buf_str(&e.b), &lerr)) != RS_OK)
        st = remap(&e, name, id, &lerr, st);
    if (st == RS_OK)
        relocate(&e, s);
    if (st == RS_OK && getenv("RS_MATRIX_DUMP")) /* debugging aid: the generated text */
        fprintf(stderr, "# %s\n%s", name, rs_buf_str(&e.b));
    rs_buf_free(&e.b);
    free(e.lines);
    return st;
}

static int relation_listed(const mx *M, const cell *c)
{
    yaml_node_t *only = rs_ydoc_get(M->d, c->opn, "relations");
    if (!only)
        return 1;
    RS_YSEQ_EACH(M->d, only, it)
    if (strcmp(str(rs_ydoc_node(M->d, *it)), c->rel) == 0)
        return 1;
    return 0;
}

static rs_status expand(mx *M, const char *path, rs_matrix_slot slot, void *ctx, int *n)
{
    char dir[512] = "";
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path + 1), path);
    rs_status st = RS_OK;
    RS_YMAP_EACH(M->d, M->ops, o)
    RS_YMAP_EACH(M->d, M->rels, r)
    {
        cell c = {str(rs_ydoc_node(M->d, o->key)), str(rs_ydoc_node(M->d, r->key)), NULL,
                  rs_ydoc_node(M->d, o->value),    rs_ydoc_node(M->d, r->value),    NULL};
        if (st != RS_OK || !relation_listed(M, &c))
            continue;
        rs_scenario *s = slot(ctx);
        if (!s)
            return rs_errf(M->err, RS_ERR_NOMEM, "%s: out of memory", path);
        s->nblobs = s->nsteps = 0; /* freeable even when it fails before the loader ran */
        st = one(M, &c, dir, s);
        (*n)++;
    }
    return st;
}

static rs_status load_doc(const rs_ydoc *d, const char *path, rs_matrix_slot slot, void *ctx,
                          rs_err *err)
{
    mx M = {d, err, rs_ydoc_root(d), NULL, NULL, NULL};
    M.kinds = rs_ydoc_get(d, M.root, "kinds");
    M.rels = rs_ydoc_get(d, M.root, "relations");
    M.ops = rs_ydoc_get(d, M.root, "operations");
    rs_status st = rs_mx_check(&M);
    int k = 0;
    if (st == RS_OK)
        st = expand(&M, path, slot, ctx, &k);
    if (st == RS_OK && k == 0)
        st = MERR(&M, M.ops, "the matrix generates no scenario");
    return st;
}

rs_status rs_matrix_load(const char *path, rs_matrix_slot slot, void *ctx, rs_err *err)
{
    rs_ydoc d;
    if (rs_ydoc_load(&d, path, err) != RS_OK)
        return RS_ERR_PARSE;
    rs_status st = load_doc(&d, path, slot, ctx, err);
    rs_ydoc_free(&d);
    return st;
}

rs_status rs_matrix_load_mem(const char *name, const char *text, rs_matrix_slot slot, void *ctx,
                             rs_err *err)
{
    rs_ydoc d;
    if (rs_ydoc_load_mem(&d, name, text, strlen(text), err) != RS_OK)
        return RS_ERR_PARSE;
    rs_status st = load_doc(&d, name, slot, ctx, err);
    rs_ydoc_free(&d);
    return st;
}
