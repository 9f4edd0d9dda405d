#include "guard.h"

#include <stdio.h>
#include <time.h>

double rs_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void rs_guard_init(rs_guard *g, int max_timeouts, double deadline_seconds_from_now)
{
    atomic_init(&g->stop, RS_STOP_NONE);
    atomic_init(&g->signo, 0);
    atomic_init(&g->timeouts, 0);
    atomic_init(&g->refused, 0);
    g->max_timeouts = max_timeouts;
    g->deadline = deadline_seconds_from_now > 0 ? rs_now() + deadline_seconds_from_now : 0;
}

void rs_guard_stop(rs_guard *g, rs_stop why)
{
    int none = RS_STOP_NONE;
    if (g)
        atomic_compare_exchange_strong(&g->stop, &none, (int)why);
}

rs_stop rs_guard_check(rs_guard *g)
{
    if (!g)
        return RS_STOP_NONE;
    if (g->deadline > 0 && rs_now() >= g->deadline)
        rs_guard_stop(g, RS_STOP_DEADLINE);
    return (rs_stop)atomic_load(&g->stop);
}

/* The target is unresponsive once max_timeouts requests timed out or stayed refused. */
static void count_against_limit(rs_guard *g)
{
    if (g->max_timeouts > 0 &&
        atomic_load(&g->timeouts) + atomic_load(&g->refused) >= g->max_timeouts)
        rs_guard_stop(g, RS_STOP_UNRESPONSIVE);
}

void rs_guard_timed_out(rs_guard *g)
{
    if (!g)
        return;
    atomic_fetch_add(&g->timeouts, 1);
    count_against_limit(g);
}

void rs_guard_refused(rs_guard *g)
{
    if (!g)
        return;
    atomic_fetch_add(&g->refused, 1);
    count_against_limit(g);
}

double rs_guard_remaining(const rs_guard *g)
{
    if (!g || g->deadline <= 0)
        return 1e9;
    double left = g->deadline - rs_now();
    return left > 0 ? left : 0;
}

/* "the target is unresponsive: 2 requests timed out and 1 was still refused ..." */
static void unresponsive(const rs_guard *g, char *buf, unsigned long len)
{
    int t = atomic_load(&g->timeouts), r = atomic_load(&g->refused);
    char timed[64] = "", refused[128] = "";
    if (t || !r)
        snprintf(timed, sizeof(timed), "%d request%s timed out", t, t == 1 ? "" : "s");
    if (r)
        snprintf(refused, sizeof(refused),
                 "%s%d request%s still refused (429/503) when %s retries ran out", t ? " and " : "",
                 r, r == 1 ? " was" : "s were", r == 1 ? "its" : "their");
    snprintf(buf, len, "the target is unresponsive: %s%s (--max-timeouts %d)", timed, refused,
             g->max_timeouts);
}

const char *rs_guard_reason(const rs_guard *g, char *buf, unsigned long len)
{
    switch (g ? (rs_stop)atomic_load(&g->stop) : RS_STOP_NONE) {
    case RS_STOP_SIGNAL:
        snprintf(buf, len, "the run was interrupted by signal %d", atomic_load(&g->signo));
        break;
    case RS_STOP_DEADLINE:
        snprintf(buf, len, "the run's deadline (--deadline) passed");
        break;
    case RS_STOP_UNRESPONSIVE:
        unresponsive(g, buf, len);
        break;
    default:
        snprintf(buf, len, "not stopped");
    }
    return buf;
}
