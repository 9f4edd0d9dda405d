/* Unit tests of every check kind, each shown passing on one answer and failing on another; and
 * of the verdict rules: unset placeholders, absent saves, levels and --strict. */
/* answers name only what they need: the other fields are zero */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "../checks.h"
#include "../saves.h"
#include "../steps.h"
#include "../scenario.h"
#include "tests.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define D5 "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" /* hello */

typedef struct {
    long status;
    const char *headers; /* "Name: value\n" lines */
    const char *body;
    const char *body_digest;
    uint64_t sent; /* push_blob/request bytes; push_image: layer a uploaded (else existed) */
} answer;

static const struct {
    const char *step; /* the step line; the check follows as expect */
    const char *check;
    answer pass, fail;
} CASES[] = {
    {"head_blob: {as: owner, repo: r, blob: a}", "status: [200, 201]", {201}, {404}},
    {"head_blob: {as: owner, repo: r, blob: a}", "status_not: [200]", {404}, {200}},
    {"head_blob: {as: owner, repo: r, blob: a}",
     "error_code: BLOB_UNKNOWN",
     {404, "", "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}"},
     {404, "", "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}"}},
    {"head_blob: {as: owner, repo: r, blob: a}",
     "header: {Location: /v2/r/x}",
     {202, "Location: https://h/v2/r/x\n"},
     {202, "Location: https://h/v2/r/y\n"}},
    {"head_blob: {as: owner, repo: r, blob: a}",
     "header_prefix: {Location: /v2/r/}",
     {202, "Location: /v2/r/abc\n"},
     {202, "Location: /v2/q/abc\n"}},
    {"head_blob: {as: owner, repo: r, blob: a}",
     "header_contains: {WWW-Authenticate: pull}",
     {401, "WWW-Authenticate: Bearer scope=\"repository:r:pull\"\n"},
     {401, ""}},
    {"head_blob: {as: owner, repo: r, blob: a}",
     "header_present: [Docker-Content-Digest]",
     {200, "Docker-Content-Digest: " D5 "\n"},
     {200, "X-Other: 1\n"}},
    {"head_blob: {as: owner, repo: r, blob: a}",
     "header_absent: [X-Source]",
     {200, "X-Other: 1\n"},
     {200, "X-Source: alice/secret\n"}},
    {"head_blob: {as: owner, repo: r, blob: a}",
     "no_header_mentions: [secret]",
     {200, "X-Other: public\n"},
     {200, "X-Other: alice/secret\n"}},
    {"get_blob: {as: owner, repo: r, blob: a}",
     "body_digest: " D5,
     {200, "", "hello", D5},
     {200, "", "hellO", "sha256:00"}},
    {"get_blob: {as: owner, repo: r, blob: a}",
     "body_size: 5",
     {200, "", "hello"},
     {200, "", "hell"}},
    {"get_blob: {as: owner, repo: r, blob: a}",
     "body_contains: ell",
     {200, "", "hello"},
     {200, "", "help"}},
    {"get_blob: {as: owner, repo: r, blob: a}",
     "body_excludes: [secret, other]",
     {200, "", "hello"},
     {200, "", "a secret"}},
    {"get_manifest: {as: owner, repo: r, ref: v1}",
     "content_digest: true",
     {200, "Docker-Content-Digest: " D5 "\n", "hello", D5},
     {200, "", "hello", D5}},
    {"push_blob: {as: owner, repo: r, blob: a}",
     "uploaded_bytes: 0",
     {201, "", "", "", 0},
     {201, "", "", "", 3}},
    {"push_image: {as: owner, repo: r, layers: [a]}",
     "layers: {a: existed}",
     {201, "", "", "", 0},
     {201, "", "", "", 3}},
    {"tags_list: {as: owner, repo: r}",
     "tags_include: [v1, \"x*\"]",
     {200, "", "{\"tags\":[\"v1\",\"x9\"]}"},
     {200, "", "{\"tags\":[\"v2\",\"x9\"]}"}},
    {"tags_list: {as: owner, repo: r}",
     "tags_exclude: [v1]",
     {200, "", "{\"tags\":[\"v2\"]}"},
     {200, "", "{\"tags\":[\"v1\"]}"}},
    {"tags_list: {as: owner, repo: r}",
     "tags_count: 2",
     {200, "", "{\"tags\":[\"a\",\"b\"]}"},
     {200, "", "{\"tags\":[\"a\"]}"}},
    {"tags_list: {as: owner, repo: r}",
     "tags_count_max: 1",
     {200, "", "{\"tags\":[\"a\"]}"},
     {200, "", "{\"tags\":[\"a\",\"b\"]}"}},
    {"tags_list: {as: owner, repo: r}", /* case-insensitive order passes; neither order fails */
     "tags_sorted: true",
     {200, "", "{\"tags\":[\"a\",\"B\",\"c\"]}"},
     {200, "", "{\"tags\":[\"a\",\"C\",\"B\"]}"}},
    {"tags_list: {as: owner, repo: r}", /* byte order passes too */
     "tags_sorted: true",
     {200, "", "{\"tags\":[\"B\",\"a\",\"c\"]}"},
     {200, "", "{\"tags\":[\"b\",\"a\"]}"}},
    {"catalog: {as: admin}",
     "repos_include: [a/b]",
     {200, "", "{\"repositories\":[\"a/b\"]}"},
     {200, "", "{\"repositories\":[]}"}},
    {"catalog: {as: admin}",
     "repos_exclude: [a/b]",
     {200, "", "{\"repositories\":[\"a/c\"]}"},
     {200, "", "{\"repositories\":[\"a/b\"]}"}},
    {"get_manifest: {as: owner, repo: r, ref: v1}",
     "json_count: {manifests: 1}",
     {200, "", "{\"manifests\":[{}]}"},
     {200, "", "{\"manifests\":{}}"}},
};

