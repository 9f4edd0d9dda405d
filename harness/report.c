#include "report.h"

#include "fileio.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void rs_report_line(FILE *f, const rs_result *r)
{
    fprintf(f, "%-5s %-6s %-44s %6.2fs", rs_outcome_name(r->outcome), rs_level_name(r->sc->level),
            r->sc->id, r->seconds);
    if (r->outcome == RS_RES_SKIP || r->outcome == RS_RES_ERROR)
        fprintf(f, "  %s", r->reason);
    fputc('\n', f);
    if (r->outcome == RS_RES_FAIL || r->outcome == RS_RES_WARN)
        fprintf(f, "%s", rs_buf_str(&r->failures));
}

void rs_xml_escape(rs_buf *b, const char *s)
{
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '&':
            rs_buf_cat(b, "&amp;", 5);
            break;
        case '<':
            rs_buf_cat(b, "&lt;", 4);
            break;
        case '>':
            rs_buf_cat(b, "&gt;", 4);
            break;
        case '"':
            rs_buf_cat(b, "&quot;", 6);
            break;
        case '\'':
            rs_buf_cat(b, "&apos;", 6);
            break;
        default:
            if (ch >= 0x20 || ch == '\n' || ch == '\t')
                rs_buf_cat(b, s, 1);
        }
    }
}

static void attr(rs_buf *b, const char *name, const char *value)
{
    rs_buf_catf(b, " %s=\"", name);
    rs_xml_escape(b, value);
    rs_buf_cat(b, "\"", 1);
}

typedef struct {
    int n, fails, errors, skips;
    double secs;
} junit_counts;

/* The counts of the results of one suite (NULL: all). */
static junit_counts count(const rs_result *res, int n, const char *suite)
{
    junit_counts c = {0};
    for (int i = 0; i < n; i++) {
        if (suite && strcmp(res[i].sc->suite, suite) != 0)
            continue;
        c.n++;
        c.fails += res[i].outcome == RS_RES_FAIL;
        c.errors += res[i].outcome == RS_RES_ERROR;
        c.skips += res[i].outcome == RS_RES_SKIP;
        c.secs += res[i].seconds;
    }
    return c;
}

static void junit_suite_open(rs_buf *b, const rs_target *t, const char *suite, const rs_result *res,
                             int n, const char *partial)
{
    junit_counts c = count(res, n, suite);
    rs_buf_cat(b, "  <testsuite", 12);
    attr(b, "name", suite);
    rs_buf_catf(b, " tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n",
                c.n, c.fails, c.errors, c.skips, c.secs);
    rs_buf_cat(b, "    <properties>", 16);
    rs_buf_cat(b, "<property name=\"target\"", 23);
    attr(b, "value", t->name);
    rs_buf_cat(b, "/><property name=\"registry\"", 27);
    attr(b, "value", t->registry[0] ? t->registry : "unknown");
    if (partial) {
        rs_buf_cat(b, "/><property name=\"partial\"", 26);
        attr(b, "value", partial);
    }
    rs_buf_cat(b, "/></properties>\n", 16);
}

/* What a testcase holds beyond its name: the failure, error or skip, and the trace. */
static void junit_case_body(rs_buf *b, const rs_result *r)
{
    if (r->outcome == RS_RES_FAIL) {
        rs_buf_cat(b, "      <failure", 14);
        attr(b, "message", r->first);
        attr(b, "type", rs_level_name(r->sc->level));
        rs_buf_cat(b, ">", 1);
        rs_xml_escape(b, rs_buf_str(&r->failures));
        rs_buf_cat(b, "refs: ", 6);
        rs_xml_escape(b, r->sc->refs);
        rs_buf_cat(b, "</failure>\n", 11);
    } else if (r->outcome == RS_RES_ERROR || r->outcome == RS_RES_SKIP) {
        rs_buf_catf(b, "      <%s", r->outcome == RS_RES_ERROR ? "error" : "skipped");
        attr(b, "message", r->reason);
        if (r->outcome == RS_RES_ERROR)
            attr(b, "type", "runtime");
        rs_buf_cat(b, "/>\n", 3);
    }
    if (r->outcome == RS_RES_FAIL || r->outcome == RS_RES_ERROR || r->outcome == RS_RES_WARN) {
        rs_buf_cat(b, "      <system-out>", 18);
        if (r->outcome == RS_RES_WARN) {
            rs_buf_cat(b, "WARNING (SHOULD/MAY not met, or a cleanup failed):\n", 51);
            rs_xml_escape(b, rs_buf_str(&r->failures));
        }
        rs_buf_cat(b, "HTTP trace (credentials redacted):\n", 35);
        rs_xml_escape(b, r->trace);
        rs_buf_cat(b, "</system-out>\n", 14);
    }
}

