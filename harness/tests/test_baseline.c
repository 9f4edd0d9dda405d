/* Unit tests of baseline.c (the list of expected failures: loading, XFAIL/XPASS marks, writing)
 * and of what JUnit makes of the marks. Registered by test_units.c's main. */
#include "../baseline.h"
#include "../fileio.h"
#include "../report.h"
#include "../scenario.h"
#include "tests.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes text to a temporary file; its name into path (a mkstemp template). */
static void tmp_write(char *path, const char *text)
{
    int fd = mkstemp(path);
    CU_ASSERT_TRUE_FATAL(fd >= 0);
    CU_ASSERT_EQUAL(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

/* Loads text as a list; RS_OK or the error, whose message must contain want. */
static rs_status load_text(const char *text, rs_baseline *b, const char *want)
{
    char path[] = "/tmp/regsuite-expected-XXXXXX";
    tmp_write(path, text);
    rs_err e = {{0}};
    rs_status st = rs_baseline_load(b, path, &e);
    unlink(path);
    if (want) {
        CU_ASSERT_NOT_EQUAL(st, RS_OK);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, want));
        if (!strstr(e.msg, want))
            fprintf(stderr, "\n  got: %s (want %s)\n", e.msg, want);
    }
    return st;
}

static void test_load(void)
{
    rs_baseline b;
    CU_ASSERT_EQUAL_FATAL(load_text("target: t\nfailures:\n  - id: a\n    actual: \"500\"\n"
                                    "    at: step 1 status\n    ref: why\n  - id: b\n    ref: r\n",
                                    &b, NULL),
                          RS_OK);
    CU_ASSERT_EQUAL(b.n, 2);
    CU_ASSERT_STRING_EQUAL(b.target, "t");
    const rs_baseline_entry *a = rs_baseline_find(&b, "a");
    CU_ASSERT_TRUE(a && a->has_actual && a->has_at && strcmp(a->actual, "500") == 0);
    CU_ASSERT_TRUE(a && strcmp(a->at, "step 1 status") == 0 && strcmp(a->ref, "why") == 0);
    const rs_baseline_entry *bb = rs_baseline_find(&b, "b");
    CU_ASSERT_TRUE(bb && !bb->has_actual && !bb->has_at);
    CU_ASSERT_PTR_NULL(rs_baseline_find(&b, "c"));
    rs_baseline_free(&b);
    CU_ASSERT_EQUAL(load_text("failures: []\n", &b, NULL), RS_OK);
    CU_ASSERT_EQUAL(b.n, 0);
    rs_baseline_free(&b);
    load_text("failures:\n  - id: a\n    reason: x\n    ref: r\n", &b,
              ":3:5: unknown key 'reason'");
    load_text("failures:\n  - id: a\n    actual: \"1\"\n", &b, "needs id (the scenario) and ref");
    load_text("failures:\n  - {id: a, ref: r}\n  - {id: a, ref: s}\n", &b, "'a' is listed twice");
    load_text("target: t\n", &b, "needs a list 'failures'");
    load_text("failures: {id: a}\n", &b, "needs a list 'failures'");
    load_text("- a\n", &b, "expected a mapping");
    load_text("failures:\n  - a\n", &b, "a listed failure is a mapping");
    load_text("failures:\n  - {id: [a], ref: r}\n", &b, "id: expected non-empty text");
    load_text("faliures: []\n", &b, "unknown key 'faliures'");
}

/* A result of scenario sc: outcome, the actual answer and one check (failed unless PASS). */
static void result(rs_result *r, const rs_scenario *sc, rs_outcome oc, const char *actual,
                   rs_check_result *cr)
{
    memset(r, 0, sizeof(*r));
    r->sc = sc;
    r->outcome = oc;
    snprintf(r->actual, sizeof(r->actual), "%s", actual);
    memset(cr, 0, sizeof(*cr));
    cr->step = 0;
    snprintf(cr->check, sizeof(cr->check), "status");
    cr->verdict = oc == RS_RES_PASS ? RS_CHECK_PASS : RS_CHECK_FAIL;
    cr->message = oc == RS_RES_PASS ? NULL : "expected 200, got 500\n";
    r->cr = cr;
    r->ncr = 1;
}

static void test_mark(void)
{
    rs_baseline b;
    CU_ASSERT_EQUAL_FATAL(load_text("failures:\n  - {id: t, actual: \"500\", at: step 1 status, "
                                    "ref: the why}\n",
                                    &b, NULL),
                          RS_OK);
    rs_scenario sc = {0}, other = {0};
    snprintf(sc.id, sizeof(sc.id), "t");
    snprintf(other.id, sizeof(other.id), "u");
    rs_result r;
    rs_check_result cr;
    result(&r, &sc, RS_RES_FAIL, "500", &cr);
    rs_baseline_mark(&b, &r);
    CU_ASSERT_EQUAL(r.base, RS_BASE_XFAIL);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.base_note, "the why"));
    result(&r, &sc, RS_RES_FAIL, "404", &cr); /* another answer: fails as usual, says how */
    rs_baseline_mark(&b, &r);
    CU_ASSERT_EQUAL(r.base, RS_BASE_NONE);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.base_note, "with actual '500', now '404'"));
    result(&r, &sc, RS_RES_FAIL, "500", &cr); /* at another check */
    snprintf(cr.check, sizeof(cr.check), "header");
    rs_baseline_mark(&b, &r);
    CU_ASSERT_EQUAL(r.base, RS_BASE_NONE);
    CU_ASSERT_PTR_NOT_NULL(strstr(r.base_note, "at 'step 1 status', now at 'step 1 header'"));
    result(&r, &sc, RS_RES_PASS, "", &cr);
    rs_baseline_mark(&b, &r);
    CU_ASSERT_EQUAL(r.base, RS_BASE_XPASS);
    result(&r, &sc, RS_RES_ERROR, "", &cr); /* a runtime error is never expected */
    rs_baseline_mark(&b, &r);
    CU_ASSERT_EQUAL(r.base, RS_BASE_NONE);
    result(&r, &other, RS_RES_FAIL, "500", &cr); /* unlisted */
    rs_baseline_mark(&b, &r);
    CU_ASSERT_EQUAL(r.base, RS_BASE_NONE);
    CU_ASSERT_STRING_EQUAL(r.base_note, "");
    rs_baseline_free(&b);
}

