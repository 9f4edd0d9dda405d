/* buf: a growable byte buffer with a hard cap, for everything read from the network.
 * The caller owns the struct; rs_buf_free resets it for reuse. */
#ifndef RS_BUF_H
#define RS_BUF_H

#include <stddef.h>

typedef struct {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    size_t limit; /* bytes beyond limit are dropped and counted as truncated */
    int truncated;
    int oom; /* an append failed for want of memory: sticky, writers check it once at the end */
} rs_buf;

void rs_buf_init(rs_buf *b, size_t limit);
/* Appends; beyond the limit sets truncated and returns 0. -1 (and oom) when out of memory. */
int rs_buf_add(rs_buf *b, const void *data, size_t n) __attribute__((warn_unused_result));
int rs_buf_addf(rs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)))
__attribute__((warn_unused_result));
/* The same for text built up piece by piece (reports, traces, URLs): a failure stays in oom and
 * truncated, which the builder checks once before the text is used (rs_buf_ok). */
void rs_buf_cat(rs_buf *b, const void *data, size_t n);
void rs_buf_catf(rs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 1 when every append went in whole. */
int rs_buf_ok(const rs_buf *b);
void rs_buf_free(rs_buf *b);
const char *rs_buf_str(const rs_buf *b);

#endif
