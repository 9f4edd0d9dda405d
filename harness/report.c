#include "report.h"

#include "fileio.h"
#include "schema.h"
#include "version.h"

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

rs_status rs_report_json(const char *path, const rs_target *t, const rs_result *res, int n,
                         const char *partial, rs_err *err)
{
    return rs_report_json_run(path, t, res, n, partial, NULL, err);
}

/* What regsuite merge needs to rebuild the JUnit report from the JSON of shards. */
static void add_merge_fields(cJSON *o, const rs_result *r)
{
    cJSON_AddNumberToObject(o, "index", r->index);
    cJSON_AddStringToObject(o, "path", r->sc->path);
    cJSON_AddNumberToObject(o, "cleanup_failures", r->cleanup_failures);
    int traced = r->outcome == RS_RES_FAIL || r->outcome == RS_RES_ERROR; /* JUnit shows these */
    cJSON_AddStringToObject(o, "trace", traced && r->trace ? r->trace : "");
}

static void add_check_step(cJSON *x, const rs_result *r, const rs_check_result *c)
{
    const rs_step *s = c->step >= 0 && c->step < r->sc->nsteps ? &r->sc->steps[c->step] : NULL;
    cJSON_AddStringToObject(x, "step_name", s ? s->name : "");
    cJSON_AddStringToObject(x, "step_kind", s && s->kind ? s->kind->name : "");
    cJSON_AddStringToObject(x, "level", rs_level_name(s ? s->level : r->sc->level));
}

rs_status rs_report_json_run(const char *path, const rs_target *t, const rs_result *res, int n,
                             const char *partial, const char *shard, rs_err *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "target", t->name);
    cJSON_AddStringToObject(root, "registry", t->registry);
    cJSON_AddStringToObject(root, "url", t->url);
    cJSON_AddStringToObject(root, "regsuite_version", RS_VERSION);
    cJSON_AddStringToObject(root, "shard", shard ? shard : "");
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
        add_merge_fields(o, r);
        cJSON *checks = cJSON_AddArrayToObject(o, "checks");
        for (int k = 0; k < r->ncr; k++) {
            static const char *verdicts[] = {"pass", "fail", "warn"};
            const rs_check_result *c = &r->cr[k];
            cJSON *x = cJSON_CreateObject();
            cJSON_AddNumberToObject(x, "step", c->step + 1);
            cJSON_AddNumberToObject(x, "line", c->line);
            cJSON_AddNumberToObject(x, "col", c->col);
            cJSON_AddStringToObject(x, "check", c->check);
            cJSON_AddStringToObject(x, "verdict", verdicts[c->verdict]);
            if (c->message)
                cJSON_AddStringToObject(x, "message", c->message);
            add_check_step(x, r, c);
            cJSON_AddItemToArray(checks, x);
        }
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