static void test_write(void)
{
    rs_baseline prev, back;
    CU_ASSERT_EQUAL_FATAL(
        load_text("failures:\n  - {id: t, ref: \"kept \\\"ref\\\"\"}\n", &prev, NULL), RS_OK);
    rs_scenario sc[3];
    memset(sc, 0, sizeof(sc));
    snprintf(sc[0].id, sizeof(sc[0].id), "t");
    snprintf(sc[1].id, sizeof(sc[1].id), "u");
    snprintf(sc[2].id, sizeof(sc[2].id), "p");
    rs_result r[3];
    rs_check_result cr[3];
    result(&r[0], &sc[0], RS_RES_FAIL, "a \"quoted\"\\answer", &cr[0]);
    result(&r[1], &sc[1], RS_RES_FAIL, "500", &cr[1]);
    snprintf(r[1].first, sizeof(r[1].first), "u.yaml:3:4: expected 200, got 500");
    result(&r[2], &sc[2], RS_RES_PASS, "", &cr[2]);
    char path[] = "/tmp/regsuite-written-XXXXXX";
    tmp_write(path, "");
    rs_err e;
    CU_ASSERT_EQUAL_FATAL(rs_baseline_write(path, "tgt", &prev, r, 3, &e), RS_OK);
    CU_ASSERT_EQUAL_FATAL(rs_baseline_load(&back, path, &e), RS_OK);
    unlink(path);
    CU_ASSERT_EQUAL(back.n, 2); /* the failures only */
    CU_ASSERT_STRING_EQUAL(back.target, "tgt");
    const rs_baseline_entry *t = rs_baseline_find(&back, "t"), *u = rs_baseline_find(&back, "u");
    CU_ASSERT_TRUE_FATAL(t && u);
    CU_ASSERT_STRING_EQUAL(t->actual, "a \"quoted\"\\answer");
    CU_ASSERT_STRING_EQUAL(t->at, "step 1 status");
    CU_ASSERT_STRING_EQUAL(t->ref, "kept \"ref\"");
    CU_ASSERT_PTR_NOT_NULL(strstr(u->ref, "unreviewed"));
    CU_ASSERT_PTR_NOT_NULL(strstr(u->ref, "expected 200, got 500"));
    rs_baseline_free(&back);
    rs_baseline_free(&prev);
}

/* JUnit: an XFAIL's failed check is a skipped testcase (failures 0); an XPASS under
 * --strict-expected is a failure of its own. */
static void test_junit_marks(void)
{
    rs_scenario *sc = calloc(2, sizeof(*sc));
    rs_err e;
    const char *text = "id: t\ntitle: t\nlevel: MUST\nrefs: [r1]\nsteps:\n"
                       "  - head_blob: {as: owner, repo: r, digest: \"sha256:00\"}\n"
                       "    expect: {status: 200}\n";
    CU_ASSERT_EQUAL_FATAL(rs_scenario_load_mem(&sc[0], "s/t.yaml", text, &e), RS_OK);
    CU_ASSERT_EQUAL_FATAL(rs_scenario_load_mem(&sc[1], "s/t.yaml", text, &e), RS_OK);
    rs_result r[2];
    rs_check_result cr[2];
    result(&r[0], &sc[0], RS_RES_FAIL, "500", &cr[0]);
    r[0].base = RS_BASE_XFAIL;
    snprintf(r[0].base_note, sizeof(r[0].base_note), "expected failure (l.yaml line 3): why");
    result(&r[1], &sc[1], RS_RES_PASS, "", &cr[1]);
    r[1].base = RS_BASE_XPASS;
    r[1].base_fails = 1;
    snprintf(r[1].base_note, sizeof(r[1].base_note), "listed but passes");
    rs_target t = {.name = "tgt"};
    char path[] = "/tmp/regsuite-junit-XXXXXX";
    tmp_write(path, "");
    CU_ASSERT_EQUAL(rs_report_junit(path, &t, r, 2, NULL, &e), RS_OK);
    char *x = rs_read_file(path, 1 << 20, NULL, &e);
    unlink(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<testsuites name=\"regsuite\" tests=\"3\" failures=\"1\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<testsuite name=\"tgt.s\""));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(x, "<skipped message=\"expected failure (l.yaml line 3): why\">expected 200"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "<failure message=\"listed but passes\" type=\"XPASS\"/>"));
    CU_ASSERT_PTR_NULL(strstr(x, " file=\""));
    free(x);
    rs_scenario_free(&sc[0]);
    rs_scenario_free(&sc[1]);
    free(sc);
}

void rs_test_baseline_register(void)
{
    CU_pSuite s = CU_add_suite("baseline", NULL, NULL);
    CU_add_test(s, "the list: keys, required fields, errors with line:col", test_load);
    CU_add_test(s, "XFAIL, XPASS, failing differently, unlisted", test_mark);
    CU_add_test(s, "--write-expected reads back; refs kept; quoting", test_write);
    CU_add_test(s, "JUnit: XFAIL skipped, strict XPASS a failure", test_junit_marks);
}
