/* expand: ${name} placeholders. Owns rs_vars, the per-scenario table of run id, namespaces,
 * blob digests and sizes, and values saved by earlier steps. */
#ifndef RS_EXPAND_H
#define RS_EXPAND_H

#include "status.h"

#include <stddef.h>

typedef struct {
    char **name; /* growable */
    char **value;
    int n, cap;
} rs_vars;

void rs_vars_init(rs_vars *v);
void rs_vars_free(rs_vars *v);
/* Sets (or replaces) name; returns -1 when out of memory. */
int rs_vars_set(rs_vars *v, const char *name, const char *value)
    __attribute__((warn_unused_result));
const char *rs_vars_get(const rs_vars *v, const char *name);
/* Removes name (a save that failed leaves its variable without a value). */
void rs_vars_unset(rs_vars *v, const char *name);

/* Expands ${name} in in ("$$" is a literal "$") into *out (malloc'd); on failure the unset or
 * malformed placeholder is described in err. */
rs_status rs_expand(const rs_vars *v, const char *in, char **out, rs_err *err) RS_MUST_USE;

#endif
