#include "pool.h"

#include "report.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const rs_pool *p;
    rs_run_opts *opts; /* one copy per worker: its number picks its connections */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int next;   /* the next scenario to start, in plan order */
    char *done; /* per scenario: its result is complete */
} pool_state;

void rs_result_not_started(rs_result *r, const rs_scenario *sc, int index, const char *why)
{
    memset(r, 0, sizeof(*r));
    r->sc = sc;
    r->index = index;
    r->outcome = RS_RES_ERROR;
    snprintf(r->reason, sizeof(r->reason), "not run: %s", why);
}

static void run_one(const rs_pool *p, const rs_run_opts *o, int k)
{
    const rs_scenario *sc = &p->plan->sc[p->plan->sel[k]];
    rs_guard *g = p->opts->guard;
    if (rs_guard_check(g) != RS_STOP_NONE) {
        char why[512];
        rs_guard_reason(g, why, sizeof(why));
        rs_result_not_started(&p->res[k], sc, p->plan->sel[k], why);
        return;
    }
    /* the index names the scenario's repositories: unique in the plan, the same in every shard */
    rs_run_scenario(o, sc, p->plan->sel[k], &p->res[k]);
    p->res[k].index = p->plan->sel[k];
}

typedef struct {
    pool_state *s;
    int id;
} worker_arg;

static void *worker(void *arg)
{
    pool_state *s = ((worker_arg *)arg)->s;
    const rs_run_opts *o = &s->opts[((worker_arg *)arg)->id];
    for (;;) {
        pthread_mutex_lock(&s->mu);
        int k = s->next < s->p->plan->nsel ? s->next++ : -1;
        pthread_mutex_unlock(&s->mu);
        if (k < 0)
            return NULL;
        run_one(s->p, o, k);
        pthread_mutex_lock(&s->mu);
        s->done[k] = 1;
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
    }
}

/* The console lines of each result as soon as it and all before it are complete. */
static void print_in_order(pool_state *s)
{
    for (int k = 0; k < s->p->plan->nsel; k++) {
        pthread_mutex_lock(&s->mu);
        while (!s->done[k])
            pthread_cond_wait(&s->cv, &s->mu);
        pthread_mutex_unlock(&s->mu);
        if (s->p->done)
            s->p->done(s->p->ud, &s->p->res[k]);
        rs_report_line(s->p->out, &s->p->res[k]);
        fflush(s->p->out);
    }
}

void rs_pool_run(const rs_pool *p)
{
    int n = p->plan->nsel;
    int jobs = p->jobs < 1 ? 1 : p->jobs > n ? n : p->jobs;
    pool_state s = {.p = p,
                    .done = calloc((size_t)n + 1, 1),
                    .opts = calloc((size_t)jobs + 1, sizeof(rs_run_opts))};
    pthread_t *tid = calloc((size_t)jobs + 1, sizeof(pthread_t));
    worker_arg *args = calloc((size_t)jobs + 1, sizeof(worker_arg));
    if (!s.done || !tid || !s.opts || !args) { /* out of memory: one after another, inline */
        for (int k = 0; k < n; k++) {
            run_one(p, p->opts, k);
            if (p->done)
                p->done(p->ud, &p->res[k]);
            rs_report_line(p->out, &p->res[k]);
        }
        free(s.done), free(tid), free(s.opts), free(args);
        return;
    }
    for (int i = 0; i < jobs; i++) {
        s.opts[i] = *p->opts;
        s.opts[i].worker = i;
        args[i] = (worker_arg){&s, i};
    }
    pthread_mutex_init(&s.mu, NULL);
    pthread_cond_init(&s.cv, NULL);
    int started = 0;
    for (int i = 0; i < jobs; i++)
        if (pthread_create(&tid[started], NULL, worker, &args[started]) == 0)
            started++;
    if (started == 0)
        worker(&args[0]); /* no thread could be made: this one does the work */
    print_in_order(&s);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    pthread_cond_destroy(&s.cv);
    pthread_mutex_destroy(&s.mu);
    free(s.done), free(tid), free(s.opts), free(args);
}
