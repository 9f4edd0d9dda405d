#include "report.h"

#include "fileio.h"
#include "json.h"

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

void rs_xml_attr(rs_buf *b, const char *name, const char *value)
{
    rs_buf_catf(b, " %s=\"", name);
    rs_xml_escape(b, value);
    rs_buf_cat(b, "\"", 1);
}

/* One check's record in the JSON report. */
static void json_check(rs_json *J, cJSON *checks, const rs_check_result *c)
{
    static const char *verdicts[] = {"pass", "fail", "warn"};
    cJSON *x = rs_json_add(J, checks, NULL, rs_json_obj(J));
    rs_json_num(J, x, "step", c->step + 1);
    rs_json_num(J, x, "line", c->line);
    rs_json_num(J, x, "col", c->col);
    rs_json_str(J, x, "check", c->check);
    rs_json_str(J, x, "verdict", verdicts[c->verdict]);
    rs_json_str(J, x, "message", c->message);
}

/* One scenario's result in the JSON report. */
static void json_result(rs_json *J, cJSON *arr, const rs_result *r)
{
    cJSON *o = rs_json_add(J, arr, NULL, rs_json_obj(J));
    rs_json_str(J, o, "id", r->sc->id);
    rs_json_str(J, o, "suite", r->sc->suite);
    rs_json_str(J, o, "title", r->sc->title);
    rs_json_str(J, o, "level", rs_level_name(r->sc->level));
    rs_json_str(J, o, "keywords", r->sc->keywords);
    rs_json_str(J, o, "refs", r->sc->refs);
    rs_json_str(J, o, "outcome", rs_outcome_name(r->outcome));
    rs_json_str(J, o, "first_failure", r->first);
    rs_json_str(J, o, "actual", r->actual);
    rs_json_str(J, o, "reason", r->reason);
    rs_json_str(J, o, "failures", rs_buf_str(&r->failures));
    rs_json_num(J, o, "seconds", r->seconds);
    cJSON *checks = rs_json_add(J, o, "checks", cJSON_CreateArray());
    for (int k = 0; k < r->ncr; k++)
        json_check(J, checks, &r->cr[k]);
}

rs_status rs_report_json(const char *path, const rs_target *t, const rs_result *res, int n,
                         const char *partial, rs_err *err)
{
    rs_json J = {0};
    cJSON *root = rs_json_obj(&J);
    rs_json_str(&J, root, "target", t->name);
    rs_json_str(&J, root, "registry", t->registry);
    rs_json_bool(&J, root, "partial", partial != NULL);
    rs_json_str(&J, root, "partial_reason", partial ? partial : "");
    cJSON *arr = rs_json_add(&J, root, "results", cJSON_CreateArray());
    int counts[5] = {0};
    for (int i = 0; i < n; i++) {
        counts[res[i].outcome]++;
        json_result(&J, arr, &res[i]);
    }
    cJSON *sum = rs_json_add(&J, root, "summary", cJSON_CreateObject());
    for (int k = 0; k < 5; k++)
        rs_json_num(&J, sum, rs_outcome_name((rs_outcome)k), counts[k]);
    char *txt = J.oom ? NULL : cJSON_Print(root);
    cJSON_Delete(root);
    rs_status st = txt ? rs_write_file(path, txt, strlen(txt), err)
                       : rs_errf(err, RS_ERR_NOMEM, "%s: out of memory writing", path);
    free(txt);
    return st;
}

/* Writes b to path unless an append failed or was cut: then an error, never half a report. */
rs_status rs_report_write_buf(const char *path, rs_buf *b, rs_err *err)
{
    rs_status st = b->oom ? rs_errf(err, RS_ERR_NOMEM, "%s: out of memory writing", path)
                   : b->truncated
                       ? rs_errf(err, RS_ERR_IO, "%s: the report is over %zu bytes", path, b->limit)
                       : rs_write_file(path, b->data, b->len, err);
    rs_buf_free(b);
    return st;
}
