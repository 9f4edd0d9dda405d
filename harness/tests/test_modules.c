/* Unit tests of the smaller modules: guard (run-wide stop), buf (capped, sticky appends), http
 * (URL resolution), oci (scopes, manifests), saves (every source, present and absent), plan
 * (filter selection), reference (every table entry printed). */
#include "../guard.h"
#include "../http.h"
#include "../oci.h"
#include "../plan.h"
#include "../report.h"
#include "../fileio.h"
#include "../saves.h"
#include "../scenario.h"
#include "../schema.h"
#include "tests.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_guard(void)
{
    rs_guard g;
    char why[256];
    rs_guard_init(&g, 2, 0);
    CU_ASSERT_EQUAL(rs_guard_check(&g), RS_STOP_NONE);
    rs_guard_timed_out(&g);
    CU_ASSERT_EQUAL(rs_guard_check(&g), RS_STOP_NONE);
    rs_guard_timed_out(&g);
    CU_ASSERT_EQUAL(rs_guard_check(&g), RS_STOP_UNRESPONSIVE);
    rs_guard_stop(&g, RS_STOP_SIGNAL); /* the first reason wins */
    CU_ASSERT_EQUAL(rs_guard_check(&g), RS_STOP_UNRESPONSIVE);
    CU_ASSERT_PTR_NOT_NULL(strstr(rs_guard_reason(&g, why, sizeof(why)), "2 requests timed out"));
    rs_guard_init(&g, 0, 1e-9); /* a deadline already past */
    CU_ASSERT_EQUAL(rs_guard_check(&g), RS_STOP_DEADLINE);
    CU_ASSERT_EQUAL(rs_guard_remaining(&g), 0);
    CU_ASSERT_EQUAL(rs_guard_check(NULL), RS_STOP_NONE);
}

static void test_buf(void)
{
    rs_buf b;
    rs_buf_init(&b, 8);
    rs_buf_cat(&b, "12345", 5);
    CU_ASSERT_TRUE(rs_buf_ok(&b));
    rs_buf_catf(&b, "%s", "6789");
    CU_ASSERT_FALSE(rs_buf_ok(&b)); /* cut at the limit: sticky */
    CU_ASSERT_STRING_EQUAL(rs_buf_str(&b), "12345678");
    rs_buf_free(&b);
    rs_buf_init(&b, 1 << 20);
    char big[5000];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    CU_ASSERT_EQUAL(rs_buf_addf(&b, "<%s>", big), 0); /* no silent cap on formatted text */
    CU_ASSERT_EQUAL(b.len, sizeof(big) + 1);
    rs_buf_free(&b);
}

