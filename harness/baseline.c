#include "baseline.h"

#include "blob.h"

#include "buf.h"
#include "fileio.h"
#include "report.h"
#include "ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ENTRY_KEYS[] = {"id", "actual", "at", "ref"};
#define NENTRY_KEYS (sizeof(ENTRY_KEYS) / sizeof(ENTRY_KEYS[0]))

/* A scalar value of at most len-1 bytes into out; an error naming the key otherwise. */
static rs_status entry_text(const rs_ydoc *d, yaml_node_t *v, const char *key, char *out,
                            size_t len, rs_err *err)
{
    const char *s = rs_ydoc_str(v);
    if (!s || !s[0])
        return rs_ydoc_errf(d, v, err, "%s: expected non-empty text, got %s", key, rs_ydoc_kind(v));
    if (strlen(s) >= len)
        return rs_ydoc_errf(d, v, err, "%s: longer than %zu bytes", key, len - 1);
    snprintf(out, len, "%s", s);
    return RS_OK;
}

static rs_status entry_key(const rs_ydoc *d, yaml_node_t *kn, yaml_node_t *v, rs_baseline_entry *e,
                           rs_err *err)
{
    const char *k = rs_ydoc_str(kn);
    size_t i = 0;
    while (k && i < NENTRY_KEYS && strcmp(k, ENTRY_KEYS[i]) != 0)
        i++;
    if (!k || i == NENTRY_KEYS)
        return rs_ydoc_errf(d, kn, err, "unknown key '%s' (expected id, actual, at, ref)",
                            k ? k : "?");
    if (i == 0)
        return entry_text(d, v, k, e->id, sizeof(e->id), err);
    if (i == 1)
        return e->has_actual = 1, entry_text(d, v, k, e->actual, sizeof(e->actual), err);
    if (i == 2)
        return e->has_at = 1, entry_text(d, v, k, e->at, sizeof(e->at), err);
    char ref[4096];
    rs_status st = entry_text(d, v, k, ref, sizeof(ref), err);
    if (st == RS_OK && !(e->ref = strdup(ref)))
        st = rs_errf(err, RS_ERR_NOMEM, "out of memory");
    return st;
}

static rs_status load_entry(rs_baseline *b, const rs_ydoc *d, yaml_node_t *n, rs_err *err)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return rs_ydoc_errf(d, n, err, "a listed failure is a mapping {id, actual, at, ref}");
    rs_baseline_entry *e = &b->e[b->n];
    memset(e, 0, sizeof(*e));
    e->line = (int)n->start_mark.line + 1;
    e->col = (int)n->start_mark.column + 1;
    b->n++; /* counted now: freed with the list whatever happens next */
    RS_YMAP_EACH(d, n, p)
    {
        rs_status st = entry_key(d, rs_ydoc_node(d, p->key), rs_ydoc_node(d, p->value), e, err);
        if (st != RS_OK)
            return st;
    }
    if (!e->id[0] || !e->ref)
        return rs_ydoc_errf(d, n, err,
                            "a listed failure needs id (the scenario) and ref (why the registry "
                            "fails it: a spec clause or an upstream issue)");
    for (int i = 0; i < b->n - 1; i++)
        if (strcmp(b->e[i].id, e->id) == 0)
            return rs_ydoc_errf(d, n, err, "'%s' is listed twice (first at line %d)", e->id,
                                b->e[i].line);
    return RS_OK;
}

static rs_status load_doc(rs_baseline *b, const rs_ydoc *d, rs_err *err)
{
    yaml_node_t *root = rs_ydoc_root(d), *list = NULL;
    if (!root || root->type != YAML_MAPPING_NODE)
        return rs_ydoc_errf(d, root, err, "expected a mapping with 'failures' (and 'target')");
    RS_YMAP_EACH(d, root, p)
    {
        yaml_node_t *kn = rs_ydoc_node(d, p->key), *v = rs_ydoc_node(d, p->value);
        const char *k = rs_ydoc_str(kn);
        rs_status st = RS_OK;
        if (k && strcmp(k, "target") == 0)
            st = entry_text(d, v, k, b->target, sizeof(b->target), err);
        else if (k && strcmp(k, "failures") == 0)
            list = v;
        else
            st = rs_ydoc_errf(d, kn, err, "unknown key '%s' (expected target, failures)",
                              k ? k : "?");
        if (st != RS_OK)
            return st;
    }
    if (!list || list->type != YAML_SEQUENCE_NODE)
        return rs_ydoc_errf(d, list ? list : root, err,
                            "needs a list 'failures' of {id, actual, at, ref} ([] for none)");
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    if (!(b->e = calloc(n + 1, sizeof(*b->e))))
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    RS_YSEQ_EACH(d, list, it)
    {
        rs_status st = load_entry(b, d, rs_ydoc_node(d, *it), err);
        if (st != RS_OK)
            return st;
    }
    return RS_OK;
}

/* The list's own bytes hashed: what `merge` compares, whatever path each shard's job gave. */
static rs_status list_digest(rs_baseline *b, const char *txt, size_t len, rs_err *err)
{
    rs_hasher h;
    char d[160] = "";
    if (rs_hasher_init(&h, RS_SHA256) == 0) {
        rs_hasher_update(&h, txt, len);
        rs_hasher_final(&h, d);
    } else {
        rs_hasher_free(&h);
    }
    if (!d[0])
        return rs_errf(err, RS_ERR_NOMEM, "%s: cannot hash the list", b->path);
    snprintf(b->digest, sizeof(b->digest), "%s", d);
    return RS_OK;
}

