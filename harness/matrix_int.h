/* matrix_int: what the matrix's two halves share (matrix.c checks the table, matrix_gen.c
 * writes and loads the scenarios). Private to them. */
#ifndef RS_MATRIX_INT_H
#define RS_MATRIX_INT_H

#include "status.h"
#include "ydoc.h"

#include <string.h>

typedef struct {
    const rs_ydoc *d;
    rs_err *err;
    yaml_node_t *root, *kinds, *rels, *ops;
} mx;

#define MERR(M, n, ...) rs_ydoc_errf((M)->d, n, (M)->err, __VA_ARGS__)

static inline const char *str(yaml_node_t *n)
{
    return n ? rs_ydoc_str(n) : NULL;
}

static inline int in_list(const char *const *l, const char *s)
{
    for (; s && *l; l++)
        if (strcmp(*l, s) == 0)
            return 1;
    return 0;
}

/* Every key of the matrix checked (file:line:col): unknown keys, missing fields, wrong types,
 * unknown roles, features, grants, scopes and relations. */
rs_status rs_mx_check(mx *M) RS_MUST_USE;

#endif
