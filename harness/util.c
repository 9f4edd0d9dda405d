/* Small shared pieces: rs_err formatting and rs_buf. */
#include "buf.h"
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rs_status rs_errf(rs_err *e, rs_status st, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
        va_end(ap);
    }
    return st;
}

const char *rs_status_name(rs_status st)
{
    static const char *names[] = {
        "ok",      "usage error",    "parse error", "config error",  "network error", "TLS error",
        "timeout", "protocol error", "I/O error",   "out of memory", "run stopped"};
    return (unsigned)st < sizeof(names) / sizeof(names[0]) ? names[st] : "error";
}

void rs_buf_init(rs_buf *b, size_t limit)
{
    memset(b, 0, sizeof(*b));
    b->limit = limit;
}

int rs_buf_add(rs_buf *b, const void *data, size_t n)
{
    if (b->len + n > b->limit) {
        b->truncated = 1;
        n = b->limit > b->len ? b->limit - b->len : 0;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p) {
            b->oom = 1;
            return -1;
        }
        b->data = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

/* Formats into tmp, or into a malloc'd *big when tmp is too small; the text's length, or -1. */
static int format(char *tmp, size_t cap, char **big, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(tmp, cap, fmt, ap);
    *big = NULL;
    if (n >= 0 && (size_t)n >= cap && (*big = malloc((size_t)n + 1)))
        vsnprintf(*big, (size_t)n + 1, fmt, again);
    va_end(again);
    return n < 0 || ((size_t)n >= cap && !*big) ? -1 : n;
}

int rs_buf_addf(rs_buf *b, const char *fmt, ...)
{
    char tmp[1024], *big;
    va_list ap;
    va_start(ap, fmt);
    int n = format(tmp, sizeof(tmp), &big, fmt, ap);
    va_end(ap);
    int rc = n < 0 ? (b->oom = 1, -1) : rs_buf_add(b, big ? big : tmp, (size_t)n);
    free(big);
    return rc;
}

void rs_buf_catf(rs_buf *b, const char *fmt, ...)
{
    char tmp[1024], *big;
    va_list ap;
    va_start(ap, fmt);
    int n = format(tmp, sizeof(tmp), &big, fmt, ap);
    va_end(ap);
    if (n < 0)
        b->oom = 1;
    else
        rs_buf_cat(b, big ? big : tmp, (size_t)n);
    free(big);
}

void rs_buf_cat(rs_buf *b, const void *data, size_t n)
{
    (void)!rs_buf_add(b, data, n); /* sticky: b->oom, b->truncated */
}

int rs_buf_ok(const rs_buf *b)
{
    return !b->oom && !b->truncated;
}

void rs_buf_free(rs_buf *b)
{
    free(b->data);
    size_t limit = b->limit;
    memset(b, 0, sizeof(*b));
    b->limit = limit;
}

const char *rs_buf_str(const rs_buf *b)
{
    return b->data ? b->data : "";
}
