/* schema: the one table per kind of thing a scenario names -- step kinds with their parameters,
 * check kinds, save sources. The loader validates through them; `regsuite reference` prints them.
 */
#ifndef RS_SCHEMA_H
#define RS_SCHEMA_H

#include "model.h"

#include <stdio.h>

typedef struct rs_stepcall rs_stepcall;   /* steps.c: one step being run */
typedef struct rs_checkcall rs_checkcall; /* checks.c: one check being evaluated */

typedef struct {
    const char *name; /* as written in YAML */
    rs_vtype type;
    const char *doc;
} rs_param;

typedef struct {
    rs_param_id id;
    int required;
} rs_param_use;

#define RS_STEP_MAX_PARAMS 12

/* Two parameters of which a step needs at least one, or exactly one. */
typedef enum { RS_EITHER_NONE, RS_EITHER_ANY, RS_EITHER_ONE } rs_either;

struct rs_step_kind {
    const char *name;
    const char *doc;
    rs_param_use params[RS_STEP_MAX_PARAMS]; /* the first with id RS_P_COUNT ends the list */
    int (*run)(rs_stepcall *k);              /* an rs_status */
    rs_either either;
    rs_param_id either_of[2];
    int reads; /* only reads (HEAD, GET): the one kind of step that may name a fixture's repos */
};

/* Check kinds apply to some step kinds: their names, comma-separated (NULL: any step). */
struct rs_check_kind {
    const char *name;
    rs_vtype type;
    const char *steps;
    void (*run)(rs_checkcall *k);
    const char *doc;
};

typedef struct {
    const char *name; /* "header." is a prefix: header.<Name> */
    rs_save_source source;
    const char *steps; /* as for checks */
    const char *doc;
} rs_save_kind;

extern const rs_param RS_PARAMS[RS_P_COUNT];

const rs_step_kind *rs_step_kinds(int *n);
const rs_step_kind *rs_step_kind_find(const char *name);
/* A kind taking `steps` (concurrently) runs the steps after it: no checks or saves of its own. */
int rs_step_is_group(const rs_step_kind *k);
const rs_check_kind *rs_check_kinds(int *n);
const rs_check_kind *rs_check_kind_find(const char *name);
const rs_save_kind *rs_save_kinds(int *n);
const rs_save_kind *rs_save_kind_find(const char *name);

/* Whether a check or save whose table entry says steps (NULL: any) applies to step kind k. */
int rs_applies(const char *steps, const rs_step_kind *k);
/* "a whole number or a list of them", "one of: a, b" ... */
void rs_vtype_describe(const rs_vtype *t, char *out, size_t len);

/* The names of every step kind or check kind, comma-separated, for messages. */
typedef enum { RS_NAMES_STEPS, RS_NAMES_CHECKS } rs_names_of;
void rs_kind_names(rs_names_of which, char *out, size_t len);

/* Markdown reference of every step kind, parameter, check and save source (README's section). */
void rs_reference_print(FILE *f);

#endif