rs_status rs_baseline_load(rs_baseline *b, const char *path, rs_err *err)
{
    memset(b, 0, sizeof(*b));
    snprintf(b->path, sizeof(b->path), "%s", path);
    size_t len = 0; /* read once: the same bytes are hashed and parsed */
    char *txt = rs_read_file(path, RS_YDOC_MAX_BYTES, &len, err);
    if (!txt)
        return RS_ERR_IO;
    rs_ydoc d;
    rs_status st = list_digest(b, txt, len, err);
    if (st == RS_OK)
        st = rs_ydoc_load_mem(&d, path, txt, len, err);
    free(txt);
    if (st != RS_OK)
        return st;
    st = load_doc(b, &d, err);
    rs_ydoc_free(&d);
    if (st != RS_OK)
        rs_baseline_free(b);
    return st;
}

void rs_baseline_free(rs_baseline *b)
{
    for (int i = 0; i < b->n; i++)
        free(b->e[i].ref);
    free(b->e);
    b->e = NULL;
    b->n = 0;
}

const rs_baseline_entry *rs_baseline_find(const rs_baseline *b, const char *id)
{
    for (int i = 0; b && id && i < b->n; i++)
        if (strcmp(b->e[i].id, id) == 0)
            return &b->e[i];
    return NULL;
}

void rs_baseline_at(const rs_result *r, char *out, size_t len)
{
    out[0] = 0;
    for (int i = 0; i < r->ncr; i++)
        if (r->cr[i].verdict != RS_CHECK_PASS) {
            snprintf(out, len, "step %d %s", r->cr[i].step + 1, r->cr[i].check);
            return;
        }
}

void rs_baseline_mark(const rs_baseline *b, rs_result *r)
{
    const rs_baseline_entry *e = rs_baseline_find(b, r->sc->id);
    r->base = RS_BASE_NONE;
    r->base_note[0] = 0;
    if (!e)
        return;
    char at[96];
    rs_baseline_at(r, at, sizeof(at));
    if (r->outcome == RS_RES_PASS) {
        r->base = RS_BASE_XPASS;
        snprintf(r->base_note, sizeof(r->base_note),
                 "listed in %s (line %d) as an expected failure, but passes: update the list",
                 b->path, e->line);
    } else if (r->outcome != RS_RES_FAIL && r->outcome != RS_RES_WARN) {
        return; /* skipped or a runtime error: nothing was shown either way */
    } else if (e->has_actual && strcmp(e->actual, r->actual) != 0) {
        snprintf(r->base_note, sizeof(r->base_note),
                 "listed in %s (line %d) with actual '%s', now '%s': it fails differently", b->path,
                 e->line, e->actual, r->actual);
    } else if (e->has_at && strcmp(e->at, at) != 0) {
        snprintf(r->base_note, sizeof(r->base_note),
                 "listed in %s (line %d) at '%s', now at '%s': it fails elsewhere", b->path,
                 e->line, e->at, at);
    } else {
        r->base = RS_BASE_XFAIL;
        snprintf(r->base_note, sizeof(r->base_note), "expected failure (%s line %d): %s", b->path,
                 e->line, e->ref);
    }
}

/* text as a YAML double-quoted scalar */
static void yaml_quoted(rs_buf *b, const char *s)
{
    rs_buf_cat(b, "\"", 1);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            rs_buf_catf(b, "\\%c", ch);
        else if (ch < 0x20 || ch == 0x7f)
            rs_buf_catf(b, "\\x%02x", ch);
        else
            rs_buf_cat(b, s, 1);
    }
    rs_buf_cat(b, "\"", 1);
}

static void write_entry(rs_buf *b, const rs_baseline *prev, const rs_result *r)
{
    const rs_baseline_entry *e = rs_baseline_find(prev, r->sc->id);
    char at[96], ref[1600];
    rs_baseline_at(r, at, sizeof(at));
    snprintf(ref, sizeof(ref), "unreviewed (written by regsuite run --write-expected): %s",
             r->first[0] ? r->first : r->reason);
    rs_buf_cat(b, "  - id: ", 8);
    yaml_quoted(b, r->sc->id);
    if (r->actual[0]) {
        rs_buf_cat(b, "\n    actual: ", 13);
        yaml_quoted(b, r->actual);
    }
    if (at[0]) {
        rs_buf_cat(b, "\n    at: ", 9);
        yaml_quoted(b, at);
    }
    rs_buf_cat(b, "\n    ref: ", 10);
    yaml_quoted(b, e ? e->ref : ref);
    rs_buf_cat(b, "\n", 1);
}

rs_status rs_baseline_write(const char *path, const char *target, const rs_baseline *prev,
                            const rs_result *res, int n, rs_err *err)
{
    rs_buf b;
    rs_buf_init(&b, (size_t)16 * 1024 * 1024);
    rs_buf_catf(&b,
                "# Expected failures of target %s, written by regsuite run --write-expected.\n"
                "# Review every ref: it says why the registry fails the scenario (a spec clause\n"
                "# or an upstream issue). actual: the answer at the first failed check (at).\n"
                "target: ",
                target);
    yaml_quoted(&b, target);
    int nfail = 0;
    for (int i = 0; i < n; i++)
        nfail += res[i].outcome == RS_RES_FAIL;
    rs_buf_cat(&b, nfail ? "\nfailures:\n" : "\nfailures: []\n", nfail ? 11 : 14);
    for (int i = 0; i < n; i++)
        if (res[i].outcome == RS_RES_FAIL)
            write_entry(&b, prev, &res[i]);
    return rs_report_write_buf(path, &b, err);
}
