/* scenario: loads a scenario file (YAML) into the typed model (model.h) through the tables of
 * schema.h; every error is file:line:col. The YAML document is gone once loading returns. */
#ifndef RS_SCENARIO_H
#define RS_SCENARIO_H

#include "model.h"
#include "status.h"

rs_status rs_scenario_load(rs_scenario *s, const char *path, rs_err *err) RS_MUST_USE;
/* The same from memory; name stands for the path (its base name must be <id>.yaml). */
rs_status rs_scenario_load_mem(rs_scenario *s, const char *name, const char *text,
                               rs_err *err) RS_MUST_USE;
void rs_scenario_free(rs_scenario *s);
/* Resolves every level (scenario, steps, checks with their own) for the release spec (an index
 * into RS_SPECS). Loading resolves them for RS_SPEC_DEFAULT. */
void rs_scenario_apply_spec(rs_scenario *s, int spec);
int rs_scenario_has_keyword(const rs_scenario *s, const char *kw);

#endif
