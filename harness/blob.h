/* blob: deterministic blob content (seed + size, or literal bytes) and streaming digests
 * (OpenSSL EVP, sha256/sha512). Any byte range can be produced on demand: no blob is held in
 * memory. */
#ifndef RS_BLOB_H
#define RS_BLOB_H

#include <openssl/evp.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { RS_SHA256 = 0, RS_SHA512 = 1 } rs_algo;

typedef struct {
    char name[64];
    uint64_t size;
    uint64_t seed;
    unsigned char *literal; /* owned; NULL for generated content */
    rs_algo algo;
    char digest[160]; /* "sha256:<hex>", filled by rs_blob_digest */
} rs_blob;

typedef struct {
    EVP_MD_CTX *ctx;
    rs_algo algo;
} rs_hasher;

int rs_hasher_init(rs_hasher *h, rs_algo algo);
void rs_hasher_update(rs_hasher *h, const void *data, size_t n);
/* Writes "algo:hex" into out (>= 140 bytes) and frees the context. */
void rs_hasher_final(rs_hasher *h, char *out);
void rs_hasher_free(rs_hasher *h);
const char *rs_algo_name(rs_algo a);
/* Parses "sha256:..." into algo; -1 for an unknown or malformed digest. */
int rs_digest_algo(const char *digest, rs_algo *algo);

/* Fills dst with bytes [off, off+n) of the blob. */
void rs_blob_fill(const rs_blob *b, uint64_t off, unsigned char *dst, size_t n);
/* Streams the whole blob through the hash and stores b->digest. */
int rs_blob_digest(rs_blob *b);
/* Makes a literal blob holding a copy of data. */
int rs_blob_set_literal(rs_blob *b, const char *name, const void *data, size_t n, rs_algo algo);
void rs_blob_free(rs_blob *b);

/* A read cursor over [pos, end) of a blob, for streaming request bodies. */
typedef struct {
    const rs_blob *blob;
    uint64_t start, pos, end;
} rs_blob_reader;

void rs_blob_reader_init(rs_blob_reader *r, const rs_blob *b, uint64_t start, uint64_t end);
size_t rs_blob_reader_read(rs_blob_reader *r, void *dst, size_t n);

#endif
