/* test_html: the HTML report (report_html.c): JSON escaped so no text closes its script element,
 * the page's parts (CSP, data, previous report), expected values taken from the scenario, and a
 * previous report that is not one refused. Registered by test_units.c's main. */
#include "../fileio.h"
#include "../report_html.h"
#include "../schema.h"
#include "tests.h"

#include <CUnit/CUnit.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static void test_json_escape(void)
{
    const char *hostile = "</script><script>alert(1)</script><!-- & -->";
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "body", hostile);
    char *txt = cJSON_PrintUnformatted(o);
    rs_buf b;
    rs_buf_init(&b, 1 << 20);
    rs_html_json_escape(&b, txt);
    CU_ASSERT_PTR_NULL(strpbrk(rs_buf_str(&b), "<>&"));
    cJSON *back = cJSON_Parse(rs_buf_str(&b));
    CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(back, "body")), hostile);
    rs_buf_free(&b);
    cJSON_Delete(back);
    cJSON_Delete(o);
    free(txt);
}

/* A scenario of one step with a status check of 201 at 7:15 that failed. */
static void one_failure(rs_scenario *sc, rs_result *r, rs_check_result *cr)
{
    snprintf(sc->id, sizeof(sc->id), "html-case");
    snprintf(sc->suite, sizeof(sc->suite), "push");
    snprintf(sc->title, sizeof(sc->title), "a title with </script> in it");
    snprintf(sc->path, sizeof(sc->path), "suites/push/html-case.yaml");
    sc->nsteps = 1;
    sc->steps[0].kind = rs_step_kind_find("push_blob");
    sc->steps[0].has_expect = 1;
    sc->steps[0].nchecks = 1;
    sc->steps[0].checks[0].kind = rs_check_kind_find("status");
    sc->steps[0].checks[0].val = (rs_val){.line = 7, .col = 15, .text = "201"};
    *cr = (rs_check_result){.step = 0,
                            .line = 7,
                            .col = 15,
                            .verdict = RS_CHECK_FAIL,
                            .message = "f.yaml:7:15: step 1 MUST check 'status': got 202\n"};
    snprintf(cr->check, sizeof(cr->check), "status");
    r->sc = sc;
    r->outcome = RS_RES_FAIL;
    r->cr = cr;
    r->ncr = 1;
    r->trace = "> PUT /v2/x\n< 202\n< {\"a\":\"</script><script>alert(1)</script>\"}\n";
}

/* The text of the script element with this id, parsed. */
static cJSON *embedded(const char *page, const char *id)
{
    char open[96];
    snprintf(open, sizeof(open), "<script type=\"application/json\" id=\"%s\">", id);
    const char *s = strstr(page, open);
    const char *e = s ? strstr(s, "</script>") : NULL;
    if (!e)
        return NULL;
    s += strlen(open);
    char *txt = strndup(s, (size_t)(e - s));
    cJSON *doc = txt ? cJSON_Parse(txt) : NULL;
    free(txt);
    return doc;
}

static void test_page(void)
{
    rs_scenario *sc = calloc(1, sizeof(*sc));
    rs_target *t = calloc(1, sizeof(*t));
    rs_result r = {0};
    rs_check_result cr;
    rs_err err;
    char dir[] = "/tmp/rs-html-XXXXXX", page_path[256], old_path[256];
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    snprintf(t->name, sizeof(t->name), "t<1>");
    one_failure(sc, &r, &cr);
    snprintf(page_path, sizeof(page_path), "%s/page.html", dir);
    snprintf(old_path, sizeof(old_path), "%s/old.json", dir);
    const char *old = "{\"results\":[{\"id\":\"html-case\",\"outcome\":\"PASS\"}]}";
    CU_ASSERT_EQUAL(rs_write_file(old_path, old, strlen(old), &err), RS_OK);
    CU_ASSERT_EQUAL(rs_report_html(page_path, t, NULL, &r, 1, NULL, old_path, &err), RS_OK);
    char *page = rs_read_file(page_path, 1 << 24, NULL, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(page);
    CU_ASSERT_EQUAL(count(page, "<script"), 3); /* data, previous report, code: nothing else */
    CU_ASSERT_EQUAL(count(page, "</script"), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(page, "content=\"default-src &apos;none&apos;; style-src "
                                        "&apos;sha256-"));
    CU_ASSERT_PTR_NOT_NULL(strstr(page, "<title>regsuite report: t&lt;1&gt;</title>"));
    CU_ASSERT_PTR_NULL(strstr(page, "{{"));
    cJSON *data = embedded(page, "rs-data"), *prev = embedded(page, "rs-old");
    cJSON *r0 = cJSON_GetArrayItem(cJSON_GetObjectItem(data, "results"), 0);
    cJSON *c0 = cJSON_GetArrayItem(cJSON_GetObjectItem(r0, "checks"), 0);
    CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(r0, "trace_text")), r.trace);
    CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(c0, "expected_value")), "201");
    CU_ASSERT_STRING_EQUAL(
        cJSON_GetStringValue(cJSON_GetObjectItem(
            cJSON_GetArrayItem(cJSON_GetObjectItem(r0, "step_list"), 0), "kind")),
        "push_blob");
    CU_ASSERT_STRING_EQUAL(cJSON_GetStringValue(cJSON_GetObjectItem(
                               cJSON_GetArrayItem(cJSON_GetObjectItem(prev, "results"), 0), "id")),
                           "html-case");
    cJSON_Delete(data);
    cJSON_Delete(prev);
    free(page);
    /* a previous report that is not one: refused, before (check_old) and when writing */
    CU_ASSERT_EQUAL(rs_write_file(old_path, "[1,2]", 5, &err), RS_OK);
    CU_ASSERT_EQUAL(rs_report_html_check_old(old_path, &err), RS_ERR_USAGE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a regsuite JSON report"));
    CU_ASSERT_NOT_EQUAL(rs_report_html(page_path, t, NULL, &r, 1, NULL, old_path, &err), RS_OK);
    CU_ASSERT_EQUAL(rs_report_html(page_path, t, NULL, &r, 1, "stopped", NULL, &err), RS_OK);
    unlink(page_path);
    unlink(old_path);
    rmdir(dir);
    free(sc);
    free(t);
}

void rs_test_html_register(void)
{
    CU_pSuite s = CU_add_suite("html report", NULL, NULL);
    CU_add_test(s, "JSON escaped for a script element", test_json_escape);
    CU_add_test(s, "the page: CSP, data, expected values, previous report", test_page);
}
