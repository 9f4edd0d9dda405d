/* steps_wait: the wait step -- outliving short tokens (a chunked upload whose token expires in
 * the middle) at the cost of a wait only where tokens are short. */
#include "steps.h"

#include <time.h>

#define RS_WAIT_MAX_S 10
#define RS_WAIT_SLICE_NS 50000000L /* the guard is looked at every 50 ms */

/* When the wait ends: the latest renewal second of the actor's tokens, plus one; 0 when the
 * actor holds none. */
static time_t wait_until(const rs_actor *a)
{
    time_t until = 0;
    for (int i = 0; i < a->ncache; i++)
        if (a->cache[i].token && a->cache[i].renew_at + 1 > until)
            until = a->cache[i].renew_at + 1;
    return until;
}

int rs_step_wait(rs_stepcall *k)
{
    long long max = k->num[RS_P_SECONDS];
    if (max < 1 || max > RS_WAIT_MAX_S)
        return rs_errf(k->err, RS_ERR_CONFIG, "wait: seconds must be from 1 to %d, not %lld",
                       RS_WAIT_MAX_S, max);
    time_t until = wait_until(k->a), now = time(NULL);
    k->so->resp.status = 200;
    if (until == 0 || until <= now || until - now > max)
        return RS_OK; /* no token, already due, or tokens that outlive the bound: no wait */
    struct timespec slice = {0, RS_WAIT_SLICE_NS};
    while (time(NULL) < until) {
        if (rs_guard_check(k->a->conn.guard) != RS_STOP_NONE)
            return rs_errf(k->err, RS_ERR_STOPPED, "wait: the run was stopped");
        nanosleep(&slice, NULL);
    }
    return RS_OK;
}