typedef struct {
    rs_target t;
    rs_run_opts o;
    rs_scenario sc;
    rs_result res;
    rs_ctx c;
} fixture;

static int fixture_init(fixture *f, const char *text, int strict)
{
    memset(f, 0, sizeof(*f));
    f->o.target = &f->t;
    f->o.run_id = "r1";
    f->o.strict = strict;
    rs_err e;
    if (rs_scenario_load_mem(&f->sc, "t/t.yaml", text, &e) != RS_OK) {
        fprintf(stderr, "\n  %s\n", e.msg);
        return -1;
    }
    rs_buf_init(&f->res.failures, 65536);
    f->c.o = &f->o;
    f->c.sc = &f->sc;
    f->c.res = &f->res;
    return 0;
}

static void fixture_free(fixture *f)
{
    rs_vars_free(&f->c.vars);
    rs_vars_free(&f->c.unset_why);
    rs_result_free(&f->res); /* failures, the checks evaluated */
    rs_scenario_free(&f->sc);
}

static void make_answer(const answer *a, rs_stepout *so)
{
    memset(so, 0, sizeof(*so));
    rs_resp_init(&so->resp);
    so->resp.status = a->status;
    for (const char *p = a->headers; p && *p;) {
        const char *nl = strchr(p, '\n'), *colon = strchr(p, ':');
        rs_header *h = &so->resp.headers[so->resp.nheaders++];
        h->name = strndup(p, (size_t)(colon - p));
        h->value = strndup(colon + 2, (size_t)(nl - colon - 2));
        p = nl + 1;
    }
    if (a->body && rs_buf_add(&so->resp.body, a->body, strlen(a->body)) == 0)
        so->resp.body_bytes = strlen(a->body);
    snprintf(so->resp.body_digest, sizeof(so->resp.body_digest), "%s",
             a->body_digest ? a->body_digest : "");
    so->sent = a->sent;
    so->is_push = 0;
    so->push.nlayers = 1;
    snprintf(so->push.layers[0].name, sizeof(so->push.layers[0].name), "a");
    so->push.layers[0].outcome = a->sent ? RS_LAYER_UPLOADED : RS_LAYER_EXISTED;
    so->push.uploaded_bytes = a->sent;
}