static void test_url_resolve(void)
{
    static const char *cases[][3] = {
        {"https://r:5000", "/v2/a/blobs/uploads/u?x=1", "https://r:5000/v2/a/blobs/uploads/u?x=1"},
        {"https://r:5000", "https://s3.example/o?sig=z", "https://s3.example/o?sig=z"},
        {"http://127.0.0.1:9", "/v2/", "http://127.0.0.1:9/v2/"},
        /* upload Locations against the request that returned them */
        {"https://r/v2/a/b/blobs/uploads/", "u1", "https://r/v2/a/b/blobs/uploads/u1"},
        {"https://r/v2/a/b/blobs/uploads/u1?_state=s", "u2?k=v",
         "https://r/v2/a/b/blobs/uploads/u2?k=v"},
        {"https://r/v2/a/b/blobs/uploads/u1?_state=s", "?_state=t",
         "https://r/v2/a/b/blobs/uploads/u1?_state=t"},
        {"https://r/v2/a/b/blobs/uploads/u1", "../sha256:ab", "https://r/v2/a/b/blobs/sha256:ab"},
        {"https://r/v2/a/blobs/uploads/", "https://other:8443/up/x?sig=1",
         "https://other:8443/up/x?sig=1"},
        {"https://r:5000/v2/a/blobs/uploads/", "//s.example/o", "https://s.example/o"},
        /* RFC 3986 section 5.4.1 (normal) and 5.4.2 (abnormal) examples */
        {"http://a/b/c/d;p?q", "g", "http://a/b/c/g"},
        {"http://a/b/c/d;p?q", "./g", "http://a/b/c/g"},
        {"http://a/b/c/d;p?q", "g/", "http://a/b/c/g/"},
        {"http://a/b/c/d;p?q", "/g", "http://a/g"},
        {"http://a/b/c/d;p?q", "?y", "http://a/b/c/d;p?y"},
        {"http://a/b/c/d;p?q", "g?y", "http://a/b/c/g?y"},
        {"http://a/b/c/d;p?q", "#s", "http://a/b/c/d;p?q"},
        {"http://a/b/c/d;p?q", "", "http://a/b/c/d;p?q"},
        {"http://a/b/c/d;p?q", ".", "http://a/b/c/"},
        {"http://a/b/c/d;p?q", "./", "http://a/b/c/"},
        {"http://a/b/c/d;p?q", "..", "http://a/b/"},
        {"http://a/b/c/d;p?q", "../g", "http://a/b/g"},
        {"http://a/b/c/d;p?q", "../..", "http://a/"},
        {"http://a/b/c/d;p?q", "../../g", "http://a/g"},
        {"http://a/b/c/d;p?q", "../../../g", "http://a/g"},
        {"http://a/b/c/d;p?q", "/./g", "http://a/g"},
        {"http://a/b/c/d;p?q", "/../g", "http://a/g"},
        {"http://a/b/c/d;p?q", "g.", "http://a/b/c/g."},
        {"http://a/b/c/d;p?q", "..g", "http://a/b/c/..g"},
        {"http://a/b/c/d;p?q", "./g/.", "http://a/b/c/g/"},
        {"http://a/b/c/d;p?q", "g/../h", "http://a/b/c/h"},
        {"http://a/b/c/d;p?q", "g;x=1/../y", "http://a/b/c/y"},
        {"http://a/b/c/d;p?q", "g?y/./x", "http://a/b/c/g?y/./x"},
        {"http://a", "g", "http://a/g"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *u = rs_url_resolve(cases[i][0], cases[i][1]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(u);
        if (strcmp(u, cases[i][2]) != 0)
            fprintf(stderr, "resolve(%s, %s) = %s, want %s\n", cases[i][0], cases[i][1], u,
                    cases[i][2]);
        CU_ASSERT_STRING_EQUAL(u, cases[i][2]);
        free(u);
    }
    CU_ASSERT_PTR_NULL(rs_url_resolve("no-scheme/x", "y"));
}

/* rs_read_file: the buffer grows from 16 KiB to max + 1: every size around its steps, and max */
static void test_read_file(void)
{
    static const size_t sizes[] = {0, 1, 16383, 16384, 16385, 32768, 100000, 200000, 200001};
    const size_t max = 200000;
    char path[] = "/tmp/regsuite-read-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        FILE *f = fopen(path, "wb");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        for (size_t k = 0; k < sizes[i]; k++)
            fputc('a' + (int)(k % 26), f);
        fclose(f);
        size_t n = 7;
        rs_err e;
        char *b = rs_read_file(path, max, &n, &e);
        if (sizes[i] > max) {
            CU_ASSERT_PTR_NULL(b);
            CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "larger than 200000 bytes"));
        } else {
            CU_ASSERT_PTR_NOT_NULL_FATAL(b);
            CU_ASSERT_EQUAL(n, sizes[i]);
            CU_ASSERT_EQUAL(strlen(b), sizes[i]);
            CU_ASSERT(sizes[i] == 0 || b[sizes[i] - 1] == 'a' + (int)((sizes[i] - 1) % 26));
        }
        free(b);
    }
    unlink(path);
}

