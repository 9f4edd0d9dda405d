/* loader: what the scenario loader's two halves share -- the state of one file being read (the
 * names saved so far, for placeholders), value types, and the step reader. Private to them. */
#ifndef RS_LOADER_H
#define RS_LOADER_H

#include "scenario.h"
#include "schema.h"
#include "vparse.h"

typedef struct {
    rs_vparser p;
    rs_scenario *s;
    rs_err *err;
    const char *saved[RS_MAX_STEPS * RS_MAX_SAVES]; /* names saved by the steps read so far */
    int nsaved;
    const char *manifests[RS_MAX_STEPS * RS_MAX_SAVES]; /* of those, saved as manifest */
    int nmanifests;
    int in_group; /* reading the steps of a concurrently step: no nesting, no when/requires */
} loader;

#define ERR(L, n, ...) rs_vparse_err(&(L)->p, n, (L)->err, __VA_ARGS__)
extern const rs_vtype RS_LEVEL_T, RS_TEXT_T, RS_TEXTS_T;

int rs_in_list(const char *const *list, int n, const char *s);
/* rs_vparse that frees what it parsed when it fails. */
rs_status rs_parse_tmp(loader *L, yaml_node_t *n, const rs_vtype *t, const char *what, rs_val *v);
/* argrules.c: the step's parameters together (n: its parameter map), once each was read. */
rs_status rs_step_arg_rules(loader *L, yaml_node_t *n, const rs_step *st);
/* Every ${placeholder} under n must be known here: built-ins, blobs, names saved before. */
rs_status rs_check_placeholders(loader *L, yaml_node_t *n);
/* A level: a word (MUST, SHOULD, MAY) for every release, or a map of releases (spec.h), oldest
 * first and starting at the first release, each giving the level from it on. */
rs_status rs_load_levels(loader *L, yaml_node_t *n, rs_levels *out);
/* One step, validated through the tables; its saves become known to the steps after it. */
rs_status rs_load_step(loader *L, yaml_node_t *n, rs_step *st);
/* blobs: {name: {size, seed} | {content} | {file}}, added to the scenario's */
rs_status rs_load_blobs(loader *L, yaml_node_t *m);
/* requires: [feature, ...] (names from the feature table) into req (at most max) */
rs_status rs_load_requires(loader *L, yaml_node_t *v, char (*req)[32], int *n, int max);

/* fixture.c: reads the fixture named by the scenario key `fixture` (node v) into L's scenario --
 * its blobs, then its steps, before the scenario's own -- with errors at the fixture file's
 * line:col. Its steps are MUST unless they say otherwise; its saves are known to the scenario's
 * steps; ${fixture} names it in both. */
rs_status rs_fixture_load(loader *L, yaml_node_t *v);
/* After the scenario's steps: none of them may write where ${fixture} points (kind.reads, or a
 * request of GET or HEAD). */
rs_status rs_fixture_check_reads(loader *L);

#endif
