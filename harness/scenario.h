/* scenario: loads a scenario file (YAML) and validates it against the step schema before anything
 * runs. Owns the parsed document; steps point into it. Every error is file:line:col. */
#ifndef RS_SCENARIO_H
#define RS_SCENARIO_H

#include "status.h"
#include "ydoc.h"

typedef enum { RS_LEVEL_MUST = 0, RS_LEVEL_SHOULD = 1, RS_LEVEL_MAY = 2 } rs_level;

typedef struct {
    char kind[32];  /* push_image, mount, request, ... */
    char name[160]; /* the check's name, or "" */
    int line;
    yaml_node_t *params; /* the map under the kind key */
    yaml_node_t *expect; /* map or NULL */
    yaml_node_t *save;   /* map var -> source, or NULL */
    yaml_node_t *when;   /* map var -> value(s): the step runs only when every one matches */
    rs_level level;      /* the scenario's unless the step says otherwise */
} rs_step;

#define RS_MAX_STEPS 96

typedef struct {
    char path[512];
    char suite[128]; /* the folder the file is in */
    char id[128];
    char title[256];
    rs_level level;
    char keywords[512]; /* space-separated */
    char refs[1024];    /* "; "-separated */
    char requires[16][32];
    int nrequires;
    rs_ydoc doc;
    yaml_node_t *blobs; /* map name -> {size, seed, content, algo} or NULL */
    rs_step steps[RS_MAX_STEPS];
    int nsteps;
} rs_scenario;

rs_status rs_scenario_load(rs_scenario *s, const char *path, rs_err *err) RS_MUST_USE;
void rs_scenario_free(rs_scenario *s);
const char *rs_level_name(rs_level l);
int rs_scenario_has_keyword(const rs_scenario *s, const char *kw);

#endif
