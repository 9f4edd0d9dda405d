#include "share.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SHARE_TOKENS 256
#define SHARE_CHAL 4096

typedef struct {
    int role;
    char *key; /* realm \n service */
    char *scopes;
    char *token;
    time_t expires; /* renew from this second on (auth.c: rs_token_renew_after) */
} share_token;

struct rs_share {
    int roles, workers;
    CURLSH **curl;                              /* per worker and role: [worker * roles + role] */
    rs_mux **mux;                               /* per role: every worker's transfers */
    pthread_mutex_t locks[CURL_LOCK_DATA_LAST]; /* per kind of shared data, for libcurl */
    pthread_mutex_t mu;                         /* the challenge and the tokens */
    int has_chal;
    char chal[SHARE_CHAL];
    share_token tok[SHARE_TOKENS];
    int ntok;
    unsigned fetched, reused;
};

static void lock_cb(CURL *h, curl_lock_data data, curl_lock_access access, void *userp)
{
    (void)h, (void)access;
    rs_share *s = userp;
    pthread_mutex_lock(&s->locks[data < CURL_LOCK_DATA_LAST ? data : 0]);
}

static void unlock_cb(CURL *h, curl_lock_data data, void *userp)
{
    (void)h;
    rs_share *s = userp;
    pthread_mutex_unlock(&s->locks[data < CURL_LOCK_DATA_LAST ? data : 0]);
}

static CURLSH *new_curl_share(rs_share *s)
{
    CURLSH *sh = curl_share_init();
    if (!sh)
        return NULL;
    curl_share_setopt(sh, CURLSHOPT_LOCKFUNC, lock_cb);
    curl_share_setopt(sh, CURLSHOPT_UNLOCKFUNC, unlock_cb);
    curl_share_setopt(sh, CURLSHOPT_USERDATA, s);
    curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(sh, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    return sh;
}

rs_share *rs_share_new(int roles, int workers)
{
    rs_share *s = calloc(1, sizeof(*s));
    if (!s || !(s->curl = calloc((size_t)(roles * workers) + 1, sizeof(CURLSH *))) ||
        !(s->mux = calloc((size_t)roles + 1, sizeof(rs_mux *)))) {
        if (s)
            free(s->curl);
        free(s);
        return NULL;
    }
    s->roles = roles;
    s->workers = workers;
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_init(&s->locks[i], NULL);
    pthread_mutex_init(&s->mu, NULL);
    for (int r = 0; r < roles * workers; r++)
        s->curl[r] = new_curl_share(s);
    for (int r = 0; r < roles; r++) /* NULL (no thread): each worker's own pool, as before */
        s->mux[r] = rs_mux_new();
    return s;
}

static void token_free(share_token *t)
{
    free(t->key);
    free(t->scopes);
    if (t->token)
        memset(t->token, 0, strlen(t->token));
    free(t->token);
    memset(t, 0, sizeof(*t));
}

void rs_share_free(rs_share *s)
{
    if (!s)
        return;
    for (int r = 0; r < s->roles; r++)
        rs_mux_free(s->mux[r]);
    free(s->mux);
    for (int r = 0; r < s->roles * s->workers; r++)
        if (s->curl[r])
            curl_share_cleanup(s->curl[r]);
    free(s->curl);
    for (int i = 0; i < s->ntok; i++)
        token_free(&s->tok[i]);
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_destroy(&s->locks[i]);
    pthread_mutex_destroy(&s->mu);
    memset(s->chal, 0, sizeof(s->chal));
    free(s);
}

CURLSH *rs_share_curl(rs_share *s, int worker, int role)
{
    if (!s || role < 0 || role >= s->roles || worker < 0 || worker >= s->workers)
        return NULL;
    return s->curl[worker * s->roles + role];
}

void rs_share_set_challenge(rs_share *s, const void *chal, size_t len)
{
    if (!s || len > SHARE_CHAL)
        return;
    pthread_mutex_lock(&s->mu);
    memcpy(s->chal, chal, len);
    s->has_chal = 1;
    pthread_mutex_unlock(&s->mu);
}

int rs_share_challenge(rs_share *s, void *out, size_t len)
{
    if (!s || len > SHARE_CHAL)
        return 0;
    pthread_mutex_lock(&s->mu);
    int has = s->has_chal;
    if (has)
        memcpy(out, s->chal, len);
    pthread_mutex_unlock(&s->mu);
    return has;
}

/* The resource of a scope item (type:name, before the last ':') and its actions (after). */
static int split_item(const char *item, size_t len, size_t *rlen, const char **act)
{
    const char *colon = NULL;
    for (size_t i = 0; i < len; i++)
        if (item[i] == ':')
            colon = item + i;
    if (!colon || colon == item)
        return -1;
    *rlen = (size_t)(colon - item);
    *act = colon + 1;
    return 0;
}

/* 1 when set has an item for resource res (and, with action, granting it or "*"). */
static int set_has(const char *set, const char *res, size_t rlen, const char *action, size_t alen)
{
    for (const char *p = set; *p;) {
        size_t n = strcspn(p, " "), il = 0;
        const char *act = NULL;
        if (split_item(p, n, &il, &act) == 0 && il == rlen && memcmp(p, res, rlen) == 0) {
            if (!action)
                return 1;
            for (const char *q = act; q < p + n;) {
                size_t m = strcspn(q, ", ");
                if (m > (size_t)(p + n - q))
                    m = (size_t)(p + n - q);
                if ((m == alen && memcmp(q, action, alen) == 0) || (m == 1 && *q == '*'))
                    return 1;
                q += m + (q[m] == ',');
            }
        }
        p += n + (p[n] == ' ');
    }
    return 0;
}

/* Every item of a: its resource in b (and with actions, each action granted by b). */
static int all_in(const char *a, const char *b, int actions)
{
    for (const char *p = a; *p;) {
        size_t n = strcspn(p, " "), rl = 0;
        const char *act = NULL;
        if (split_item(p, n, &rl, &act) != 0)
            return 0;
        if (!actions && !set_has(b, p, rl, NULL, 0))
            return 0;
        for (const char *q = act; actions && q < p + n;) {
            size_t m = strcspn(q, ", ");
            if (m > (size_t)(p + n - q))
                m = (size_t)(p + n - q);
            if (m && !set_has(b, p, rl, q, m))
                return 0;
            q += m + (q[m] == ',');
        }
        p += n + (p[n] == ' ');
    }
    return 1;
}

int rs_scope_covers(const char *have, const char *want)
{
    if (!have || !want)
        return 0;
    if (strcmp(have, want) == 0)
        return 1;
    return all_in(want, have, 1);
}

static int same_key(const share_token *t, int role, const char *realm, const char *service)
{
    size_t rl = strlen(realm);
    return t->role == role && strncmp(t->key, realm, rl) == 0 && t->key[rl] == '\n' &&
           strcmp(t->key + rl + 1, service) == 0;
}

char *rs_share_token(rs_share *s, int role, const char *realm, const char *service,
                     const char *scopes, int exact)
{
    if (!s)
        return NULL;
    char *tok = NULL;
    time_t now = time(NULL);
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->ntok && !tok; i++) {
        share_token *t = &s->tok[i];
        if (t->key && same_key(t, role, realm, service) && t->expires > now &&
            (exact ? strcmp(t->scopes, scopes) == 0 : rs_scope_covers(t->scopes, scopes)))
            tok = strdup(t->token);
    }
    s->reused += tok != NULL;
    pthread_mutex_unlock(&s->mu);
    return tok;
}

