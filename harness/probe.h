/* probe: a scenario's SSRF probe -- an HTTP listener on 127.0.0.1 (a port of its own) that counts
 * the requests it receives, so a scenario can show that a registry never fetched a URL it was
 * given (a foreign layer's `urls`). One per scenario (`probe: true`), started before its first
 * step and stopped after its cleanup: its thread joined, every socket closed. */
#ifndef RS_PROBE_H
#define RS_PROBE_H

#include "status.h"

typedef struct rs_probe rs_probe;

/* Binds 127.0.0.1:0, listens and starts the thread answering every request 404 (each connection
 * read for at most 2 s). *out is freed by rs_probe_stop. */
rs_status rs_probe_start(rs_probe **out, rs_err *err) RS_MUST_USE;
/* "http://127.0.0.1:PORT" (no trailing slash). */
const char *rs_probe_url(const rs_probe *p);
/* The connections accepted so far (each one a request, or an attempt at one). */
long rs_probe_count(const rs_probe *p);
/* Stops the thread (within 1 s), closes the sockets, frees p. NULL is a no-op. */
void rs_probe_stop(rs_probe *p);

#endif
