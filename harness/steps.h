/* steps: the table of step kinds (parameters, docs) and one function per kind that sends the
 * step's requests; rs_step_exec expands a step's arguments and runs it. */
#ifndef RS_STEPS_H
#define RS_STEPS_H

#include "context.h"
#include "schema.h"

struct rs_stepcall {
    rs_ctx *c;
    const rs_step *s;
    int idx;
    rs_actor *a;
    char *str[RS_P_COUNT];     /* expanded scalar arguments; NULL when absent */
    long long num[RS_P_COUNT]; /* RS_B_INT values; RS_B_ENUM indexes */
    rs_authopt ao;
    int not_sent; /* the step found it could not be sent (a failed check says why) */
    rs_stepout *so;
    rs_err *err;
};

/* The wait step (steps_wait.c): sleeps until the actor's tokens are due for renewal, and one
 * second more, when that is at most the step's seconds away; sends nothing. */
int rs_step_wait(rs_stepcall *k);
/* The concurrently step kind (steps_race.c): runs the k->s->nsub steps after step k->idx. */
int rs_step_concurrently(rs_stepcall *k);

/* Runs step idx as actor a. Returns RS_OK also when an argument could not be expanded (a failed
 * check is recorded and nothing is sent: *sent is 0); any other status is a runtime error. */
rs_status rs_step_exec(rs_ctx *c, const rs_step *s, int idx, rs_actor *a, rs_stepout *so, int *sent,
                       rs_err *err) RS_MUST_USE;

#endif