void rs_share_token_put(rs_share *s, int role, const char *realm, const char *service,
                        const char *scopes, const char *token, time_t expires)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    s->fetched++;
    int slot = 0; /* the same key and scopes: replaced; full: the oldest goes */
    while (slot < s->ntok && !(s->tok[slot].key && same_key(&s->tok[slot], role, realm, service) &&
                               strcmp(s->tok[slot].scopes, scopes) == 0))
        slot++;
    if (slot == s->ntok && s->ntok < SHARE_TOKENS)
        s->ntok++;
    else if (slot == s->ntok)
        slot = (int)(s->fetched % SHARE_TOKENS);
    share_token *t = &s->tok[slot];
    token_free(t);
    size_t kl = strlen(realm) + strlen(service) + 2;
    t->key = malloc(kl);
    t->scopes = strdup(scopes);
    t->token = strdup(token);
    if (t->key)
        snprintf(t->key, kl, "%s\n%s", realm, service);
    t->role = role;
    t->expires = expires;
    if (!t->key || !t->scopes || !t->token) {
        token_free(t); /* out of memory: not cached; an entry without key matches nothing */
        t->role = -1;
    }
    pthread_mutex_unlock(&s->mu);
}

void rs_share_token_forget(rs_share *s, int role, const char *realm, const char *service,
                           const char *scopes)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    for (int i = 0; i < s->ntok; i++)
        if (s->tok[i].key && same_key(&s->tok[i], role, realm, service) &&
            rs_scope_covers(s->tok[i].scopes, scopes))
            s->tok[i].expires = 0;
    pthread_mutex_unlock(&s->mu);
}

void rs_share_token_counts(rs_share *s, unsigned *fetched, unsigned *reused)
{
    *fetched = s ? s->fetched : 0;
    *reused = s ? s->reused : 0;
}

void rs_scope_widen(const char *in, char *out, size_t len)
{
    size_t off = 0;
    out[0] = '\0';
    for (const char *p = in ? in : ""; *p && off < len;) {
        size_t n = strcspn(p, " "), rl = 0;
        const char *act = NULL;
        int repo = n > 11 && strncmp(p, "repository:", 11) == 0 && split_item(p, n, &rl, &act) == 0;
        int w = repo ? snprintf(out + off, len - off, "%s%.*s:pull,push,delete", off ? " " : "",
                                (int)rl, p)
                     : snprintf(out + off, len - off, "%s%.*s", off ? " " : "", (int)n, p);
        if (w < 0 || (size_t)w >= len - off) {
            snprintf(out, len, "%s", in); /* too long to widen: as asked */
            return;
        }
        off += (size_t)w;
        p += n + (p[n] == ' ');
    }
}

rs_mux *rs_share_mux(rs_share *s, int role)
{
    return s && role >= 0 && role < s->roles ? s->mux[role] : NULL;
}
