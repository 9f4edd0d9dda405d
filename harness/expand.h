/* expand: ${name} placeholders. Owns rs_vars, the per-scenario table of run id, namespaces,
 * blob digests and sizes, and values saved by earlier steps. */
#ifndef RS_EXPAND_H
#define RS_EXPAND_H

#include <stddef.h>

#define RS_MAX_VARS 128

typedef struct {
    char *name[RS_MAX_VARS];
    char *value[RS_MAX_VARS];
    int n;
} rs_vars;

void rs_vars_init(rs_vars *v);
void rs_vars_free(rs_vars *v);
/* Sets (or replaces) name; returns -1 when the table is full or out of memory. */
int rs_vars_set(rs_vars *v, const char *name, const char *value);
const char *rs_vars_get(const rs_vars *v, const char *name);

/* Expands ${name} in in; "$$" is a literal "$". Returns a malloc'd string, or NULL with the
 * unknown or malformed placeholder described in err. */
char *rs_expand(const rs_vars *v, const char *in, char *err, size_t errlen);

#endif
