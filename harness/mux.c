#include "mux.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

/* A transfer a worker handed over, on the worker's stack until done. */
typedef struct job {
    CURL *easy;
    CURLcode rc;
    int done;
    struct job *next;
} job;

struct rs_mux {
    CURLM *multi; /* touched by the mux's thread only (curl_multi_wakeup aside) */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    job *queue;     /* handed over, not yet added */
    job **inflight; /* added to the multi: the thread's own */
    int ninflight, capinflight;
    int stop;
    rs_mux_counts counts;
    CURLSH *bulk;           /* the big bodies' connections (rs_mux_bulk), or NULL */
    pthread_mutex_t bulkmu; /* for libcurl: workers attach and detach it, the thread uses it */
};

static void bulk_lock(CURL *h, curl_lock_data data, curl_lock_access access, void *userp)
{
    (void)h, (void)data, (void)access;
    pthread_mutex_lock(&((rs_mux *)userp)->bulkmu);
}

static void bulk_unlock(CURL *h, curl_lock_data data, void *userp)
{
    (void)h, (void)data;
    pthread_mutex_unlock(&((rs_mux *)userp)->bulkmu);
}

/* A connection cache apart from the multi's: libcurl 7.88 keeps one "can multiplex" mark per
 * host and cache, which an HTTP/1.1 connection clears until the next HTTP/2 answer; in the
 * multi's own cache a big body would send the small requests of that moment elsewhere. */
static CURLSH *bulk_new(rs_mux *m)
{
    CURLSH *sh = curl_share_init();
    if (!sh)
        return NULL;
    curl_share_setopt(sh, CURLSHOPT_LOCKFUNC, bulk_lock);
    curl_share_setopt(sh, CURLSHOPT_UNLOCKFUNC, bulk_unlock);
    curl_share_setopt(sh, CURLSHOPT_USERDATA, m);
    if (curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) != CURLSHE_OK) {
        curl_share_cleanup(sh);
        return NULL;
    }
    return sh;
}

CURLSH *rs_mux_bulk(rs_mux *m)
{
    return m ? m->bulk : NULL;
}

/* Adds what workers handed over; one that cannot be added ends at once, out of memory. */
static void take_queue(rs_mux *m)
{
    pthread_mutex_lock(&m->mu);
    job *q = m->queue;
    m->queue = NULL;
    pthread_mutex_unlock(&m->mu);
    while (q) {
        job *j = q;
        q = q->next;
        if (m->ninflight == m->capinflight) {
            int cap = 2 * m->capinflight + 8;
            job **n = realloc(m->inflight, (size_t)cap * sizeof(*n));
            if (n) {
                m->inflight = n;
                m->capinflight = cap;
            }
        }
        CURLMcode mc = m->ninflight < m->capinflight ? curl_multi_add_handle(m->multi, j->easy)
                                                     : CURLM_OUT_OF_MEMORY;
        pthread_mutex_lock(&m->mu);
        if (mc == CURLM_OK) {
            m->inflight[m->ninflight++] = j;
            if (m->ninflight > m->counts.most_at_once)
                m->counts.most_at_once = m->ninflight;
        } else {
            j->rc = CURLE_OUT_OF_MEMORY;
            j->done = 1;
            pthread_cond_broadcast(&m->cv);
        }
        pthread_mutex_unlock(&m->mu);
    }
}

/* Ends the transfers libcurl says are done: their result to the worker waiting for each. */
static void finish_done(rs_mux *m)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(m->multi, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CURL *e = msg->easy_handle;
        CURLcode rc = msg->data.result;
        long conns = 0;
        curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &conns);
        long version = 0;
        curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &version);
        curl_multi_remove_handle(m->multi, e);
        pthread_mutex_lock(&m->mu);
        for (int i = 0; i < m->ninflight; i++)
            if (m->inflight[i]->easy == e) {
                m->inflight[i]->rc = rc;
                m->inflight[i]->done = 1;
                m->inflight[i] = m->inflight[--m->ninflight];
                break;
            }
        int h2 = version == CURL_HTTP_VERSION_2_0;
        m->counts.transfers[h2]++;
        m->counts.connections[h2] += (unsigned long)(conns > 0 ? conns : 0);
        pthread_cond_broadcast(&m->cv);
        pthread_mutex_unlock(&m->mu);
    }
}

static void *drive(void *arg)
{
    rs_mux *m = arg;
    for (;;) {
        take_queue(m);
        int running = 0;
        curl_multi_perform(m->multi, &running);
        finish_done(m);
        pthread_mutex_lock(&m->mu);
        int quit = m->stop && !m->queue && m->ninflight == 0;
        pthread_mutex_unlock(&m->mu);
        if (quit)
            return NULL;
        /* at most 1 s: libcurl's own timers (timeouts, progress) are kept within it */
        curl_multi_poll(m->multi, NULL, 0, 1000, NULL);
    }
}

/* Its thread joined or never started: the multi, then the cache of the big bodies (after
 * every easy handle left it: rs_share_free runs after the scenarios). */
static void destroy(rs_mux *m)
{
    curl_multi_cleanup(m->multi);
    if (m->bulk)
        curl_share_cleanup(m->bulk);
    free(m->inflight);
    pthread_mutex_destroy(&m->mu);
    pthread_cond_destroy(&m->cv);
    pthread_mutex_destroy(&m->bulkmu);
    free(m);
}

rs_mux *rs_mux_new(void)
{
    rs_mux *m = calloc(1, sizeof(*m));
    if (!m || !(m->multi = curl_multi_init())) {
        free(m);
        return NULL;
    }
    curl_multi_setopt(m->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
    pthread_mutex_init(&m->mu, NULL);
    pthread_cond_init(&m->cv, NULL);
    pthread_mutex_init(&m->bulkmu, NULL);
    m->bulk = bulk_new(m);
    /* its thread takes no signal: the run's signal thread (main.c) sigwaits for them */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&m->thread, NULL, drive, m);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        destroy(m);
        return NULL;
    }
    return m;
}

void rs_mux_free(rs_mux *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&m->mu);
    m->stop = 1;
    pthread_mutex_unlock(&m->mu);
    curl_multi_wakeup(m->multi);
    pthread_join(m->thread, NULL);
    destroy(m);
}

CURLcode rs_mux_perform(rs_mux *m, CURL *easy)
{
    job j = {.easy = easy, .rc = CURLE_OK};
    pthread_mutex_lock(&m->mu);
    j.next = m->queue;
    m->queue = &j;
    pthread_mutex_unlock(&m->mu);
    curl_multi_wakeup(m->multi);
    pthread_mutex_lock(&m->mu);
    while (!j.done)
        pthread_cond_wait(&m->cv, &m->mu);
    pthread_mutex_unlock(&m->mu);
    return j.rc;
}

void rs_mux_get_counts(rs_mux *m, rs_mux_counts *out)
{
    pthread_mutex_lock(&m->mu);
    *out = m->counts;
    pthread_mutex_unlock(&m->mu);
}
