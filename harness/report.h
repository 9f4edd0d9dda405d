/* report: console lines, JUnit XML and JSON for a run. Reads results only; secrets were already
 * redacted in the trace, and no password or token is ever passed here. */
#ifndef RS_REPORT_H
#define RS_REPORT_H

#include "run.h"

#include <stdio.h>

void rs_report_line(FILE *f, const rs_result *r);
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
rs_status rs_report_json(const char *path, const rs_target *t, const rs_result *res, int n,
                         const char *partial, rs_err *err) RS_MUST_USE;
/* As rs_report_json, for one shard of a run ("I/N", or NULL): merge.c joins such reports. */
rs_status rs_report_json_run(const char *path, const rs_target *t, const rs_result *res, int n,
                             const char *partial, const char *shard, rs_err *err) RS_MUST_USE;
/* regsuite merge (merge.c): the JSON reports of a run's shards into one JSON and/or JUnit. */
int rs_cmd_merge(int argc, char **argv);

#endif
