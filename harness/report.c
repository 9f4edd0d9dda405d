#include "report.h"

#include "baseline.h"
#include "fileio.h"
#include "version.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *rs_report_outcome(const rs_result *r)
{
    return r->base == RS_BASE_XFAIL   ? "XFAIL"
           : r->base == RS_BASE_XPASS ? "XPASS"
                                      : rs_outcome_name(r->outcome);
}

void rs_report_line(FILE *f, const rs_result *r)
{
    fprintf(f, "%-5s %-6s %-44s %6.2fs", rs_report_outcome(r), rs_level_name(r->sc->level),
            r->sc->id, r->seconds);
    if (r->outcome == RS_RES_SKIP || r->outcome == RS_RES_ERROR)
        fprintf(f, "  %s", r->reason);
    fputc('\n', f);
    if (r->outcome == RS_RES_FAIL || r->outcome == RS_RES_WARN)
        fprintf(f, "%s", rs_buf_str(&r->failures));
    if (r->base_note[0])
        fprintf(f, "  %s\n", r->base_note);
    if (r->trace_file[0] && r->outcome != RS_RES_PASS && r->outcome != RS_RES_SKIP)
        fprintf(f, "  trace: %s\n", r->trace_file);
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

/* A list the model keeps joined by sep, as a JSON array of its items. */
static void add_split(cJSON *o, const char *key, const char *joined, const char *sep)
{
    cJSON *a = cJSON_AddArrayToObject(o, key);
    size_t seplen = strlen(sep);
    for (const char *p = joined; p && *p;) {
        const char *e = strstr(p, sep);
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char item[1024];
        snprintf(item, sizeof(item), "%.*s", (int)n, p);
        if (item[0])
            cJSON_AddItemToArray(a, cJSON_CreateString(item));
        p = e ? e + seplen : NULL;
    }
}

static void add_checks(cJSON *o, const rs_result *r)
{
    static const char *verdicts[] = {"pass", "fail", "warn"};
    cJSON *checks = cJSON_AddArrayToObject(o, "checks");
    for (int k = 0; k < r->ncr; k++) {
        const rs_check_result *c = &r->cr[k];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddNumberToObject(x, "step", c->step + 1);
        cJSON_AddNumberToObject(x, "line", c->line);
        cJSON_AddNumberToObject(x, "col", c->col);
        cJSON_AddStringToObject(x, "check", c->check);
        cJSON_AddStringToObject(x, "level", rs_level_name(c->level));
        cJSON_AddStringToObject(x, "verdict", verdicts[c->verdict]);
        if (c->message)
            cJSON_AddStringToObject(x, "message", c->message);
        cJSON_AddItemToArray(checks, x);
    }
}

static cJSON *result_json(const rs_result *r)
{
    char at[96];
    rs_baseline_at(r, at, sizeof(at));
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", r->sc->id);
    cJSON_AddStringToObject(o, "suite", r->sc->suite);
    cJSON_AddStringToObject(o, "title", r->sc->title);
    cJSON_AddStringToObject(o, "level", rs_level_name(r->sc->level));
    add_split(o, "keywords", r->sc->keywords, " ");
    add_split(o, "refs", r->sc->refs, "; ");
    cJSON_AddStringToObject(o, "outcome", rs_outcome_name(r->outcome));
    cJSON_AddStringToObject(o, "expected",
                            r->base == RS_BASE_XFAIL   ? "XFAIL"
                            : r->base == RS_BASE_XPASS ? "XPASS"
                                                       : "");
    cJSON_AddStringToObject(o, "expected_note", r->base_note);
    cJSON_AddStringToObject(o, "first_failure", r->first);
    cJSON_AddStringToObject(o, "at", at);
    cJSON_AddStringToObject(o, "actual", r->actual);
    cJSON_AddStringToObject(o, "reason", r->reason);
    cJSON_AddStringToObject(o, "failures", rs_buf_str(&r->failures));
    cJSON_AddStringToObject(o, "trace_file", r->trace_file);
    cJSON_AddNumberToObject(o, "seconds", r->seconds);
    add_checks(o, r);
    return o;
}

/* ISO 8601 UTC, e.g. 2026-11-28T12:00:00Z */
void rs_report_time(time_t t, char *out, size_t len)
{
    struct tm tm;
    out[0] = 0;
    if (gmtime_r(&t, &tm))
        strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void add_meta(cJSON *root, const rs_target *t, const rs_run_meta *m)
{
    char started[32], ended[32];
    time_t now = time(NULL);
    rs_report_time(m && m->started ? m->started : now, started, sizeof(started));
    rs_report_time(m && m->ended ? m->ended : now, ended, sizeof(ended));
    const char *server = m ? m->server : "", *api = m ? m->api_version : "";
    cJSON_AddNumberToObject(root, "format", RS_REPORT_FORMAT);
    cJSON_AddStringToObject(root, "regsuite_version", RS_VERSION);
    cJSON_AddStringToObject(root, "run_id", m && m->run_id ? m->run_id : "");
    cJSON_AddStringToObject(root, "target", t->name);
    cJSON_AddStringToObject(root, "url", t->url);
    cJSON_AddStringToObject(root, "registry",
                            t->registry[0] ? t->registry
                            : server[0]    ? server
                            : api[0]       ? api
                                           : "unknown");
    cJSON_AddStringToObject(root, "registry_server", server);
    cJSON_AddStringToObject(root, "registry_api_version", api);
    cJSON_AddStringToObject(root, "started", started);
    cJSON_AddStringToObject(root, "ended", ended);
    cJSON_AddStringToObject(root, "expected_list", m && m->expected ? m->expected : "");
}

cJSON *rs_report_json_doc(const rs_target *t, const rs_run_meta *m, const rs_result *res, int n,
                          const char *partial)
{
    cJSON *root = cJSON_CreateObject();
    add_meta(root, t, m);
    cJSON_AddStringToObject(root, "spec", n > 0 ? RS_SPECS[res[0].sc->spec].name : "");
    cJSON_AddBoolToObject(root, "partial", partial != NULL);
    cJSON_AddStringToObject(root, "partial_reason", partial ? partial : "");
    cJSON *arr = cJSON_AddArrayToObject(root, "results");
    int counts[5] = {0}, xfail = 0, xpass = 0;
    for (int i = 0; i < n; i++) {
        counts[res[i].outcome]++;
        xfail += res[i].base == RS_BASE_XFAIL;
        xpass += res[i].base == RS_BASE_XPASS;
        cJSON_AddItemToArray(arr, result_json(&res[i]));
    }
    cJSON *sum = cJSON_AddObjectToObject(root, "summary");
    for (int k = 0; k < 5; k++)
        cJSON_AddNumberToObject(sum, rs_outcome_name((rs_outcome)k), counts[k]);
    cJSON_AddNumberToObject(sum, "XFAIL", xfail);
    cJSON_AddNumberToObject(sum, "XPASS", xpass);
    return root;
}

rs_status rs_report_json_meta(const char *path, const rs_target *t, const rs_run_meta *m,
                              const rs_result *res, int n, const char *partial, rs_err *err)
{
    cJSON *root = rs_report_json_doc(t, m, res, n, partial);
    char *txt = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    rs_status st = txt ? rs_write_file(path, txt, strlen(txt), err)
                       : rs_errf(err, RS_ERR_NOMEM, "%s: out of memory writing", path);
    free(txt);
    return st;
}

rs_status rs_report_json(const char *path, const rs_target *t, const rs_result *res, int n,
                         const char *partial, rs_err *err)
{
    return rs_report_json_meta(path, t, NULL, res, n, partial, err);
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
