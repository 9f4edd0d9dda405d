/* vparse: turns one YAML node into a typed rs_val of a given rs_vtype, or an error with
 * file:line:col saying what was expected. Knows the scenario's blobs for blob-name types. */
#ifndef RS_VPARSE_H
#define RS_VPARSE_H

#include "model.h"
#include "status.h"
#include "ydoc.h"

typedef struct {
    const rs_ydoc *doc;
    const rs_scenario *sc; /* for blob names */
} rs_vparser;

/* Parses n as type t into out (which the caller frees with rs_val_free). what names the key in
 * messages ("'status'"). */
rs_status rs_vparse(const rs_vparser *p, yaml_node_t *n, const rs_vtype *t, const char *what,
                    rs_val *out, rs_err *err) RS_MUST_USE;
/* An error at node n: "file:line:col: message". Returns RS_ERR_PARSE. */
rs_status rs_vparse_err(const rs_vparser *p, yaml_node_t *n, rs_err *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const rs_blob_spec *rs_scenario_blob(const rs_scenario *sc, const char *name);

#endif
