#include "vparse.h"

#include "schema.h"
#include "target.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const RS_ROLE_NAMES[RS_ROLE_COUNT + 1] = {"owner", "other",     "third",
                                                      "admin", "anonymous", NULL};

rs_status rs_vparse_err(const rs_vparser *p, yaml_node_t *n, rs_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rs_status st = rs_ydoc_verrf(p->doc, n, err, fmt, ap);
    va_end(ap);
    return st;
}

const rs_blob_spec *rs_scenario_blob(const rs_scenario *sc, const char *name)
{
    for (int i = 0; name && i < sc->nblobs; i++)
        if (strcmp(sc->blobs[i].name, name) == 0)
            return &sc->blobs[i];
    return NULL;
}

static int word_index(const char *const *words, const char *s)
{
    for (int i = 0; words && words[i]; i++)
        if (strcmp(words[i], s) == 0)
            return i;
    return -1;
}

static void join_words(const char *const *words, char *out, size_t len)
{
    out[0] = '\0';
    for (int i = 0; words && words[i]; i++)
        snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? ", " : "", words[i]);
}

/* "${name}" and nothing else */
static int whole_placeholder(const char *s)
{
    size_t n = strlen(s);
    return n > 3 && strncmp(s, "${", 2) == 0 && s[n - 1] == '}' && !strchr(s + 2, '}')[1] &&
           !strchr(s + 2, '$');
}

static int is_digest(const char *s)
{
    const char *colon = strchr(s, ':');
    if (!colon || colon == s || !colon[1])
        return 0;
    for (const char *p = colon + 1; *p; p++)
        if (!isxdigit((unsigned char)*p))
            return 0;
    return 1;
}

static rs_status scalar(const rs_vparser *p, yaml_node_t *n, const rs_vtype *t, const char *what,
                        rs_val *out, rs_err *err)
{
    const char *s = rs_ydoc_str(n);
    char words[256];
    if (!s)
        return rs_vparse_err(p, n, err, "'%s' must be a single value, found %s", what,
                             rs_ydoc_kind(n));
    out->line = (int)n->start_mark.line + 1;
    out->col = (int)n->start_mark.column + 1;
    out->is_template = strstr(s, "${") != NULL;
    if (!(out->text = strdup(s)))
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    if (t->nonempty && !s[0])
        return rs_vparse_err(p, n, err, "'%s' must not be empty", what);
    switch (t->base) {
    case RS_B_STR:
        return RS_OK;
    case RS_B_INT: {
        size_t len = strlen(s);
        int digits = len > 0 && strspn(s, "0123456789") == len;
        if (digits && len < 19) {
            out->num = strtoll(s, NULL, 10);
            return RS_OK;
        }
        if (digits)
            return rs_vparse_err(p, n, err, "'%s' is too big: at most 18 digits, found '%s'", what,
                                 s);
        if (whole_placeholder(s))
            return RS_OK;
        return rs_vparse_err(p, n, err,
                             "'%s' must be a whole number (digits only) or one ${placeholder}, "
                             "found '%s'",
                             what, s);
    }
    case RS_B_BOOL:
        if ((out->num = rs_parse_bool(s)) >= 0 && !out->is_template)
            return RS_OK;
        return rs_vparse_err(p, n, err, "'%s' must be true or false (yes/no, on/off), found '%s'",
                             what, s);
    case RS_B_ENUM:
    case RS_B_ROLE: {
        const char *const *w = t->base == RS_B_ROLE ? RS_ROLE_NAMES : t->words;
        if ((out->num = word_index(w, s)) >= 0)
            return RS_OK;
        join_words(w, words, sizeof(words));
        return rs_vparse_err(p, n, err, "'%s' must be one of %s; found '%s'", what, words, s);
    }
    case RS_B_BLOB:
        if (rs_scenario_blob(p->sc, s))
            return RS_OK;
        return rs_vparse_err(p, n, err, "'%s' names no blob of this scenario: '%s' (see blobs:)",
                             what, s);
    case RS_B_DIGEST:
        if (out->is_template || rs_scenario_blob(p->sc, s) || is_digest(s))
            return RS_OK;
        return rs_vparse_err(p, n, err,
                             "'%s' must be a blob's name, a digest (algo:hex) or a ${placeholder}; "
                             "found '%s'",
                             what, s);
    case RS_B_MANIFEST:
    case RS_B_STEPS:
        break;
    }
    return rs_vparse_err(p, n, err, "%s: this type cannot be a single value", what);
}