static void test_link_next(void)
{
    static const char *const cases[][2] = {
        {"</v2/a/tags/list?n=2&last=b>; rel=\"next\"", "/v2/a/tags/list?n=2&last=b"},
        {"<https://r/v2/_catalog?last=x>;rel=next", "https://r/v2/_catalog?last=x"},
        {"</p1>; rel=\"prev\", </p3>; rel=\"next\"", "/p3"}, /* not the first one */
        {"</a,b>; rel=\"prev, x\", </n>; title=\"a;b\"; REL=\"last Next\"", "/n"},
        {"</p1>; rel=\"prev\"", NULL},
        {"</p1>; rel=\"nextish\"", NULL},
        {"</p1>; title=\"rel=next\"", NULL},
        {"</p1; rel=\"next\"", NULL}, /* no > */
        {"rel=\"next\"", NULL},
        {"", NULL},
        {"<>; rel=next", ""},
        {"</x>; rel=\"next", "/x"}, /* an unterminated quote ends at the end */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *t = rs_link_next(cases[i][0]);
        if (cases[i][1] && t) {
            CU_ASSERT_STRING_EQUAL(t, cases[i][1]);
        } else {
            CU_ASSERT_PTR_EQUAL(t, cases[i][1]);
        }
        free(t);
    }
    /* a rel value longer than regsuite reads (255) is not cut down to "next": 250 a, " next" */
    char many[300], link[400];
    memset(many, 'a', 250);
    many[250] = '\0';
    snprintf(link, sizeof(link), "</a>; rel=\"%s nextX\"", many);
    CU_ASSERT_PTR_NULL(rs_link_next(link));
}

static void test_url_parts(void)
{
    CU_ASSERT_TRUE(rs_url_same_origin("https://r/v2/x", "https://R:443/other?q"));
    CU_ASSERT_TRUE(rs_url_same_origin("http://127.0.0.1:80/", "http://127.0.0.1/a"));
    CU_ASSERT_FALSE(rs_url_same_origin("http://127.0.0.1:9/", "http://localhost:9/"));
    CU_ASSERT_FALSE(rs_url_same_origin("http://r/", "https://r/"));
    CU_ASSERT_FALSE(rs_url_same_origin("http://r:1/", "http://r:2/"));
    CU_ASSERT_FALSE(rs_url_same_origin("http://u:p@r:1/", "relative/x"));
    static const char *q[][2] = {
        {"https://r/u", "https://r/u?digest=sha256%3Aab"},
        {"https://r/u?_state=x", "https://r/u?_state=x&digest=sha256%3Aab"},
        {"https://r/u?", "https://r/u?digest=sha256%3Aab"},
        {"https://r/u?a=1&", "https://r/u?a=1&digest=sha256%3Aab"},
    };
    for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
        char *u = rs_url_add_query(q[i][0], "digest", "sha256:ab");
        CU_ASSERT_PTR_NOT_NULL_FATAL(u);
        CU_ASSERT_STRING_EQUAL(u, q[i][1]);
        free(u);
    }
    static const char *seg[][2] = {
        {"https://r/v2/a/blobs/uploads/u-1?_state=x", "u-1"},
        {"https://r/up/tok/", "tok"},
        {"https://r/v2/a/blobs/uploads/abc#f", "abc"},
    };
    for (size_t i = 0; i < sizeof(seg) / sizeof(seg[0]); i++) {
        char *u = rs_url_last_segment(seg[i][0]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(u);
        CU_ASSERT_STRING_EQUAL(u, seg[i][1]);
        free(u);
    }
    CU_ASSERT_PTR_NULL(rs_url_last_segment("https://r/"));
}

static void test_manifest_build(void)
{
    rs_blob l = {.name = "l", .size = 3};
    snprintf(l.digest, sizeof(l.digest), "sha256:%064d", 1);
    rs_manifest_spec m = {.media_type = "oci", .layers = {&l}, .nlayers = 1};
    const char *ct = NULL;
    char *body = rs_manifest_build(&m, &ct);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    CU_ASSERT_STRING_EQUAL(ct, "application/vnd.oci.image.manifest.v1+json");
    CU_ASSERT_PTR_NOT_NULL(strstr(body, l.digest));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "\"schemaVersion\":2"));
    free(body);
    char scope[128];
    CU_ASSERT_STRING_EQUAL(rs_oci_scope("a/b", "pull,push", scope, sizeof(scope)),
                           "repository:a/b:pull,push");
}

