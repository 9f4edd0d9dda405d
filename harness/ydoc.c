#include "ydoc.h"

#include "fileio.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static rs_status fail(rs_err *err, rs_status st, const char *path, size_t line, size_t col,
                      const char *what)
{
    return rs_errf(err, st, "%s:%zu:%zu: %s", path, line + 1, col + 1, what);
}

/* A node reachable twice means an alias: refused, so walking the tree stays linear. */
static rs_status check_no_alias(rs_ydoc *d, rs_err *err)
{
    size_t n = (size_t)(d->doc.nodes.top - d->doc.nodes.start);
    unsigned char *seen = calloc(n + 1, 1);
    if (!seen)
        return fail(err, RS_ERR_NOMEM, d->path, 0, 0, "out of memory");
    int rc = 0;
    for (yaml_node_t *node = d->doc.nodes.start; node < d->doc.nodes.top && rc == 0; node++) {
        int ids[2];
        if (node->type == YAML_SEQUENCE_NODE) {
            for (yaml_node_item_t *it = node->data.sequence.items.start;
                 it < node->data.sequence.items.top && rc == 0; it++)
                if (*it >= 1 && (size_t)*it <= n && seen[*it]++)
                    rc = -1;
        } else if (node->type == YAML_MAPPING_NODE) {
            for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
                 p < node->data.mapping.pairs.top && rc == 0; p++) {
                ids[0] = p->key;
                ids[1] = p->value;
                for (int k = 0; k < 2 && rc == 0; k++)
                    if (ids[k] >= 1 && (size_t)ids[k] <= n && seen[ids[k]]++)
                        rc = -1;
            }
        }
        if (rc)
            fail(err, RS_ERR_PARSE, d->path, node->start_mark.line, node->start_mark.column,
                 "YAML aliases (*name) are not supported; write the value out");
    }
    free(seen);
    return rc ? RS_ERR_PARSE : RS_OK;
}

typedef struct {
    const yaml_node_t *key;
} keyref;

static int cmp_key(const void *a, const void *b)
{
    const yaml_node_t *x = ((const keyref *)a)->key, *y = ((const keyref *)b)->key;
    size_t n = x->data.scalar.length < y->data.scalar.length ? x->data.scalar.length
                                                             : y->data.scalar.length;
    int c = memcmp(x->data.scalar.value, y->data.scalar.value, n);
    if (c)
        return c;
    if (x->data.scalar.length != y->data.scalar.length)
        return x->data.scalar.length < y->data.scalar.length ? -1 : 1;
    return x->start_mark.index < y->start_mark.index ? -1 : 1; /* the first one written first */
}

/* A key written twice in one map: refused (the last one would silently win). Sorted, so a map
 * of many keys costs n log n. */
static rs_status check_unique_keys(rs_ydoc *d, rs_err *err)
{
    for (yaml_node_t *node = d->doc.nodes.start; node < d->doc.nodes.top; node++) {
        if (node->type != YAML_MAPPING_NODE)
            continue;
        size_t k = 0, n = (size_t)(node->data.mapping.pairs.top - node->data.mapping.pairs.start);
        keyref *keys = n > 1 ? calloc(n, sizeof(*keys)) : NULL;
        if (n > 1 && !keys)
            return fail(err, RS_ERR_NOMEM, d->path, 0, 0, "out of memory");
        for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
             n > 1 && p < node->data.mapping.pairs.top; p++) {
            yaml_node_t *kn = yaml_document_get_node(&d->doc, p->key);
            if (kn && kn->type == YAML_SCALAR_NODE)
                keys[k++].key = kn;
        }
        if (k > 1)
            qsort(keys, k, sizeof(*keys), cmp_key);
        for (size_t i = 1; i < k; i++)
            if (keys[i].key->data.scalar.length == keys[i - 1].key->data.scalar.length &&
                memcmp(keys[i].key->data.scalar.value, keys[i - 1].key->data.scalar.value,
                       keys[i].key->data.scalar.length) == 0) {
                const yaml_node_t *dup = keys[i].key;
                rs_errf(err, RS_ERR_PARSE,
                        "%s:%zu:%zu: key '%.*s' is written twice in this map "
                        "(first on line %zu); keep one",
                        d->path, dup->start_mark.line + 1, dup->start_mark.column + 1,
                        (int)(dup->data.scalar.length > 64 ? 64 : dup->data.scalar.length),
                        (const char *)dup->data.scalar.value, keys[i - 1].key->start_mark.line + 1);
                free(keys);
                return RS_ERR_PARSE;
            }
        free(keys);
    }
    return RS_OK;
}