static rs_status items(const rs_vparser *p, yaml_node_t *n, const rs_vtype *t, const char *what,
                       rs_val *out, rs_err *err)
{
    int map = n->type == YAML_MAPPING_NODE;
    size_t cnt = map ? (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start)
                     : (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    out->line = (int)n->start_mark.line + 1;
    out->col = (int)n->start_mark.column + 1;
    if (cnt && !(out->items = calloc(cnt, sizeof(rs_val))))
        return rs_errf(err, RS_ERR_NOMEM, "out of memory");
    rs_vtype one = *t;
    one.shape = RS_C_ONE;
    for (size_t i = 0; i < cnt; i++) {
        yaml_node_t *v, *k = NULL;
        if (map) {
            k = rs_ydoc_node(p->doc, n->data.mapping.pairs.start[i].key);
            v = rs_ydoc_node(p->doc, n->data.mapping.pairs.start[i].value);
        } else {
            v = rs_ydoc_node(p->doc, n->data.sequence.items.start[i]);
        }
        rs_val *it = &out->items[out->nitems++];
        if (k && !(rs_ydoc_str(k) && rs_ydoc_str(k)[0]))
            return rs_vparse_err(p, k, err, "'%s': keys must be non-empty strings", what);
        if (k && !(it->key = strdup(rs_ydoc_str(k))))
            return rs_errf(err, RS_ERR_NOMEM, "out of memory");
        rs_status st = scalar(p, v, &one, what, it, err);
        if (st != RS_OK)
            return st;
    }
    return RS_OK;
}

rs_status rs_vparse(const rs_vparser *p, yaml_node_t *n, const rs_vtype *t, const char *what,
                    rs_val *out, rs_err *err)
{
    memset(out, 0, sizeof(*out));
    switch (t->shape) {
    case RS_C_ONE:
        return scalar(p, n, t, what, out, err);
    case RS_C_LIST:
        if (n->type != YAML_SEQUENCE_NODE)
            return rs_vparse_err(p, n, err, "'%s' must be a list, found %s", what, rs_ydoc_kind(n));
        return items(p, n, t, what, out, err);
    case RS_C_ONE_OR_LIST:
        if (n->type == YAML_SEQUENCE_NODE)
            return items(p, n, t, what, out, err);
        if (!(out->items = calloc(1, sizeof(rs_val))))
            return rs_errf(err, RS_ERR_NOMEM, "out of memory");
        out->nitems = 1;
        out->line = (int)n->start_mark.line + 1;
        out->col = (int)n->start_mark.column + 1;
        return scalar(p, n, t, what, &out->items[0], err);
    case RS_C_MAP:
        if (n->type != YAML_MAPPING_NODE)
            return rs_vparse_err(p, n, err, "'%s' must be a map, found %s", what, rs_ydoc_kind(n));
        return items(p, n, t, what, out, err);
    }
    return rs_vparse_err(p, n, err, "%s: unknown shape", what);
}

void rs_val_free(rs_val *v)
{
    for (int i = 0; i < v->nitems; i++)
        rs_val_free(&v->items[i]);
    free(v->items);
    free(v->key);
    free(v->text);
    memset(v, 0, sizeof(*v));
}

const char *rs_level_name(rs_level l)
{
    return l == RS_LEVEL_MUST ? "MUST" : l == RS_LEVEL_SHOULD ? "SHOULD" : "MAY";
}
