#include "fixture.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rs_fixtures {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char run_id[64];
    rs_fixture **x; /* growable; each one is allocated once and never moves */
    int n, cap;
};

rs_fixtures *rs_fixtures_new(const char *run_id)
{
    rs_fixtures *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->cv, NULL);
    snprintf(f->run_id, sizeof(f->run_id), "%s", run_id);
    return f;
}

static void fixture_free(rs_fixture *x)
{
    rs_vars_free(&x->vars);
    rs_vars_free(&x->unset_why);
    rs_result_free(&x->res);
    for (int i = 0; i < x->ncleanup; i++) {
        free(x->cleanup[i].repo);
        free(x->cleanup[i].ref);
    }
    free(x->cleanup);
    free(x);
}

void rs_fixtures_free(rs_fixtures *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n; i++)
        fixture_free(f->x[i]);
    free(f->x);
    pthread_mutex_destroy(&f->mu);
    pthread_cond_destroy(&f->cv);
    free(f);
}

static rs_fixture *find(rs_fixtures *f, const rs_scenario *sc)
{
    for (int i = 0; sc->fixture[0] && i < f->n; i++)
        if (strcmp(f->x[i]->path, sc->fixture_path) == 0)
            return f->x[i];
    return NULL;
}

int rs_fixtures_plan(rs_fixtures *f, const rs_scenario *sc)
{
    if (!sc->fixture[0])
        return 0;
    rs_fixture *x = find(f, sc);
    if (!x) {
        if (f->n == f->cap) {
            int cap = f->cap ? 2 * f->cap : 8;
            rs_fixture **nx = realloc(f->x, (size_t)cap * sizeof(*nx));
            if (!nx)
                return -1;
            f->x = nx;
            f->cap = cap;
        }
        if (!(x = calloc(1, sizeof(*x))))
            return -1;
        snprintf(x->path, sizeof(x->path), "%s", sc->fixture_path);
        snprintf(x->id, sizeof(x->id), "%sf%d", f->run_id, f->n); /* like ${run}: plan order */
        rs_vars_init(&x->vars);
        rs_vars_init(&x->unset_why);
        f->x[f->n++] = x;
    }
    x->planned++;
    return 0;
}

rs_fixture *rs_fixtures_claim(rs_fixtures *f, const rs_scenario *sc, int *make)
{
    *make = 0;
    pthread_mutex_lock(&f->mu);
    rs_fixture *x = find(f, sc);
    if (x && x->state == 0) {
        x->state = 1;
        *make = 1;
    }
    while (x && x->state == 1 && !*make) /* its maker's steps are bounded by their timeouts */
        pthread_cond_wait(&f->cv, &f->mu);
    pthread_mutex_unlock(&f->mu);
    return x;
}

void rs_fixtures_made(rs_fixtures *f, rs_fixture *x)
{
    pthread_mutex_lock(&f->mu);
    x->state = 2;
    pthread_cond_broadcast(&f->cv);
    pthread_mutex_unlock(&f->mu);
}

rs_fixture *rs_fixtures_release(rs_fixtures *f, const rs_scenario *sc)
{
    pthread_mutex_lock(&f->mu);
    rs_fixture *x = find(f, sc);
    int last = x && x->planned > 0 && --x->planned == 0 && x->state == 2;
    pthread_mutex_unlock(&f->mu);
    return last ? x : NULL;
}
