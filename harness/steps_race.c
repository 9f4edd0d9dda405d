/* steps_race: the `concurrently` step kind. Its steps (the 2 to RS_MAX_SUBSTEPS steps that follow
 * it in the scenario) are sent at once, `times` rounds, to provoke races in the registry.
 *
 * Each step runs in a thread of its own with a worker: a copy of the scenario's context that the
 * thread only reads (variables, blobs, saved manifests: nothing writes them while threads run)
 * and its own actor (a new libcurl handle without the worker thread's share: libcurl allows no
 * connection cache across threads; tokens come from the run's share, under its lock), its own
 * trace, result and cleanup list. The threads wait at a gate until all of them exist, so their
 * requests leave together. Every thread is always joined (each request is bounded by the actor's
 * timeouts and the run's guard) and every worker freed, whatever failed; then, in the main
 * thread and in step order, each worker's checks, trace and cleanup are merged into the scenario
 * and its saves made. A thread that could not start fails the step as a runtime error. */
#include "checks.h"
#include "saves.h"
#include "steps.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RS_WORKER_TRACE (512 * 1024)

/* The gate the threads wait at: open (go), or abort (a thread could not start: go home). */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int open, abort;
} rs_gate;

typedef struct {
    rs_ctx sh;     /* a read-only copy of the scenario's context, with its own res/trace/actor */
    rs_result res; /* this step's checks */
    const rs_step *s;
    int idx;
    rs_gate *gate;
    rs_stepout so;
    int sent, ran;
    rs_status st;
    rs_err err;
} rs_worker;

static rs_worker *worker_new(rs_ctx *c, int idx, rs_gate *g)
{
    rs_worker *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    const rs_step *s = &c->sc->steps[idx];
    const rs_actor *a = &c->actors[s->as];
    w->sh = *c; /* vars, blobs, manifests: read only while the threads run */
    memset(w->sh.actors, 0, sizeof(w->sh.actors));
    memset(w->sh.has_actor, 0, sizeof(w->sh.has_actor));
    w->sh.res = &w->res;
    w->sh.cleanup = NULL;
    w->sh.ncleanup = w->sh.cleanup_cap = 0;
    w->sh.open_check = w->sh.own_level = w->sh.nomem = 0;
    rs_trace_init(&w->sh.trace, RS_WORKER_TRACE);
    rs_buf_init(&w->res.failures, 64 * 1024);
    rs_buf_init(&w->res.steplog, 4 * 1024);
    w->res.sc = c->sc;
    w->res.outcome = RS_RES_PASS;
    rs_actor *na = &w->sh.actors[s->as];
    rs_actor_init(na, a->role, a->username, a->password, a->base_url, a->conn.ca_file,
                  a->conn.insecure, a->conn.timeout_s, &w->sh.trace, a->conn.guard);
    na->share = a->share; /* the run's tokens: under share.c's lock */
    na->share_role = a->share_role;
    w->sh.has_actor[s->as] = 1;
    w->s = s;
    w->idx = idx;
    w->gate = g;
    rs_resp_init(&w->so.resp);
    return w;
}

static void worker_free(rs_worker *w)
{
    if (!w)
        return;
    rs_actor_free(&w->sh.actors[w->s->as]); /* its connection closes here */
    for (int i = 0; i < w->sh.ncleanup; i++) {
        free(w->sh.cleanup[i].repo);
        free(w->sh.cleanup[i].ref);
    }
    free(w->sh.cleanup);
    rs_trace_free(&w->sh.trace);
    rs_resp_free(&w->so.resp);
    rs_result_free(&w->res);
    free(w);
}

static void *worker_run(void *arg)
{
    rs_worker *w = arg;
    pthread_mutex_lock(&w->gate->mu);
    while (!w->gate->open)
        pthread_cond_wait(&w->gate->cv, &w->gate->mu);
    int abort = w->gate->abort;
    pthread_mutex_unlock(&w->gate->mu);
    if (abort || rs_guard_check(w->sh.o->guard) != RS_STOP_NONE)
        return NULL;
    w->ran = 1;
    w->st = rs_step_exec(&w->sh, w->s, w->idx, &w->sh.actors[w->s->as], &w->so, &w->sent, &w->err);
    if (w->st == RS_OK && w->sent)
        rs_checks_run(&w->sh, w->s, w->idx, &w->so);
    return NULL;
}

/* Moves the worker's check records and failure lines into the scenario's result. */
static void merge_result(rs_result *dst, rs_result *src)
{
    for (int i = 0; i < src->ncr; i++) {
        if (dst->ncr == dst->capcr) {
            int cap = dst->capcr ? dst->capcr * 2 : 32;
            rs_check_result *n = realloc(dst->cr, (size_t)cap * sizeof(*n));
            if (!n)
                break; /* the verdicts below still count, unrecorded */
            dst->cr = n;
            dst->capcr = cap;
        }
        dst->cr[dst->ncr++] = src->cr[i];
        src->cr[i].message = NULL;
    }
    dst->checks += src->checks;
    dst->failed_checks += src->failed_checks;
    if (rs_buf_add(&dst->failures, rs_buf_str(&src->failures), src->failures.len) != 0)
        dst->failures.truncated = 1;
    if (src->outcome == RS_RES_FAIL)
        dst->outcome = RS_RES_FAIL;
    else if (src->outcome == RS_RES_WARN && dst->outcome == RS_RES_PASS)
        dst->outcome = RS_RES_WARN;
    if (!dst->first[0] && src->first[0]) {
        snprintf(dst->first, sizeof(dst->first), "%s", src->first);
        snprintf(dst->actual, sizeof(dst->actual), "%s", src->actual);
    }
}

