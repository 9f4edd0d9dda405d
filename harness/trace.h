/* trace: the per-scenario record of every HTTP exchange, for reports. Owns the redaction rules:
 * Authorization values, token fields, JWT-shaped strings and every registered secret become
 * [redacted]. */
#ifndef RS_TRACE_H
#define RS_TRACE_H

#include "buf.h"

typedef struct {
    rs_buf text;
    char **secrets; /* growable: a secret is never forgotten while the trace lives */
    int nsecrets, cap;
    int lost; /* a secret could not be stored: the trace is withheld (rs_trace_add) */
} rs_trace;

void rs_trace_init(rs_trace *t, size_t limit);
/* Remembers a secret (password, token) so it never appears in the trace; copies it. */
void rs_trace_secret(rs_trace *t, const char *secret);
/* Appends text after redaction. */
void rs_trace_add(rs_trace *t, const char *text);
void rs_trace_free(rs_trace *t);

/* Returns a malloc'd copy of text with secrets (NULL-terminated list may be NULL) redacted. */
char *rs_redact(const char *text, char *const *secrets, int nsecrets);

#endif
