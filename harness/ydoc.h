/* ydoc: loads one YAML file into a libyaml document and answers typed lookups with positions.
 * Owns the parsed document; every error names file:line:col so a user can fix the input. */
#ifndef RS_YDOC_H
#define RS_YDOC_H

#include "status.h"

#include <stdarg.h>
#include <stddef.h>
#include <yaml.h>

#define RS_YDOC_MAX_BYTES (1024 * 1024)

typedef struct {
    yaml_document_t doc;
    int loaded;
    char path[512];
} rs_ydoc;

/* Loads path; on failure "path:line:col: reason" in err. Aliases are refused. */
rs_status rs_ydoc_load(rs_ydoc *d, const char *path, rs_err *err) RS_MUST_USE;
/* Loads from memory. name is used in messages. */
rs_status rs_ydoc_load_mem(rs_ydoc *d, const char *name, const char *buf, size_t len,
                           rs_err *err) RS_MUST_USE;
void rs_ydoc_free(rs_ydoc *d);

yaml_node_t *rs_ydoc_root(const rs_ydoc *d);
yaml_node_t *rs_ydoc_node(const rs_ydoc *d, int id);
/* Value of key in a mapping node, or NULL. */
yaml_node_t *rs_ydoc_get(const rs_ydoc *d, yaml_node_t *map, const char *key);
/* The scalar's text, or NULL when n is not a scalar. */
const char *rs_ydoc_str(yaml_node_t *n);
/* Writes "path:line:col: " + the message into err; returns RS_ERR_PARSE. */
rs_status rs_ydoc_errf(const rs_ydoc *d, yaml_node_t *n, rs_err *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
rs_status rs_ydoc_verrf(const rs_ydoc *d, yaml_node_t *n, rs_err *err, const char *fmt, va_list ap);
const char *rs_ydoc_kind(yaml_node_t *n);

/* Iterate a mapping's pairs or a sequence's items; nothing when the node is NULL or of another
 * kind, so a value of the wrong shape is never read as one. */
#define RS_YMAP_EACH(doc, map, pair)                                                               \
    for (yaml_node_pair_t *pair =                                                                  \
             (map) && (map)->type == YAML_MAPPING_NODE ? (map)->data.mapping.pairs.start : NULL;   \
         pair && pair < (map)->data.mapping.pairs.top; pair++)
#define RS_YSEQ_EACH(doc, seq, item)                                                               \
    for (yaml_node_item_t *item =                                                                  \
             (seq) && (seq)->type == YAML_SEQUENCE_NODE ? (seq)->data.sequence.items.start : NULL; \
         item && item < (seq)->data.sequence.items.top; item++)

#endif