/* How many checks fail when the step of text meets answer a. */
static int failures_for(const char *text, const answer *a)
{
    fixture *f = calloc(1, sizeof(*f));
    if (fixture_init(f, text, 0) != 0) {
        free(f);
        return -1;
    }
    rs_stepout so;
    make_answer(a, &so);
    so.is_push = strcmp(f->sc.steps[0].kind->name, "push_image") == 0;
    rs_checks_run(&f->c, &f->sc.steps[0], 0, &so);
    int n = f->res.failed_checks;
    rs_resp_free(&so.resp);
    fixture_free(f);
    free(f);
    return n;
}

static void test_every_check(void)
{
    char text[1024];
    int nk;
    const rs_check_kind *kinds = rs_check_kinds(&nk);
    for (int k = 0; k < nk; k++) { /* every kind of the table has a case here */
        int found = strcmp(kinds[k].name, "probe_requests") == 0; /* test_manifests.c: a probe */
        for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++)
            found |= strncmp(CASES[i].check, kinds[k].name, strlen(kinds[k].name)) == 0 &&
                     CASES[i].check[strlen(kinds[k].name)] == ':';
        if (!found)
            fprintf(stderr, "\n  check '%s' has no case\n", kinds[k].name);
        CU_ASSERT_TRUE(found);
    }
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        snprintf(text, sizeof(text),
                 "id: t\ntitle: t\nlevel: MUST\nrefs: [x]\nblobs: {a: {size: 3}}\nsteps:\n"
                 "  - %s\n    expect: {%s}\n",
                 CASES[i].step, CASES[i].check);
        int p = failures_for(text, &CASES[i].pass), f = failures_for(text, &CASES[i].fail);
        if (p != 0 || f != 1)
            fprintf(stderr, "\n  %s: %d failure(s) on the good answer, %d on the bad one\n",
                    CASES[i].check, p, f);
        CU_ASSERT_EQUAL(p, 0);
        CU_ASSERT_EQUAL(f, 1);
    }
}

#define TOP "id: t\ntitle: t\nlevel: %s\nrefs: [x]\nblobs: {a: {size: 3}}\nsteps:\n"

/* A save from an absent header fails, and a later use names the variable and the step. */
static void test_unset_placeholder(void)
{
    fixture *f = calloc(1, sizeof(*f));
    char text[1024];
    snprintf(text, sizeof(text),
             TOP "  - start_upload: {as: owner, repo: r}\n    save: {loc: location}\n"
                 "  - request: {as: owner, method: GET, url: \"${loc}\"}\n"
                 "    expect: {status: 204}\n",
             "MUST");
    CU_ASSERT_EQUAL_FATAL(fixture_init(f, text, 0), 0);
    rs_stepout so;
    answer no_location = {202, "Docker-Upload-UUID: u\n"};
    make_answer(&no_location, &so);
    rs_saves_do(&f->c, &f->sc.steps[0], 0, &so, &f->c.actors[0]);
    rs_resp_free(&so.resp);
    CU_ASSERT_EQUAL(f->res.failed_checks, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(rs_buf_str(&f->res.failures),
                                  "t/t.yaml:8:17: step 1 (start_upload) MUST check 'save': cannot "
                                  "save ${loc}: the 202 response has no Location header"));
    rs_err err;
    int sent = 1;
    make_answer(&no_location, &so);
    CU_ASSERT_EQUAL(rs_step_exec(&f->c, &f->sc.steps[1], 1, &f->c.actors[0], &so, &sent, &err),
                    RS_OK);
    rs_resp_free(&so.resp);
    CU_ASSERT_EQUAL(sent, 0); /* nothing was sent to "" */
    CU_ASSERT_EQUAL(f->res.failed_checks, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(rs_buf_str(&f->res.failures),
                                  "t/t.yaml:9:44: step 2 (request) MUST check 'url': ${loc} has no "
                                  "value: step 1 (line 7) could not save it: the 202 response has "
                                  "no Location header; the step was not sent"));
    CU_ASSERT_EQUAL(f->res.outcome, RS_RES_FAIL);
    fixture_free(f);
    free(f);
}

