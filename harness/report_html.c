#include "report_html.h"

#include "fileio.h"
#include "schema.h"

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

/* The page's template (report_html.in), NUL-terminated, assembled into this object. */
__asm__(".pushsection .rodata,\"a\"\n"
        ".global rs_html_template\n"
        ".hidden rs_html_template\n"
        "rs_html_template:\n"
        ".incbin \"harness/report_html.in\"\n"
        ".byte 0\n"
        ".popsection\n");
extern const char rs_html_template[];

#define OLD_MAX ((size_t)256 * 1024 * 1024)
#define PAGE_MAX ((size_t)768 * 1024 * 1024)

void rs_html_json_escape(rs_buf *b, const char *json)
{
    const char *run = json;
    for (const char *p = json; p && *p; p++) {
        const char *rep = *p == '<'   ? "\\u003c"
                          : *p == '>' ? "\\u003e"
                          : *p == '&' ? "\\u0026"
                                      : NULL;
        if (!rep)
            continue;
        rs_buf_cat(b, run, (size_t)(p - run));
        rs_buf_cat(b, rep, 6);
        run = p + 1;
    }
    if (run)
        rs_buf_cat(b, run, strlen(run));
}

/* 'sha256-<base64>' of the text between open and close in the template (a CSP source). */
static int csp_hash(const char *open, const char *close, char out[64])
{
    const char *s = strstr(rs_html_template, open);
    const char *e = s ? strstr(s + strlen(open), close) : NULL;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!e)
        return -1;
    s += strlen(open);
    if (!EVP_Digest(s, (size_t)(e - s), md, &len, EVP_sha256(), NULL))
        return -1;
    memcpy(out, "'sha256-", 8);
    int n = EVP_EncodeBlock((unsigned char *)out + 8, md, (int)len); /* 44 characters */
    memcpy(out + 8 + n, "'", 2);
    return 0;
}

/* default-src 'none': no fetch, image, font, frame or connection; only the template's own style
 * and script elements run. */
static rs_status csp_text(char *out, size_t n, rs_err *err)
{
    char style[64], script[64];
    if (csp_hash("<style>", "</style>", style) || csp_hash("<script>", "</script>", script))
        return rs_errf(err, RS_ERR_IO, "the HTML template has no <style> or <script> element");
    snprintf(out, n,
             "default-src 'none'; style-src %s; script-src %s; img-src 'none'; base-uri 'none'; "
             "form-action 'none'",
             style, script);
    return RS_OK;
}

/* A check's value as written in the scenario: text, [a, b] or {k: v}. */
static void val_text(rs_buf *b, const rs_val *v, rs_container shape)
{
    if (shape == RS_C_ONE || (!v->items && v->text)) {
        rs_buf_cat(b, v->text ? v->text : "", v->text ? strlen(v->text) : 0);
        return;
    }
    if (shape == RS_C_ONE_OR_LIST && v->nitems == 1) {
        val_text(b, &v->items[0], RS_C_ONE);
        return;
    }
    rs_buf_cat(b, shape == RS_C_MAP ? "{" : "[", 1);
    for (int i = 0; i < v->nitems; i++) {
        if (i)
            rs_buf_cat(b, ", ", 2);
        if (shape == RS_C_MAP && v->items[i].key)
            rs_buf_catf(b, "%s: ", v->items[i].key);
        val_text(b, &v->items[i], RS_C_ONE);
    }
    rs_buf_cat(b, shape == RS_C_MAP ? "}" : "]", 1);
}

/* What the check expected, from the scenario (a check's value is matched by its position). */
static void expected_text(rs_buf *b, const rs_scenario *sc, const rs_check_result *c)
{
    if (c->step < 0 || c->step >= sc->nsteps)
        return;
    const rs_step *s = &sc->steps[c->step];
    for (int i = 0; i < s->nchecks; i++) {
        const rs_check *k = &s->checks[i];
        if (strcmp(k->kind->name, c->check) == 0 && k->val.line == c->line &&
            k->val.col == c->col) {
            val_text(b, &k->val, k->kind->type.shape);
            return;
        }
    }
    for (int i = 0; i < s->nsaves; i++)
        if (strcmp(c->check, "save") == 0 && s->saves[i].line == c->line &&
            s->saves[i].col == c->col) {
            rs_buf_catf(b, "a value to save as %s", s->saves[i].var);
            return;
        }
    if (strcmp(c->check, "status") == 0 && !s->has_expect)
        rs_buf_cat(b, "2xx (a step without expect)", 27);
    else if (strcmp(c->check, "http") == 0)
        rs_buf_cat(b, "a well-formed HTTP answer", 25);
}