static int save_one(const char *source, const rs_resp *resp, const char *digest, char *out,
                    size_t len)
{
    char text[512];
    int tags = strncmp(source, "tag", 3) == 0 || strcmp(source, "last_tag") == 0;
    snprintf(text, sizeof(text),
             "id: t\ntitle: t\nlevel: MUST\nrefs: [x]\nsteps:\n"
             "  - %s\n    save: {v: %s}\n",
             tags ? "tags_list: {as: owner, repo: r}"
                  : "put_manifest: {as: owner, repo: r, body: x}",
             source);
    rs_scenario *sc = calloc(1, sizeof(*sc));
    rs_target t = {.url = "https://r"};
    rs_run_opts o = {.target = &t, .run_id = "r1"};
    rs_result res = {.outcome = RS_RES_PASS};
    rs_ctx c = {.o = &o, .sc = sc, .res = &res};
    rs_err e;
    rs_buf_init(&res.failures, 4096);
    int failed = -1;
    if (rs_scenario_load_mem(sc, "t/t.yaml", text, &e) == RS_OK) {
        rs_stepout so = {.resp = *resp};
        snprintf(so.digest, sizeof(so.digest), "%s", digest);
        c.actors[0].base_url = "https://r";
        rs_saves_do(&c, &sc->steps[0], 0, &so, &c.actors[0]);
        const char *v = rs_vars_get(&c.vars, "v");
        snprintf(out, len, "%s", v ? v : "(unset)");
        failed = res.failed_checks;
    }
    rs_vars_free(&c.vars);
    rs_vars_free(&c.unset_why);
    rs_result_free(&res);
    rs_scenario_free(sc);
    free(sc);
    return failed;
}

/* last_tag and tag.<i>: entries of the body's tags list (a page's end, for the next last=). */
static void test_saves_tags(void)
{
    const char *json = "{\"name\":\"r\",\"tags\":[\"TEST0\",\"test0\",\"TEST1\"]}";
    rs_resp page = {.status = 200}, none = {.status = 200};
    rs_buf_init(&page.body, 4096);
    CU_ASSERT_EQUAL(rs_buf_add(&page.body, json, strlen(json)), 0);
    rs_buf_init(&none.body, 4096);
    CU_ASSERT_EQUAL(rs_buf_add(&none.body, "{\"name\":\"r\",\"tags\":[]}", 22), 0);
    char v[512];
    CU_ASSERT_EQUAL(save_one("last_tag", &page, "", v, sizeof(v)), 0);
    CU_ASSERT_STRING_EQUAL(v, "TEST1");
    CU_ASSERT_EQUAL(save_one("tag.0", &page, "", v, sizeof(v)), 0);
    CU_ASSERT_STRING_EQUAL(v, "TEST0");
    CU_ASSERT_EQUAL(save_one("tag.1", &page, "", v, sizeof(v)), 0);
    CU_ASSERT_STRING_EQUAL(v, "test0");
    CU_ASSERT_EQUAL(save_one("tag.3", &page, "", v, sizeof(v)), 1); /* no such entry */
    CU_ASSERT_STRING_EQUAL(v, "(unset)");
    CU_ASSERT_EQUAL(save_one("last_tag", &none, "", v, sizeof(v)), 1); /* an empty list */
    CU_ASSERT_EQUAL(save_one("tag.x", &page, "", v, sizeof(v)), -1);   /* not an index */
    CU_ASSERT_EQUAL(save_one("last_tag", &(rs_resp){.status = 404}, "", v, sizeof(v)), 1);
    page.body.truncated = 1; /* a cut body: neither a tag nor the body is saved from it */
    CU_ASSERT_EQUAL(save_one("last_tag", &page, "", v, sizeof(v)), 1);
    CU_ASSERT_EQUAL(save_one("body", &page, "", v, sizeof(v)), 1);
    rs_buf_free(&page.body);
    rs_buf_free(&none.body);
}