static void junit_case(rs_buf *b, const rs_result *r)
{
    char name[512], cls[192];
    snprintf(name, sizeof(name), "%s: %s", r->sc->id, r->sc->title);
    snprintf(cls, sizeof(cls), "regsuite.%s", r->sc->suite);
    rs_buf_cat(b, "    <testcase", 13);
    attr(b, "name", name);
    attr(b, "classname", cls);
    attr(b, "file", r->sc->path);
    rs_buf_catf(b, " time=\"%.3f\">\n", r->seconds);
    junit_case_body(b, r);
    rs_buf_cat(b, "    </testcase>\n", 16);
}

/* Writes b to path unless an append failed or was cut: then an error, never half a report. */
static rs_status write_buf(const char *path, rs_buf *b, rs_err *err)
{
    rs_status st = b->oom ? rs_errf(err, RS_ERR_NOMEM, "%s: out of memory writing", path)
                   : b->truncated
                       ? rs_errf(err, RS_ERR_IO, "%s: the report is over %zu bytes", path, b->limit)
                       : rs_write_file(path, b->data, b->len, err);
    rs_buf_free(b);
    return st;
}

rs_status rs_report_junit(const char *path, const rs_target *t, const rs_result *res, int n,
                          const char *partial, rs_err *err)
{
    rs_buf b;
    rs_buf_init(&b, (size_t)512 * 1024 * 1024);
    junit_counts all = count(res, n, NULL);
    rs_buf_catf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
    attr(&b, "name", "regsuite");
    rs_buf_catf(&b, " tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\">\n", n, all.fails,
                all.errors, all.skips);
    for (int i = 0; i < n; i++) {
        int first = 1; /* the first result of its suite opens the suite */
        for (int k = 0; k < i && first; k++)
            first = strcmp(res[k].sc->suite, res[i].sc->suite) != 0;
        if (!first)
            continue;
        junit_suite_open(&b, t, res[i].sc->suite, res, n, partial);
        for (int j = i; j < n; j++)
            if (strcmp(res[j].sc->suite, res[i].sc->suite) == 0)
                junit_case(&b, &res[j]);
        rs_buf_cat(&b, "  </testsuite>\n", 15);
    }
    rs_buf_cat(&b, "</testsuites>\n", 14);
    return write_buf(path, &b, err);
}

rs_status rs_report_json(const char *path, const rs_target *t, const rs_result *res, int n,
                         const char *partial, rs_err *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "target", t->name);
    cJSON_AddStringToObject(root, "registry", t->registry);
    cJSON_AddBoolToObject(root, "partial", partial != NULL);
    cJSON_AddStringToObject(root, "partial_reason", partial ? partial : "");
    cJSON *arr = cJSON_AddArrayToObject(root, "results");
    int counts[5] = {0};
    for (int i = 0; i < n; i++) {
        const rs_result *r = &res[i];
        counts[r->outcome]++;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", r->sc->id);
        cJSON_AddStringToObject(o, "suite", r->sc->suite);
        cJSON_AddStringToObject(o, "title", r->sc->title);
        cJSON_AddStringToObject(o, "level", rs_level_name(r->sc->level));
        cJSON_AddStringToObject(o, "keywords", r->sc->keywords);
        cJSON_AddStringToObject(o, "refs", r->sc->refs);
        cJSON_AddStringToObject(o, "outcome", rs_outcome_name(r->outcome));
        cJSON_AddStringToObject(o, "first_failure", r->first);
        cJSON_AddStringToObject(o, "actual", r->actual);
        cJSON_AddStringToObject(o, "reason", r->reason);
        cJSON_AddStringToObject(o, "failures", rs_buf_str(&r->failures));
        cJSON_AddNumberToObject(o, "seconds", r->seconds);
        cJSON_AddItemToArray(arr, o);
    }
    cJSON *sum = cJSON_AddObjectToObject(root, "summary");
    for (int k = 0; k < 5; k++)
        cJSON_AddNumberToObject(sum, rs_outcome_name((rs_outcome)k), counts[k]);
    char *txt = cJSON_Print(root);
    cJSON_Delete(root);
    rs_status st = txt ? rs_write_file(path, txt, strlen(txt), err)
                       : rs_errf(err, RS_ERR_NOMEM, "%s: out of memory writing", path);
    free(txt);
    return st;
}