/* A value that expands to "" is not searched for. */
static void test_empty_expansion(void)
{
    fixture *f = calloc(1, sizeof(*f));
    char text[1024];
    snprintf(text, sizeof(text),
             TOP "  - head_blob: {as: owner, repo: r, blob: a}\n    save: {x: body}\n"
                 "  - head_blob: {as: owner, repo: r, blob: a}\n"
                 "    expect: {body_contains: \"${x}\", no_header_mentions: [\"${x}\"]}\n",
             "MUST");
    CU_ASSERT_EQUAL_FATAL(fixture_init(f, text, 0), 0);
    CU_ASSERT_EQUAL_FATAL(rs_vars_set(&f->c.vars, "x", ""), 0);
    rs_stepout so;
    answer a = {200, "X: y\n", "body"};
    make_answer(&a, &so);
    rs_checks_run(&f->c, &f->sc.steps[1], 1, &so);
    rs_resp_free(&so.resp);
    CU_ASSERT_EQUAL(f->res.failed_checks, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(rs_buf_str(&f->res.failures), "expands to an empty string"));
    fixture_free(f);
    free(f);
}

/* MUST fails; SHOULD warns unless --strict; MAY only ever warns. */
static void test_levels(void)
{
    static const struct {
        const char *level;
        int strict;
        rs_outcome want;
    } L[] = {{"MUST", 0, RS_RES_FAIL},
             {"SHOULD", 0, RS_RES_WARN},
             {"SHOULD", 1, RS_RES_FAIL},
             {"MAY", 0, RS_RES_WARN},
             {"MAY", 1, RS_RES_WARN}};
    for (size_t i = 0; i < sizeof(L) / sizeof(L[0]); i++) {
        fixture *f = calloc(1, sizeof(*f));
        char text[512];
        snprintf(text, sizeof(text),
                 TOP "  - head_blob: {as: owner, repo: r, blob: a}\n"
                     "    expect: {status: 200}\n",
                 L[i].level);
        CU_ASSERT_EQUAL_FATAL(fixture_init(f, text, L[i].strict), 0);
        f->res.outcome = RS_RES_PASS;
        rs_stepout so;
        answer a = {404};
        make_answer(&a, &so);
        rs_checks_run(&f->c, &f->sc.steps[0], 0, &so);
        rs_resp_free(&so.resp);
        CU_ASSERT_EQUAL(f->res.outcome, L[i].want);
        fixture_free(f);
        free(f);
    }
}

/* A check with its own level (check_levels) fails or warns at it, the step's others at the
 * step's; the check's record carries the level it was evaluated at. */
static void test_check_levels(void)
{
    static const struct {
        const char *spec;
        rs_outcome want;
        rs_level header;
    } W[] = {{"v1.1.1", RS_RES_WARN, RS_LEVEL_SHOULD}, {"main", RS_RES_FAIL, RS_LEVEL_MUST}};
    for (size_t i = 0; i < sizeof(W) / sizeof(W[0]); i++) {
        fixture *f = calloc(1, sizeof(*f));
        char text[512];
        snprintf(text, sizeof(text),
                 TOP "  - get_blob: {as: owner, repo: r, blob: a}\n"
                     "    expect: {status: 200, header: {Docker-Content-Digest: x}}\n"
                     "    check_levels: {header: {v1.0.0: SHOULD, main: MUST}}\n",
                 "MUST");
        CU_ASSERT_EQUAL_FATAL(fixture_init(f, text, 0), 0);
        rs_scenario_apply_spec(&f->sc, rs_spec_find(W[i].spec));
        f->res.outcome = RS_RES_PASS;
        rs_stepout so;
        answer a = {200, "Content-Length: 3\n"};
        make_answer(&a, &so);
        rs_checks_run(&f->c, &f->sc.steps[0], 0, &so);
        rs_resp_free(&so.resp);
        CU_ASSERT_EQUAL(f->res.outcome, W[i].want);
        CU_ASSERT_EQUAL_FATAL(f->res.ncr, 2);
        CU_ASSERT_EQUAL(f->res.cr[0].level, RS_LEVEL_MUST);
        CU_ASSERT_EQUAL(f->res.cr[0].verdict, RS_CHECK_PASS);
        CU_ASSERT_EQUAL(f->res.cr[1].level, W[i].header);
        CU_ASSERT_EQUAL(f->res.cr[1].verdict,
                        W[i].want == RS_RES_FAIL ? RS_CHECK_FAIL : RS_CHECK_WARN);
        CU_ASSERT_PTR_NOT_NULL(strstr(rs_buf_str(&f->res.failures),
                                      W[i].header == RS_LEVEL_MUST ? ") MUST check 'header'"
                                                                   : ") SHOULD check 'header'"));
        fixture_free(f);
        free(f);
    }
}

