#include "blob.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rs_hasher_init(rs_hasher *h, rs_algo algo)
{
    h->algo = algo;
    h->ctx = EVP_MD_CTX_new();
    if (!h->ctx)
        return -1;
    return EVP_DigestInit_ex(h->ctx, algo == RS_SHA512 ? EVP_sha512() : EVP_sha256(), NULL) == 1
               ? 0
               : -1;
}

void rs_hasher_update(rs_hasher *h, const void *data, size_t n)
{
    if (h->ctx && n)
        EVP_DigestUpdate(h->ctx, data, n);
}

void rs_hasher_final(rs_hasher *h, char *out)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    out[0] = '\0';
    if (h->ctx && EVP_DigestFinal_ex(h->ctx, md, &n) == 1) {
        int off = sprintf(out, "%s:", rs_algo_name(h->algo));
        for (unsigned i = 0; i < n; i++)
            off += sprintf(out + off, "%02x", md[i]);
    }
    rs_hasher_free(h);
}

void rs_hasher_free(rs_hasher *h)
{
    EVP_MD_CTX_free(h->ctx);
    h->ctx = NULL;
}

const char *rs_algo_name(rs_algo a)
{
    return a == RS_SHA512 ? "sha512" : "sha256";
}

int rs_digest_algo(const char *digest, rs_algo *algo)
{
    size_t hexlen;
    if (strncmp(digest, "sha256:", 7) == 0) {
        *algo = RS_SHA256;
        hexlen = 64;
    } else if (strncmp(digest, "sha512:", 7) == 0) {
        *algo = RS_SHA512;
        hexlen = 128;
    } else {
        return -1;
    }
    const char *hex = digest + 7;
    if (strlen(hex) != hexlen)
        return -1;
    for (const char *p = hex; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return -1;
    return 0;
}

/* splitmix64 over the word index: random access, fast, the same on every machine */
static uint64_t word_at(uint64_t seed, uint64_t idx)
{
    uint64_t z = seed * 0x9E3779B97F4A7C15ull + idx * 0xBF58476D1CE4E5B9ull + 0x94D049BB133111EBull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void rs_blob_fill(const rs_blob *b, uint64_t off, unsigned char *dst, size_t n)
{
    if (b->literal) {
        memcpy(dst, b->literal + off, n);
        return;
    }
    size_t i = 0;
    while (i < n && ((off + i) & 7)) {
        uint64_t w = word_at(b->seed, (off + i) >> 3);
        dst[i] = (unsigned char)(w >> (8 * ((off + i) & 7)));
        i++;
    }
    for (; i + 8 <= n; i += 8) {
        uint64_t w = word_at(b->seed, (off + i) >> 3);
        memcpy(dst + i, &w,
               8); /* little-endian machines only produce these bytes; fine for x86/arm */
    }
    for (; i < n; i++) {
        uint64_t w = word_at(b->seed, (off + i) >> 3);
        dst[i] = (unsigned char)(w >> (8 * ((off + i) & 7)));
    }
}

/* A generated blob this big is hashed while a second thread generates it: generating is a
 * quarter of the work, so the digest a push waits for before its HEAD comes that much sooner. */
#define PIPE_MIN (4u << 20)
#define PIPE_SLOTS 4
#define PIPE_CHUNK (128u << 10) /* PIPE_SLOTS of them: the memory it takes, whatever the size */

typedef struct {
    const rs_blob *b;
    unsigned char *mem; /* PIPE_SLOTS * PIPE_CHUNK */
    size_t len[PIPE_SLOTS];
    int filled; /* slots generated, not yet hashed: the generator's next is (tail + filled) */
    int tail;   /* the hasher's next slot */
    int quit;   /* the hasher was told to stop: the generator ends too */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pipe_state;

static void *pipe_generate(void *arg)
{
    pipe_state *p = arg;
    int head = 0;
    for (uint64_t off = 0; off < p->b->size;) {
        pthread_mutex_lock(&p->mu);
        while (p->filled == PIPE_SLOTS && !p->quit)
            pthread_cond_wait(&p->cv, &p->mu);
        int quit = p->quit;
        pthread_mutex_unlock(&p->mu);
        if (quit)
            return NULL;
        uint64_t left = p->b->size - off;
        size_t n = left < PIPE_CHUNK ? (size_t)left : PIPE_CHUNK;
        rs_blob_fill(p->b, off, p->mem + (size_t)head * PIPE_CHUNK, n); /* a slot of its own */
        off += n;
        pthread_mutex_lock(&p->mu);
        p->len[head] = n;
        p->filled++;
        pthread_cond_signal(&p->cv);
        pthread_mutex_unlock(&p->mu);
        head = (head + 1) % PIPE_SLOTS;
    }
    return NULL;
}

/* The hasher's side: 0 all hashed, 1 stop said stop (the generator is told to end). */
static int pipe_hash(pipe_state *p, rs_hasher *h, rs_blob_stop_fn stop, void *arg)
{
    for (uint64_t got = 0; got < p->b->size;) {
        if (stop && stop(arg)) {
            pthread_mutex_lock(&p->mu);
            p->quit = 1;
            pthread_cond_signal(&p->cv);
            pthread_mutex_unlock(&p->mu);
            return 1;
        }
        pthread_mutex_lock(&p->mu);
        while (p->filled == 0)
            pthread_cond_wait(&p->cv, &p->mu);
        size_t n = p->len[p->tail];
        pthread_mutex_unlock(&p->mu);
        /* the generator does not touch this slot until filled drops below */
        rs_hasher_update(h, p->mem + (size_t)p->tail * PIPE_CHUNK, n);
        got += n;
        pthread_mutex_lock(&p->mu);
        p->tail = (p->tail + 1) % PIPE_SLOTS;
        p->filled--;
        pthread_cond_signal(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    return 0;
}

/* 0 hashed through the pipe, 1 stopped, -1 it could not start (nothing was hashed then). */
static int hash_piped(const rs_blob *b, rs_hasher *h, rs_blob_stop_fn stop, void *arg)
{
    pipe_state p = {.b = b};
    if (!(p.mem = malloc((size_t)PIPE_SLOTS * PIPE_CHUNK)))
        return -1;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    pthread_t t;
    int rc = pthread_create(&t, NULL, pipe_generate, &p) == 0 ? 0 : -1;
    if (rc == 0) {
        rc = pipe_hash(&p, h, stop, arg);
        pthread_join(t, NULL);
    }
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    free(p.mem);
    return rc;
}

int rs_blob_digest_piped(rs_blob *b, rs_blob_stop_fn stop, void *arg)
{
    rs_hasher h = {0};
    b->digest[0] = '\0';
    if (b->literal || rs_hasher_init(&h, b->algo) != 0) {
        rs_hasher_free(&h);
        return -1;
    }
    int rc = hash_piped(b, &h, stop, arg);
    if (rc != 0) {
        rs_hasher_free(&h);
        return rc;
    }
    rs_hasher_final(&h, b->digest);
    return b->digest[0] ? 0 : -1;
}

/* One thread: generated 64 KiB at a time, stop asked every 1 MiB. */
static int hash_plain(const rs_blob *b, rs_hasher *h, rs_blob_stop_fn stop, void *arg)
{
    unsigned char buf[1 << 16];
    unsigned k = 0;
    for (uint64_t off = 0; off < b->size; k++) {
        if (stop && (k & 15) == 0 && stop(arg))
            return 1;
        size_t n = b->size - off < sizeof(buf) ? (size_t)(b->size - off) : sizeof(buf);
        rs_blob_fill(b, off, buf, n);
        rs_hasher_update(h, buf, n);
        off += n;
    }
    return 0;
}

int rs_blob_digest_until(rs_blob *b, rs_blob_stop_fn stop, void *arg)
{
    if (!b->literal && b->size >= PIPE_MIN) {
        int rc = rs_blob_digest_piped(b, stop, arg);
        if (rc >= 0)
            return rc;
    }
    rs_hasher h;
    b->digest[0] = '\0';
    if (rs_hasher_init(&h, b->algo) != 0) {
        rs_hasher_free(&h);
        return -1;
    }
    int rc = 0;
    if (b->literal)
        rs_hasher_update(&h, b->literal, b->size);
    else
        rc = hash_plain(b, &h, stop, arg);
    if (rc != 0) {
        rs_hasher_free(&h);
        return rc;
    }
    rs_hasher_final(&h, b->digest);
    return b->digest[0] ? 0 : -1;
}

int rs_blob_digest(rs_blob *b)
{
    return rs_blob_digest_until(b, NULL, NULL);
}

int rs_blob_set_literal(rs_blob *b, const char *name, const void *data, size_t n, rs_algo algo)
{
    rs_blob_free(b);
    snprintf(b->name, sizeof(b->name), "%s", name);
    b->literal = malloc(n ? n : 1);
    if (!b->literal)
        return -1;
    if (n)
        memcpy(b->literal, data, n);
    b->size = n;
    b->algo = algo;
    return rs_blob_digest(b);
}

void rs_blob_free(rs_blob *b)
{
    free(b->literal);
    b->literal = NULL;
}

void rs_blob_reader_init(rs_blob_reader *r, const rs_blob *b, uint64_t start, uint64_t end)
{
    r->blob = b;
    r->start = r->pos = start;
    r->end = end > b->size ? b->size : end;
}

size_t rs_blob_reader_read(rs_blob_reader *r, void *dst, size_t n)
{
    uint64_t left = r->end > r->pos ? r->end - r->pos : 0;
    if (n > left)
        n = (size_t)left;
    rs_blob_fill(r->blob, r->pos, dst, n);
    r->pos += n;
    return n;
}
