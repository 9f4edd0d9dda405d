/* saves: the table of save sources (`save: {var: location | digest | header.Name ...}`) and
 * taking them from a step's answer; a value that is absent is a failed check, never "". */
#ifndef RS_SAVES_H
#define RS_SAVES_H

#include "context.h"
#include "schema.h"

/* Saves what step idx asks for. A source the answer lacks fails the step's 'save' check and
 * leaves the variable without a value (later uses fail naming it). */
void rs_saves_do(rs_ctx *c, const rs_step *s, int idx, const rs_stepout *so, const rs_actor *a);
/* Step idx did not run (skipped by when, or an argument failed): its variables have no value. */
void rs_saves_skipped(rs_ctx *c, const rs_step *s, int idx, const char *why);

#endif
