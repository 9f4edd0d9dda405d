/* http_trace: one exchange of http.c as trace lines: the request line, its headers (the
 * Authorization header redacted by rs_trace_add), bodies shown up to 2 KiB when printable. */
#include "http.h"

#include <ctype.h>

static int is_printable(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isprint((unsigned char)s[i]) && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
            return 0;
    return 1;
}

/* One body in the trace: up to 2 KiB of printable text, else just its size. */
static void trace_body(rs_buf *t, char dir, const char *data, size_t kept, uint64_t total)
{
    size_t show = kept < 2048 ? kept : 2048;
    if (show && is_printable(data, show))
        rs_buf_catf(t, "%c %.*s%s\n", dir, (int)show, data, total > show ? " ..." : "");
    else if (total)
        rs_buf_catf(t, "%c (%llu body bytes)\n", dir, (unsigned long long)total);
}

void rs_http_trace_exchange(rs_conn *c, const rs_req *req, const char *auth, const rs_resp *r,
                            const char *error)
{
    if (!c->trace)
        return;
    rs_buf t;
    rs_buf_init(&t, 64 * 1024);
    rs_buf_catf(&t, "[%s] > %s %s\n", c->label ? c->label : "-", req->method, req->url);
    if (auth)
        rs_buf_catf(&t, "> %s\n", auth); /* redacted by rs_trace_add */
    for (int i = 0; i < 16 && req->headers[i]; i++)
        rs_buf_catf(&t, "> %s\n", req->headers[i]);
    if (req->body)
        trace_body(&t, '>', req->body, req->body_len, req->body_len);
    else if (req->stream)
        rs_buf_catf(&t, "> (%llu body bytes streamed)\n",
                    (unsigned long long)(req->stream->end - req->stream->start));
    if (error) {
        rs_buf_catf(&t, "< error: %s\n\n", error);
    } else {
        rs_buf_catf(&t, "< %ld (%.3f s)\n", r->status, r->seconds);
        for (int i = 0; i < r->nheaders; i++)
            rs_buf_catf(&t, "< %s: %s\n", r->headers[i].name, r->headers[i].value);
        trace_body(&t, '<', r->body.data, r->body.len, r->body_bytes);
        rs_buf_cat(&t, "\n", 1);
    }
    rs_trace_add(c->trace, rs_buf_str(&t));
    rs_buf_free(&t);
}