/* Merges worker w (a step of round r) into the scenario and makes its saves; the first runtime
 * error of the round is kept in st. */
static void merge(rs_stepcall *k, rs_worker *w, int r, int rounds, rs_status *st)
{
    rs_ctx *c = k->c;
    const rs_step *s = w->s;
    char line[256];
    snprintf(line, sizeof(line),
             "--- step %d (%s), round %d of %d, at once with the others of "
             "step %d ---\n",
             w->idx + 1, s->kind->name, r + 1, rounds, k->idx + 1);
    rs_trace_add(&c->trace, line);
    rs_trace_add(&c->trace, rs_buf_str(&w->sh.trace.text));
    c->trace.lost |= w->sh.trace.lost;
    merge_result(c->res, &w->res);
    c->nomem |= w->sh.nomem;
    for (int i = 0; i < w->sh.ncleanup; i++) {
        const rs_cleanup_entry *e = &w->sh.cleanup[i];
        if (rs_ctx_cleanup_add(c, &c->actors[e->actor], e->repo, e->ref, e->is_manifest) != 0)
            c->nomem = 1;
    }
    if (w->st != RS_OK && *st == RS_OK)
        *st = rs_errf(k->err, w->st, "step %d (%s, line %d, run at once by step %d): %s",
                      w->idx + 1, s->kind->name, s->line, k->idx + 1, w->err.msg);
    if (w->st == RS_OK && w->sent)
        rs_saves_do(c, s, w->idx, &w->so, &c->actors[s->as]);
    else if (w->st == RS_OK)
        rs_saves_skipped(c, s, w->idx,
                         w->ran ? "did not run (an argument had no value)"
                                : "did not run (the run was stopped)");
    if (c->o->verbose)
        rs_buf_catf(&c->res->steplog, "  step %d: %s%s%s (round %d of %d, at once): %ld, %s\n",
                    w->idx + 1, s->kind->name, s->name[0] ? " - " : "", s->name, r + 1, rounds,
                    w->so.resp.status,
                    !w->ran || !w->sent    ? "not sent"
                    : w->res.failed_checks ? "a check failed"
                                           : "checks met");
}

/* One round: a worker and a thread per step, the gate opened, every thread joined. */
static rs_status run_round(rs_stepcall *k, int r, int rounds)
{
    int n = k->s->nsub;
    rs_worker *w[RS_MAX_SUBSTEPS] = {0};
    pthread_t th[RS_MAX_SUBSTEPS];
    int started[RS_MAX_SUBSTEPS] = {0};
    rs_gate g = {.open = 0, .abort = 0};
    rs_status st = RS_OK;
    pthread_mutex_init(&g.mu, NULL);
    pthread_cond_init(&g.cv, NULL);
    for (int j = 0; j < n && st == RS_OK; j++)
        if (!(w[j] = worker_new(k->c, k->idx + 1 + j, &g)))
            st = rs_errf(k->err, RS_ERR_NOMEM, "out of memory for step %d", k->idx + 2 + j);
    for (int j = 0; j < n && st == RS_OK; j++)
        if (pthread_create(&th[j], NULL, worker_run, w[j]) == 0)
            started[j] = 1;
        else
            st = rs_errf(k->err, RS_ERR_NOMEM,
                         "%s:%d:%d: concurrently: no thread could be started for step %d (of "
                         "%d at once); lower the run's -j or the steps at once",
                         rs_step_file(k->c->sc, k->s), k->s->line, k->s->col, k->idx + 2 + j, n);
    pthread_mutex_lock(&g.mu);
    g.open = 1;
    g.abort = st != RS_OK;
    pthread_cond_broadcast(&g.cv);
    pthread_mutex_unlock(&g.mu);
    for (int j = 0; j < n; j++)
        if (started[j])
            pthread_join(th[j], NULL);
    for (int j = 0; j < n; j++) {
        if (w[j]) /* every one: its checks count and what it created is deleted at the end */
            merge(k, w[j], r, rounds, &st);
        worker_free(w[j]);
    }
    pthread_cond_destroy(&g.cv);
    pthread_mutex_destroy(&g.mu);
    return st;
}

int rs_step_is_group(const rs_step_kind *k)
{
    return k->params[0].id == RS_P_STEPS; /* the group's only required parameter, first */
}

int rs_step_concurrently(rs_stepcall *k)
{
    long long rounds = k->str[RS_P_TIMES] ? k->num[RS_P_TIMES] : 1;
    if (rounds < 1 || rounds > RS_MAX_ROUNDS) {
        rs_ctx_fail(k->c, k->s, k->idx, k->s->args[RS_P_TIMES]->line, k->s->args[RS_P_TIMES]->col,
                    "times", "out of range", "times is %lld: 1 to %d rounds; nothing was sent",
                    rounds, RS_MAX_ROUNDS);
        k->not_sent = 1;
        return RS_OK;
    }
    rs_status st = RS_OK;
    for (int r = 0; r <= rounds && st == RS_OK; r++) { /* the guard after the last round too */
        char why[256];
        if (rs_guard_check(k->c->o->guard) != RS_STOP_NONE)
            return rs_errf(k->err, RS_ERR_STOPPED, "stopped %s round %d of %lld: %s",
                           r < rounds ? "before" : "during", r < rounds ? r + 1 : r, rounds,
                           rs_guard_reason(k->c->o->guard, why, sizeof(why)));
        if (r < rounds)
            st = run_round(k, r, (int)rounds);
    }
    return st;
}