rs_status rs_ydoc_load_mem(rs_ydoc *d, const char *name, const char *buf, size_t len, rs_err *err)
{
    memset(d, 0, sizeof(*d));
    snprintf(d->path, sizeof(d->path), "%s", name);
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return fail(err, RS_ERR_NOMEM, name, 0, 0, "cannot initialise the YAML parser");
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    if (!yaml_parser_load(&p, &d->doc)) {
        rs_errf(err, RS_ERR_PARSE, "%s:%zu:%zu: %s%s%s%s", name, p.problem_mark.line + 1,
                p.problem_mark.column + 1, p.problem ? p.problem : "YAML syntax error",
                p.context ? " (" : "", p.context ? p.context : "", p.context ? ")" : "");
        yaml_parser_delete(&p);
        return RS_ERR_PARSE;
    }
    yaml_parser_delete(&p);
    d->loaded = 1;
    if (!yaml_document_get_root_node(&d->doc)) {
        rs_ydoc_free(d);
        return fail(err, RS_ERR_PARSE, name, 0, 0, "the file is empty");
    }
    if (check_no_alias(d, err) != RS_OK || check_unique_keys(d, err) != RS_OK) {
        rs_ydoc_free(d);
        return RS_ERR_PARSE;
    }
    return RS_OK;
}

rs_status rs_ydoc_load(rs_ydoc *d, const char *path, rs_err *err)
{
    memset(d, 0, sizeof(*d));
    size_t n = 0;
    char *buf = rs_read_file(path, RS_YDOC_MAX_BYTES, &n, err);
    if (!buf)
        return RS_ERR_IO;
    rs_status st = rs_ydoc_load_mem(d, path, buf, n, err);
    free(buf);
    return st;
}

void rs_ydoc_free(rs_ydoc *d)
{
    if (d->loaded)
        yaml_document_delete(&d->doc);
    d->loaded = 0;
}

yaml_node_t *rs_ydoc_root(const rs_ydoc *d)
{
    return d->loaded ? yaml_document_get_root_node((yaml_document_t *)&d->doc) : NULL;
}

yaml_node_t *rs_ydoc_node(const rs_ydoc *d, int id)
{
    /* libyaml takes a non-const document for a pure lookup */
    return yaml_document_get_node((yaml_document_t *)&d->doc, id);
}

const char *rs_ydoc_str(yaml_node_t *n)
{
    return (n && n->type == YAML_SCALAR_NODE) ? (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *rs_ydoc_get(const rs_ydoc *d, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE || !key)
        return NULL;
    RS_YMAP_EACH(d, map, p)
    {
        const char *k = rs_ydoc_str(rs_ydoc_node(d, p->key));
        if (k && strcmp(k, key) == 0)
            return rs_ydoc_node(d, p->value);
    }
    return NULL;
}

const char *rs_ydoc_kind(yaml_node_t *n)
{
    if (!n)
        return "nothing";
    switch (n->type) {
    case YAML_SCALAR_NODE:
        return "a scalar";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a map";
    default:
        return "nothing";
    }
}

rs_status rs_ydoc_verrf(const rs_ydoc *d, yaml_node_t *n, rs_err *err, const char *fmt, va_list ap)
{
    size_t line = n ? n->start_mark.line : 0, col = n ? n->start_mark.column : 0;
    int w = snprintf(err->msg, sizeof(err->msg), "%s:%zu:%zu: ", d->path, line + 1, col + 1);
    if (w > 0 && (size_t)w < sizeof(err->msg))
        vsnprintf(err->msg + w, sizeof(err->msg) - (size_t)w, fmt, ap);
    return RS_ERR_PARSE;
}

rs_status rs_ydoc_errf(const rs_ydoc *d, yaml_node_t *n, rs_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rs_status st = rs_ydoc_verrf(d, n, err, fmt, ap);
    va_end(ap);
    return st;
}