static void test_saves(void)
{
    rs_resp with = {.status = 202}, without = {.status = 404};
    rs_header h[] = {{"Location", "/v2/r/blobs/uploads/u1"}, {"X-Id", "abc"}};
    with.headers[0] = h[0];
    with.headers[1] = h[1];
    with.nheaders = 2;
    snprintf(with.body_digest, sizeof(with.body_digest), "sha256:%064d", 7);
    char v[512];
    CU_ASSERT_EQUAL(save_one("location", &with, "", v, sizeof(v)), 0);
    CU_ASSERT_STRING_EQUAL(v, "https://r/v2/r/blobs/uploads/u1");
    CU_ASSERT_EQUAL(save_one("header.X-Id", &with, "", v, sizeof(v)), 0);
    CU_ASSERT_STRING_EQUAL(v, "abc");
    CU_ASSERT_EQUAL(save_one("status", &with, "", v, sizeof(v)), 0);
    CU_ASSERT_STRING_EQUAL(v, "202");
    CU_ASSERT_EQUAL(save_one("digest_tag", &with, "sha256:ab", v, sizeof(v)), 0);
    CU_ASSERT_STRING_EQUAL(v, "sha256-ab");
    CU_ASSERT_EQUAL(save_one("body_digest", &with, "", v, sizeof(v)), 0);
    CU_ASSERT_EQUAL(save_one("upload_id", &with, "", v, sizeof(v)), 0);
    CU_ASSERT_STRING_EQUAL(v, "u1");
    /* a relative-path Location resolves against the request's URL, not the registry's */
    char url[] = "https://r/v2/r/blobs/uploads/";
    rs_resp rel = {.status = 202, .url = url};
    rel.headers[0] = (rs_header){"Location", "u2?_state=s"};
    rel.nheaders = 1;
    CU_ASSERT_EQUAL(save_one("location", &rel, "", v, sizeof(v)), 0);
    CU_ASSERT_STRING_EQUAL(v, "https://r/v2/r/blobs/uploads/u2?_state=s");
    CU_ASSERT_EQUAL(save_one("upload_id", &rel, "", v, sizeof(v)), 0);
    CU_ASSERT_STRING_EQUAL(v, "u2");
    /* absent: a failed check, and the variable has no value */
    const char *absent[] = {"location", "upload_id",   "header.X-Id", "digest",
                            "manifest", "body_digest", "error_code"};
    for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
        CU_ASSERT_EQUAL(save_one(absent[i], &without, "", v, sizeof(v)), 1);
        CU_ASSERT_STRING_EQUAL(v, "(unset)");
    }
    test_saves_tags();
}

static void test_filter(void)
{
    rs_scenario s = {.id = "push-first", .suite = "push", .keywords = "push accounting"};
    CU_ASSERT_TRUE(rs_plan_selected(&s, NULL));
    CU_ASSERT_TRUE(rs_plan_selected(&s, "push"));
    CU_ASSERT_TRUE(rs_plan_selected(&s, "accounting,security"));
    CU_ASSERT_FALSE(rs_plan_selected(&s, "security"));
    CU_ASSERT_FALSE(rs_plan_selected(&s, "push,!accounting"));
    CU_ASSERT_TRUE(rs_plan_selected(&s, "!security"));
    CU_ASSERT_FALSE(rs_plan_selected(&s, "push-firs")); /* ids match whole */
}

static void test_reference(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    rs_reference_print(f);
    fclose(f);
    int n;
    char name[80];
    const rs_step_kind *k = rs_step_kinds(&n);
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "| `%s` |", k[i].name);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, name));
    }
    const rs_check_kind *c = rs_check_kinds(&n);
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "| `%s` |", c[i].name);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, name));
    }
    for (int i = 0; i < RS_P_COUNT; i++) {
        snprintf(name, sizeof(name), "| `%s` |", RS_PARAMS[i].name);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, name));
    }
    free(text);
}