static cJSON *steps_json(const rs_scenario *sc)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; arr && i < sc->nsteps; i++) {
        const rs_step *s = &sc->steps[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "kind", s->kind->name);
        cJSON_AddStringToObject(o, "name", s->name);
        cJSON_AddStringToObject(o, "as", rs_step_is_group(s->kind) ? "" : RS_ROLE_NAMES[s->as]);
        cJSON_AddStringToObject(o, "level", rs_level_name(s->level));
        cJSON_AddNumberToObject(o, "line", s->line);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* What the page shows beyond the JSON report: steps, trace, each check's expected value. Fields
 * the report already has are left as they are. */
static void add_details(cJSON *o, const rs_result *r)
{
    if (!cJSON_GetObjectItem(o, "file"))
        cJSON_AddStringToObject(o, "file", r->sc->path);
    if (!cJSON_GetObjectItem(o, "step_list"))
        cJSON_AddItemToObject(o, "step_list", steps_json(r->sc));
    if (!cJSON_GetObjectItem(o, "trace_text"))
        cJSON_AddStringToObject(o, "trace_text", r->trace ? r->trace : "");
    cJSON *checks = cJSON_GetObjectItem(o, "checks");
    int k = 0;
    for (cJSON *x = checks ? checks->child : NULL; x && k < r->ncr; x = x->next, k++) {
        if (cJSON_GetObjectItem(x, "expected_value"))
            continue;
        rs_buf e;
        rs_buf_init(&e, 64 * 1024);
        expected_text(&e, r->sc, &r->cr[k]);
        cJSON_AddStringToObject(x, "expected_value", rs_buf_str(&e));
        rs_buf_free(&e);
    }
}

/* The previous report, parsed: an object with a results array, else an error. */
static cJSON *load_old(const char *path, rs_err *err)
{
    char *txt = rs_read_file(path, OLD_MAX, NULL, err);
    if (!txt)
        return NULL;
    cJSON *doc = cJSON_Parse(txt);
    free(txt);
    if (!doc || !cJSON_IsObject(doc) || !cJSON_IsArray(cJSON_GetObjectItem(doc, "results"))) {
        rs_errf(err, RS_ERR_USAGE,
                "--html-compare %s: not a regsuite JSON report (an object with a \"results\" "
                "array); give a file written by run --json",
                path);
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

rs_status rs_report_html_check_old(const char *path, rs_err *err)
{
    cJSON *doc = load_old(path, err);
    cJSON_Delete(doc);
    return doc ? RS_OK : RS_ERR_USAGE;
}

/* The template with its four names in double braces filled in. */
static void fill(rs_buf *b, const char *csp, const char *title, const char *data, const char *old)
{
    const char *p = rs_html_template;
    const char *q;
    while ((q = strstr(p, "{{")) != NULL) {
        const char *e = strstr(q, "}}");
        if (!e)
            break;
        rs_buf_cat(b, p, (size_t)(q - p));
        size_t n = (size_t)(e - q - 2);
        if (n == 3 && strncmp(q + 2, "csp", 3) == 0)
            rs_xml_escape(b, csp);
        else if (n == 5 && strncmp(q + 2, "title", 5) == 0)
            rs_xml_escape(b, title);
        else if (n == 4 && strncmp(q + 2, "data", 4) == 0)
            rs_html_json_escape(b, data);
        else if (n == 3 && strncmp(q + 2, "old", 3) == 0)
            rs_html_json_escape(b, old ? old : "null");
        else
            rs_buf_cat(b, q, (size_t)(e + 2 - q));
        p = e + 2;
    }
    rs_buf_cat(b, p, strlen(p));
}

rs_status rs_report_html(const char *path, const rs_target *t, const rs_run_meta *m,
                         const rs_result *res, int n, const char *partial, const char *compare,
                         rs_err *err)
{
    char csp[512];
    if (csp_text(csp, sizeof(csp), err) != RS_OK)
        return RS_ERR_IO;
    cJSON *old = compare ? load_old(compare, err) : NULL;
    if (compare && !old)
        return RS_ERR_USAGE;
    cJSON *doc = rs_report_json_doc(t, m, res, n, partial);
    cJSON *arr = doc ? cJSON_GetObjectItem(doc, "results") : NULL;
    int i = 0;
    for (cJSON *o = arr ? arr->child : NULL; o && i < n; o = o->next, i++)
        add_details(o, &res[i]);
    char *data = doc ? cJSON_PrintUnformatted(doc) : NULL;
    char *oldtxt = old ? cJSON_PrintUnformatted(old) : NULL;
    cJSON_Delete(doc);
    cJSON_Delete(old);
    rs_buf b;
    rs_buf_init(&b, PAGE_MAX);
    if (data && (oldtxt || !compare))
        fill(&b, csp, t->name, data, oldtxt);
    else
        b.oom = 1;
    free(data);
    free(oldtxt);
    return rs_report_write_buf(path, &b, err);
}
