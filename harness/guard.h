/* guard: the run-wide limits every scenario of a run shares: a stop request (signal, deadline,
 * unresponsive target) and the count of timed-out requests. Atomic: scenarios may run in parallel.
 */
#ifndef RS_GUARD_H
#define RS_GUARD_H

#include <stdatomic.h>

typedef enum {
    RS_STOP_NONE = 0,
    RS_STOP_SIGNAL = 1,       /* SIGINT/SIGTERM: reports for what ran, exit 130/143 */
    RS_STOP_DEADLINE = 2,     /* --deadline passed: exit 3 */
    RS_STOP_UNRESPONSIVE = 3, /* --max-timeouts requests timed out: exit 3 */
} rs_stop;

typedef struct {
    atomic_int stop;     /* an rs_stop; set once, never cleared */
    atomic_int signo;    /* the signal that stopped the run, or 0 */
    atomic_int timeouts; /* requests that timed out so far */
    atomic_int refused;  /* requests still refused (429/503) when their retries ran out */
    int max_timeouts;    /* 0: no limit */
    double deadline;     /* CLOCK_MONOTONIC seconds; 0: none */
} rs_guard;

void rs_guard_init(rs_guard *g, int max_timeouts, double deadline_seconds_from_now);
/* Why the run must stop (checks the deadline too), or RS_STOP_NONE. NULL g: never. */
rs_stop rs_guard_check(rs_guard *g);
/* Requests a stop; the first reason wins. */
void rs_guard_stop(rs_guard *g, rs_stop why);
/* Counts a timed-out request; declares the target unresponsive at max_timeouts. */
void rs_guard_timed_out(rs_guard *g);
/* Counts a request still refused (429/503) after its retries, or told to wait longer than
 * regsuite does; with the timeouts, declares the target unresponsive at max_timeouts. */
void rs_guard_refused(rs_guard *g);
/* Seconds left before the deadline (a large number when none); for capping request timeouts. */
double rs_guard_remaining(const rs_guard *g);
/* A sentence for reports: "interrupted by signal 2", "deadline of the run passed", ... */
const char *rs_guard_reason(const rs_guard *g, char *buf, unsigned long len);
double rs_now(void);

#endif
