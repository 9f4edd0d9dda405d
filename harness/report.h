/* report: console lines, JUnit XML and JSON for a run. Reads results only; secrets were already
 * redacted in the trace, and no password or token is ever passed here. */
#ifndef RS_REPORT_H
#define RS_REPORT_H

#include "run.h"

#include <stdio.h>
#include <time.h>

/* What a report says of the run besides its results (the JSON report's metadata). */
typedef struct {
    const char *run_id;
    time_t started, ended;
    char api_version[128];       /* Docker-Distribution-API-Version of GET /v2/, or "" */
    char server[256];            /* the Server header of GET /v2/, or "" */
    const char *expected;        /* the --expected list, or NULL */
    const char *expected_digest; /* its bytes' sha256 (rs_baseline.digest), or NULL */
    const char *shard;           /* --shard "I/N", or NULL */
    const char *plan;            /* rs_plan_identity of the selection before --shard, or NULL */
} rs_run_meta;

/* One result on the console: outcome, level, id, time; what failed; the baseline's note; the
 * trace file (--trace-dir) of a result that did not pass. */
void rs_report_line(FILE *f, const rs_result *r);
/* The outcome as shown: XFAIL or XPASS when the list of expected failures says so, else PASS,
 * FAIL, WARN, SKIP or ERROR. */
const char *rs_report_outcome(const rs_result *r);
/* Appends text to b with XML escaping; control characters other than \n and \t are dropped. */
void rs_xml_escape(rs_buf *b, const char *text);
/* Appends ` name="value"` (escaped). */
void rs_xml_attr(rs_buf *b, const char *name, const char *value);
/* Writes b to path unless an append failed or was cut (then an error: never half a report); frees
 * b. */
rs_status rs_report_write_buf(const char *path, rs_buf *b, rs_err *err) RS_MUST_USE;
/* JUnit (junit.c): one testcase per check evaluated (classname target.suite.scenario, name the
 * step and the check); a runtime error or a skip is a testcase of the scenario. partial: why the
 * run stopped early (a signal, --deadline, an unresponsive target, a failed
 * pre-flight), or NULL for a complete run. JUnit carries it as a property "partial" of every
 * testsuite; JSON as "partial": true and "partial_reason". */
rs_status rs_report_junit(const char *path, const rs_target *t, const rs_result *res, int n,
                          const char *partial, rs_err *err) RS_MUST_USE;
/* JSON (docs/report.schema.json): the run's metadata (m may be NULL: times are now, no run id),
 * then every result with its checks. */
rs_status rs_report_json_meta(const char *path, const rs_target *t, const rs_run_meta *m,
                              const rs_result *res, int n, const char *partial,
                              rs_err *err) RS_MUST_USE;
rs_status rs_report_json(const char *path, const rs_target *t, const rs_result *res, int n,
                         const char *partial, rs_err *err) RS_MUST_USE;
/* ISO 8601 UTC (2026-11-28T12:00:00Z) into out. */
void rs_report_time(time_t t, char *out, size_t len);
/* The JSON report's document (what rs_report_json writes), for other writers (report_html.c);
 * NULL when out of memory. The caller frees it with cJSON_Delete. */
struct cJSON *rs_report_json_doc(const rs_target *t, const rs_run_meta *m, const rs_result *res,
                                 int n, const char *partial);
/* regsuite merge (merge.c): the JSON reports of a run's shards into one JSON and/or JUnit. */
int rs_cmd_merge(int argc, char **argv);

#endif
