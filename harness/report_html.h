/* report_html: the HTML report, one self-contained file: the template report_html.in (inline CSS
 * and JS, a CSP that allows no request), the run's JSON report embedded, and optionally a previous
 * JSON report to diff against in the page. Reads results only; secrets were redacted before. */
#ifndef RS_REPORT_HTML_H
#define RS_REPORT_HTML_H

#include "report.h"

/* Writes the page to path: rs_report_json_doc of the run, each result with "file", "step_list"
 * (kind, name, role), "trace_text" (redacted) and each check with "expected_value" from the
 * scenario (names no JSON report field uses). compare: a previous JSON report (NULL: none),
 * embedded for the page's diff. Never half a file. */
rs_status rs_report_html(const char *path, const rs_target *t, const rs_run_meta *m,
                         const rs_result *res, int n, const char *partial, const char *compare,
                         rs_err *err) RS_MUST_USE;
/* Checks that path is a JSON report (an object with a results array), before a run starts. */
rs_status rs_report_html_check_old(const char *path, rs_err *err) RS_MUST_USE;
/* Appends JSON text for a <script type="application/json"> element: '<', '>' and '&' become
 * \u003c, \u003e and \u0026 (they only occur in strings), so no text can close the element. */
void rs_html_json_escape(rs_buf *b, const char *json);

#endif
