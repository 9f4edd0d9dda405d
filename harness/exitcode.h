/* exitcode: what `regsuite` exits with. CI jobs read these; they are never renumbered. */
#ifndef RS_EXITCODE_H
#define RS_EXITCODE_H

#define RS_EXIT_OK 0            /* every MUST check passed */
#define RS_EXIT_CHECKS 1        /* a check failed, a scenario errored, --fail-on-skip hit */
#define RS_EXIT_USAGE 2         /* usage, parse or config error (bad credentials too) */
#define RS_EXIT_TARGET 3        /* unreachable, unresponsive (--max-timeouts) or --deadline */
#define RS_EXIT_SIGNAL_BASE 128 /* + the signal: 130 SIGINT, 143 SIGTERM */

#endif
