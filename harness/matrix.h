/* matrix: an authorization matrix file (*.matrix.yaml) expanded at load into ordinary scenarios.
 * The file holds a compact table: repository kinds (private, public, missing...) with their
 * placeholders and the owner's fixture, relations (who acts, what each may do per kind), and
 * operations (a step template when allowed and when refused, the spec sentence). Each
 * operation x relation becomes one scenario <matrix>-<op>-<relation> whose steps are the fixture
 * and one cell per kind; the scenario is written as YAML text and loaded by the scenario loader,
 * so it is validated like any file, and every error points into the matrix file (file:line:col).
 * The format is described in README.md ("Scenario files", authorization matrices). */
#ifndef RS_MATRIX_H
#define RS_MATRIX_H

#include "model.h"
#include "status.h"

#define RS_MATRIX_SUFFIX ".matrix.yaml"

/* 1 when path names a matrix file (ends with .matrix.yaml). */
int rs_matrix_path(const char *path);
/* Room for one more scenario (zeroed or not: the loader initialises it), or NULL when there is
 * none; every slot handed out counts as loaded and is freed by its owner with rs_scenario_free,
 * even when loading fails. */
typedef rs_scenario *(*rs_matrix_slot)(void *ctx);
/* Expands the matrix file at path into scenarios, each loaded into a slot from slot(ctx). On
 * error err holds file:line:col (the matrix file's). */
rs_status rs_matrix_load(const char *path, rs_matrix_slot slot, void *ctx, rs_err *err) RS_MUST_USE;
/* The same from memory; name stands for the path. */
rs_status rs_matrix_load_mem(const char *name, const char *text, rs_matrix_slot slot, void *ctx,
                             rs_err *err) RS_MUST_USE;

#endif