/* A body over the kept size is never searched, and too many headers are a failed check. */
static void test_cut_answers(void)
{
    fixture *f = calloc(1, sizeof(*f));
    char text[512];
    snprintf(text, sizeof(text),
             TOP "  - get_blob: {as: owner, repo: r, blob: a}\n"
                 "    expect: {body_contains: needle}\n",
             "MUST");
    CU_ASSERT_EQUAL_FATAL(fixture_init(f, text, 0), 0);
    rs_stepout so;
    answer a = {200, "", "needle"};
    make_answer(&a, &so);
    so.resp.body.truncated = 1; /* what came after the kept bytes was not kept */
    so.resp.headers_truncated = 1;
    rs_checks_run(&f->c, &f->sc.steps[0], 0, &so);
    rs_resp_free(&so.resp);
    CU_ASSERT_EQUAL(f->res.failed_checks, 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(rs_buf_str(&f->res.failures), "not searched"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rs_buf_str(&f->res.failures), "not all were read"));
    fixture_free(f);
    free(f);
}

/* A cut body holding the right error code or tag still fails, naming the limit kept. */
static void test_cut_lists(void)
{
    fixture *f = calloc(1, sizeof(*f));
    char text[512];
    snprintf(text, sizeof(text),
             TOP "  - tags_list: {as: owner, repo: r}\n"
                 "    expect: {error_code: NAME_UNKNOWN, tags_include: [a]}\n",
             "MUST");
    CU_ASSERT_EQUAL_FATAL(fixture_init(f, text, 0), 0);
    rs_stepout so;
    answer a = {200, "", "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}],\"tags\":[\"a\"]}"};
    make_answer(&a, &so);
    so.resp.body.truncated = 1;
    rs_checks_run(&f->c, &f->sc.steps[0], 0, &so);
    rs_resp_free(&so.resp);
    CU_ASSERT_EQUAL(f->res.failed_checks, 2);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(rs_buf_str(&f->res.failures), "no errors[] read: the body is over the 1 MiB"));
    CU_ASSERT_PTR_NOT_NULL(strstr(rs_buf_str(&f->res.failures),
                                  "no tags list that regsuite read: the body is over the 1 MiB"));
    fixture_free(f);
    free(f);
}

void rs_test_checks_register(void)
{
    CU_pSuite s = CU_add_suite("checks", NULL, NULL);
    CU_add_test(s, "every check kind passes and fails", test_every_check);
    CU_add_test(s, "unset placeholder: a failed check naming it", test_unset_placeholder);
    CU_add_test(s, "empty expansion is refused", test_empty_expansion);
    CU_add_test(s, "levels and --strict", test_levels);
    CU_add_test(s, "check_levels: a check's own level by release", test_check_levels);
    CU_add_test(s, "cut bodies and headers are failed checks", test_cut_answers);
    CU_add_test(s, "cut bodies: error codes and lists name the limit", test_cut_lists);
}
