#include "report.h"

#include "baseline.h"
#include "fileio.h"
#include "json.h"
#include "schema.h"
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
static void add_split(rs_json *J, cJSON *o, const char *key, const char *joined, const char *sep)
{
    cJSON *a = rs_json_add(J, o, key, cJSON_CreateArray());
    size_t seplen = strlen(sep);
    for (const char *p = joined; a && p && *p;) {
        const char *e = strstr(p, sep);
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char item[1024];
        snprintf(item, sizeof(item), "%.*s", (int)n, p);
        if (item[0])
            rs_json_add(J, a, NULL, cJSON_CreateString(item));
        p = e ? e + seplen : NULL;
    }
}

/* One check's record in the JSON report (with its step's name and kind, for merge.c). */
static void json_check(rs_json *J, cJSON *checks, const rs_result *r, const rs_check_result *c)
{
    const rs_step *s = c->step >= 0 && c->step < r->sc->nsteps ? &r->sc->steps[c->step] : NULL;
    static const char *verdicts[] = {"pass", "fail", "warn"};
    cJSON *x = rs_json_add(J, checks, NULL, rs_json_obj(J));
    rs_json_num(J, x, "step", c->step + 1);
    rs_json_num(J, x, "line", c->line);
    rs_json_num(J, x, "col", c->col);
    rs_json_str(J, x, "check", c->check);
    rs_json_str(J, x, "level", rs_level_name(c->level));
    rs_json_str(J, x, "verdict", verdicts[c->verdict]);
    rs_json_str(J, x, "message", c->message);
    rs_json_str(J, x, "step_name", s ? s->name : "");
    rs_json_str(J, x, "step_kind", s && s->kind ? s->kind->name : "");
}

/* One scenario's result in the JSON report. */
static void json_result(rs_json *J, cJSON *arr, const rs_result *r)
{
    char at[96];
    rs_baseline_at(r, at, sizeof(at));
    cJSON *o = rs_json_add(J, arr, NULL, rs_json_obj(J));
    rs_json_str(J, o, "id", r->sc->id);
    rs_json_str(J, o, "suite", r->sc->suite);
    rs_json_str(J, o, "title", r->sc->title);
    rs_json_str(J, o, "level", rs_level_name(r->sc->level));
    add_split(J, o, "keywords", r->sc->keywords, " ");
    add_split(J, o, "refs", r->sc->refs, "; ");
    add_split(J, o, "affects", r->sc->affects, "; ");
    add_split(J, o, "reproduced_by", r->sc->reproduced_by, " ");
    rs_json_str(J, o, "outcome", rs_outcome_name(r->outcome));
    rs_json_str(J, o, "expected",
                r->base == RS_BASE_XFAIL   ? "XFAIL"
                : r->base == RS_BASE_XPASS ? "XPASS"
                                           : "");
    rs_json_str(J, o, "expected_note", r->base_note);
    rs_json_num(J, o, "expected_fails", r->base_fails);
    rs_json_str(J, o, "first_failure", r->first);
    rs_json_str(J, o, "at", at);
    rs_json_str(J, o, "actual", r->actual);
    rs_json_str(J, o, "reason", r->reason);
    rs_json_str(J, o, "failures", rs_buf_str(&r->failures));
    rs_json_str(J, o, "trace_file", r->trace_file);
    rs_json_num(J, o, "seconds", r->seconds);
    /* what regsuite merge needs to rebuild the JUnit report from the JSON of shards */
    rs_json_num(J, o, "index", r->index);
    rs_json_str(J, o, "path", r->sc->path);
    rs_json_num(J, o, "cleanup_failures", r->cleanup_failures);
    int traced = r->outcome == RS_RES_FAIL || r->outcome == RS_RES_ERROR; /* JUnit shows these */
    rs_json_str(J, o, "trace", traced && r->trace ? r->trace : "");
    cJSON *checks = rs_json_add(J, o, "checks", cJSON_CreateArray());
    for (int k = 0; k < r->ncr; k++)
        json_check(J, checks, r, &r->cr[k]);
}

/* ISO 8601 UTC, e.g. 2026-11-28T12:00:00Z */
void rs_report_time(time_t t, char *out, size_t len)
{
    struct tm tm;
    out[0] = 0;
    if (gmtime_r(&t, &tm))
        strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void add_meta(rs_json *J, cJSON *root, const rs_target *t, const rs_run_meta *m)
{
    char started[32], ended[32];
    time_t now = time(NULL);
    rs_report_time(m && m->started ? m->started : now, started, sizeof(started));
    rs_report_time(m && m->ended ? m->ended : now, ended, sizeof(ended));
    const char *server = m ? m->server : "", *api = m ? m->api_version : "";
    rs_json_num(J, root, "format", RS_REPORT_FORMAT);
    rs_json_str(J, root, "regsuite_version", RS_VERSION);
    rs_json_str(J, root, "run_id", m && m->run_id ? m->run_id : "");
    rs_json_str(J, root, "target", t->name);
    rs_json_str(J, root, "url", t->url);
    rs_json_str(J, root, "registry",
                t->registry[0] ? t->registry
                : server[0]    ? server
                : api[0]       ? api
                               : "unknown");
    rs_json_str(J, root, "registry_server", server);
    rs_json_str(J, root, "registry_api_version", api);
    rs_json_str(J, root, "started", started);
    rs_json_str(J, root, "ended", ended);
    rs_json_str(J, root, "expected_list", m && m->expected ? m->expected : "");
    rs_json_str(J, root, "expected_list_sha256", m && m->expected_digest ? m->expected_digest : "");
    rs_json_str(J, root, "shard", m && m->shard ? m->shard : "");
    rs_json_str(J, root, "plan", m && m->plan ? m->plan : "");
}

cJSON *rs_report_json_doc(const rs_target *t, const rs_run_meta *m, const rs_result *res, int n,
                          const char *partial)
{
    rs_json J = {0};
    cJSON *root = rs_json_obj(&J);
    add_meta(&J, root, t, m);
    rs_json_str(&J, root, "spec", n > 0 ? RS_SPECS[res[0].sc->spec].name : "");
    rs_json_bool(&J, root, "partial", partial != NULL);
    rs_json_str(&J, root, "partial_reason", partial ? partial : "");
    cJSON *arr = rs_json_add(&J, root, "results", cJSON_CreateArray());
    int counts[5] = {0}, xfail = 0, xpass = 0;
    for (int i = 0; i < n; i++) {
        counts[res[i].outcome]++;
        xfail += res[i].base == RS_BASE_XFAIL;
        xpass += res[i].base == RS_BASE_XPASS;
        json_result(&J, arr, &res[i]);
    }
    cJSON *sum = rs_json_add(&J, root, "summary", cJSON_CreateObject());
    for (int k = 0; k < 5; k++)
        rs_json_num(&J, sum, rs_outcome_name((rs_outcome)k), counts[k]);
    rs_json_num(&J, sum, "XFAIL", xfail);
    rs_json_num(&J, sum, "XPASS", xpass);
    if (J.oom) { /* never half a document */
        cJSON_Delete(root);
        return NULL;
    }
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
