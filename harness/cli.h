/* cli: the command line of `regsuite`: one table of `run` options (parsing, validation and the
 * usage text come from it) and the usage of the other commands. */
#ifndef RS_CLI_H
#define RS_CLI_H

#include "status.h"

#include <stdio.h>

typedef struct {
    const char *target_file, *junit, *json, *filter;
    const char *spec; /* --spec: a release of spec.h's table; NULL: RS_SPEC_DEFAULT */
    int spec_index;   /* its index into RS_SPECS */
    const char *html, *html_compare;                   /* report_html.c */
    const char *expected, *write_expected, *trace_dir; /* baselines (baseline.c), traces */
    int verbose, strict, insecure, fail_on_skip, strict_expected;
    long timeout_s;    /* 0: the target's (inactivity limit of a request) */
    long deadline_s;   /* 0: none */
    long max_timeouts; /* 0: no limit */
    long retries;      /* --retries: a 429/503 is retried this many times (retry.h) */
    long jobs;         /* scenarios run at once (-j), 1 by default */
    const char *shard; /* "I/N": this run's slice of the selection (plan.c), or NULL */
    char **paths;      /* borrowed from argv; malloc'd array */
    int npaths;
} rs_cli_run;

/* Parses `run`'s arguments (after the command word). RS_ERR_USAGE with the reason on a bad or
 * unknown option, a missing or malformed value, or no PATH. Free with rs_cli_run_free. */
rs_status rs_cli_parse_run(int argc, char **argv, rs_cli_run *o, rs_err *err) RS_MUST_USE;
void rs_cli_run_free(rs_cli_run *o);
void rs_cli_usage(FILE *f);
/* run's options as roff (.TP entries) for the man page (scripts/manpage.sh). */
void rs_cli_man_options(FILE *f);
/* A whole number in [min, max]; -1 with nothing set when s is anything else. */
int rs_cli_long(const char *s, long min, long max, long *out);

#endif