/* JUnit: one testcase per check; a failed one carries its message and the trace, a warned one
 * passes with a WARNING line, a skipped scenario is one skipped testcase. */
static void test_junit(void)
{
    rs_scenario *sc = calloc(2, sizeof(*sc));
    rs_err e;
    const char *text = "id: t\ntitle: t\nlevel: MUST\nrefs: [r1]\nsteps:\n"
                       "  - head_blob: {as: owner, repo: r, digest: \"sha256:00\"}\n"
                       "    expect: {status: 200, header_present: [X]}\n";
    CU_ASSERT_EQUAL_FATAL(rs_scenario_load_mem(&sc[0], "s/t.yaml", text, &e), RS_OK);
    CU_ASSERT_EQUAL_FATAL(rs_scenario_load_mem(&sc[1], "s/t.yaml", text, &e), RS_OK);
    rs_check_result cr[3] = {
        {.step = 0, .line = 7, .check = "status", .verdict = RS_CHECK_FAIL},
        {.step = 0, .line = 7, .check = "header_present", .verdict = RS_CHECK_WARN},
        {.step = 0, .line = 7, .check = "save", .verdict = RS_CHECK_PASS}};
    cr[0].message = strdup("expected 200, got 404\n");
    cr[1].message = strdup("header X is missing\n");
    rs_result res[2] = {{.sc = &sc[0], .outcome = RS_RES_FAIL, .cr = cr, .ncr = 3},
                        {.sc = &sc[1], .outcome = RS_RES_SKIP}};
    res[0].trace = strdup("> GET /v2/\n< 401\n");
    snprintf(res[1].reason, sizeof(res[1].reason), "no feature");
    rs_target t = {.name = "tgt"};
    char path[] = "/tmp/regsuite-junit-XXXXXX";
    int fd = mkstemp(path);
    CU_ASSERT_TRUE_FATAL(fd >= 0);
    close(fd);
    CU_ASSERT_EQUAL(rs_report_junit(path, &t, res, 2, NULL, &e), RS_OK);
    char *x = rs_read_file(path, 1 << 20, NULL, &e);
    unlink(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"1\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "classname=\"tgt.s.t\" name=\"step 1: head_blob: status\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<failure message=\"expected 200, got 404\" type=\"MUST\">"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        x, "WARNING (a SHOULD or MAY check not met; not failing the run): header X is missing"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "HTTP trace (credentials redacted):\n&gt; GET /v2/"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<skipped message=\"no feature\"/>"));
    free(x);
    free(cr[0].message);
    free(cr[1].message);
    free(res[0].trace);
    rs_scenario_free(&sc[0]);
    rs_scenario_free(&sc[1]);
    free(sc);
}

void rs_test_modules_register(void)
{
    CU_pSuite s = CU_add_suite("modules", NULL, NULL);
    CU_add_test(s, "guard: timeouts, deadline, first reason wins", test_guard);
    CU_add_test(s, "buf: caps are sticky, formatted text is not cut", test_buf);
    CU_add_test(s, "url: Location resolution (RFC 3986 5.2)", test_url_resolve);
    CU_add_test(s, "url: origins, query parameters, last segment", test_url_parts);
    CU_add_test(s, "url: a Link header's rel=next (RFC 8288)", test_link_next);
    CU_add_test(s, "fileio: a file read whole, in a buffer that grows; over max refused",
                test_read_file);
    CU_add_test(s, "oci: manifest building and scopes", test_manifest_build);
    CU_add_test(s, "saves: every source, present and absent", test_saves);
    CU_add_test(s, "plan: filter selection", test_filter);
    CU_add_test(s, "reference: every table entry printed", test_reference);
    CU_add_test(s, "junit: a testcase per check", test_junit);
}
