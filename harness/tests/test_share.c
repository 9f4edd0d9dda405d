/* test_share: the run's shared tokens and challenge (share.c): scope covering, widening, the
 * token cache by role, realm, service and scope set; --shard slices (plan.c). */
#include "../auth.h"
#include "../oci.h"
#include "../plan.h"
#include "../share.h"
#include "tests.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

static void test_covers(void)
{
    CU_ASSERT_TRUE(rs_scope_covers("repository:a/b:pull", "repository:a/b:pull"));
    CU_ASSERT_TRUE(rs_scope_covers("repository:a/b:pull,push,delete", "repository:a/b:pull"));
    CU_ASSERT_TRUE(rs_scope_covers("repository:a/b:pull,push,delete", "repository:a/b:delete"));
    CU_ASSERT_TRUE(rs_scope_covers("repository:a/b:*", "repository:a/b:push"));
    CU_ASSERT_TRUE(
        rs_scope_covers("repository:a/b:pull repository:a/b:push", "repository:a/b:pull,push"));
    CU_ASSERT_FALSE(rs_scope_covers("repository:a/b:pull", "repository:a/b:pull,push"));
    CU_ASSERT_FALSE(rs_scope_covers("repository:a/b:pull,push", "repository:a/c:pull"));
    CU_ASSERT_FALSE(rs_scope_covers("repository:a/b:pull,push", "repository:a/bc:pull"));
    /* a token asked for more repositories serves fewer; any serves none */
    CU_ASSERT_TRUE(
        rs_scope_covers("repository:a/b:pull repository:c/d:pull", "repository:a/b:pull"));
    CU_ASSERT_FALSE(
        rs_scope_covers("repository:a/b:pull repository:c/d:pull", "repository:a/b:push"));
    CU_ASSERT_FALSE(
        rs_scope_covers("repository:c/d:pull", "repository:a/b:pull repository:c/d:pull"));
    CU_ASSERT_TRUE(rs_scope_covers("repository:a/b:pull", ""));
    CU_ASSERT_FALSE(rs_scope_covers("", "repository:a/b:pull"));
    CU_ASSERT_FALSE(rs_scope_covers("registry:catalog:*", "repository:a/b:pull"));
    char b[256];
    CU_ASSERT_STRING_EQUAL(
        rs_oci_scope_of_url("https://r:5000/v2/a/b/blobs/uploads/x?_state=1", b, sizeof(b)),
        "repository:a/b:pull");
    CU_ASSERT_STRING_EQUAL(rs_oci_scope_of_url("https://r/v2/a/manifests/v1", b, sizeof(b)),
                           "repository:a:pull");
    CU_ASSERT_STRING_EQUAL(rs_oci_scope_of_url("https://r/v2/a.b/c_d/tags/list?n=1", b, sizeof(b)),
                           "repository:a.b/c_d:pull");
    CU_ASSERT_PTR_NULL(
        rs_oci_scope_of_url("https://r/v2/a/x/../../m/y/blobs/sha256:1", b, sizeof(b)));
    CU_ASSERT_PTR_NULL(rs_oci_scope_of_url("https://r/v2/a//b/blobs/sha256:1", b, sizeof(b)));
    CU_ASSERT_PTR_NULL(rs_oci_scope_of_url("https://r/v2/A%2fb/blobs/sha256:1", b, sizeof(b)));
    CU_ASSERT_PTR_NULL(rs_oci_scope_of_url("https://r/upload/opaque-123", b, sizeof(b)));
    CU_ASSERT_PTR_NULL(rs_oci_scope_of_url("https://r/v2/a/?x=/blobs/", b, sizeof(b)));
    CU_ASSERT_PTR_NULL(rs_oci_scope_of_url("https://r/v2/", b, sizeof(b)));
    CU_ASSERT_PTR_NULL(rs_oci_scope_of_url("no-scheme/v2/a/blobs/x", b, sizeof(b)));
    CU_ASSERT_FALSE(rs_scope_covers(NULL, "repository:a/b:pull"));
}

/* what a request step's 201 created, for the cleanup: its Location, in the request's repository */
static int created(const char *url, long status, const char *loc, char *repo, char *ref)
{
    rs_resp r;
    rs_resp_init(&r);
    r.status = status;
    char n[] = "Location", v[512];
    snprintf(v, sizeof(v), "%s", loc ? loc : "");
    if (loc) {
        r.headers[0] = (rs_header){n, v};
        r.nheaders = 1;
    }
    return rs_oci_created(url, &r, repo, 64, ref, 100);
}

static void test_created(void)
{
    char repo[64], ref[100];
    const char *up = "https://r:5000/v2/a/b/blobs/uploads/u1?_state=x&digest=sha256%3Aab";
    CU_ASSERT_EQUAL(created(up, 201, "/v2/a/b/blobs/sha256:ab", repo, ref), 1);
    CU_ASSERT_STRING_EQUAL(repo, "a/b");
    CU_ASSERT_STRING_EQUAL(ref, "sha256:ab");
    CU_ASSERT_EQUAL(created(up, 201, "https://r:5000/v2/a/b/blobs/sha256:ab", repo, ref), 1);
    CU_ASSERT_EQUAL(
        created("https://r/v2/a/manifests/v1", 201, "/v2/a/manifests/sha256:cd", repo, ref), 2);
    CU_ASSERT_STRING_EQUAL(ref, "sha256:cd");
    /* nothing: not a 201, no Location, another origin or repository, a tag, a query, opaque */
    CU_ASSERT_EQUAL(created(up, 202, "/v2/a/b/blobs/sha256:ab", repo, ref), 0);
    CU_ASSERT_EQUAL(created(up, 201, NULL, repo, ref), 0);
    CU_ASSERT_EQUAL(created(up, 201, "https://other/v2/a/b/blobs/sha256:ab", repo, ref), 0);
    CU_ASSERT_EQUAL(created(up, 201, "/v2/victim/blobs/sha256:ab", repo, ref), 0);
    CU_ASSERT_EQUAL(created(up, 201, "/v2/a/b/manifests/latest", repo, ref), 0);
    CU_ASSERT_EQUAL(created(up, 201, "/v2/a/b/blobs/sha256:ab?x=1", repo, ref), 0);
    CU_ASSERT_EQUAL(created(up, 201, "/v2/a/b/blobs/sha256:ab/../../x", repo, ref), 0);
    CU_ASSERT_EQUAL(created(up, 201, "/v2/a/b/tags/", repo, ref), 0); /* short: not read past */
    CU_ASSERT_EQUAL(created(up, 201, "/v2/a/b/referrers/x", repo, ref), 0);
    CU_ASSERT_EQUAL(created("https://r/upload/opaque-1", 201, "/v2/a/b/blobs/sha256:ab", repo, ref),
                    0);
}

static void test_widen(void)
{
    char out[256];
    rs_scope_widen("repository:a/b:pull registry:catalog:*", out, sizeof(out));
    CU_ASSERT_STRING_EQUAL(out, "repository:a/b:pull,push,delete registry:catalog:*");
    rs_scope_widen("repository:host:5000/a:push", out, sizeof(out));
    CU_ASSERT_STRING_EQUAL(out, "repository:host:5000/a:pull,push,delete");
    rs_scope_widen("", out, sizeof(out));
    CU_ASSERT_STRING_EQUAL(out, "");
    rs_scope_widen("repository:a/b:pull", out, 20); /* too long: as asked */
    CU_ASSERT_STRING_EQUAL(out, "repository:a/b:pull");
}

static void test_tokens(void)
{
    rs_share *s = rs_share_new(RS_ROLE_COUNT, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const char *wide = "repository:a/b:pull,push,delete";
    CU_ASSERT_PTR_NULL(rs_share_token(s, 0, "https://r/token", "svc", wide, 0));
    rs_share_token_put(s, 0, "https://r/token", "svc", wide, "T1", time(NULL) + 60);
    char *t = rs_share_token(s, 0, "https://r/token", "svc", "repository:a/b:pull", 0);
    CU_ASSERT_PTR_NOT_NULL(t);
    if (t)
        CU_ASSERT_STRING_EQUAL(t, "T1");
    free(t);
    /* exact (scopes:): only the same scope set */
    CU_ASSERT_PTR_NULL(rs_share_token(s, 0, "https://r/token", "svc", "repository:a/b:pull", 1));
    t = rs_share_token(s, 0, "https://r/token", "svc", wide, 1);
    CU_ASSERT_PTR_NOT_NULL(t);
    free(t);
    /* another role, realm or service: never */
    CU_ASSERT_PTR_NULL(rs_share_token(s, 1, "https://r/token", "svc", "repository:a/b:pull", 0));
    CU_ASSERT_PTR_NULL(rs_share_token(s, 0, "https://x/token", "svc", "repository:a/b:pull", 0));
    CU_ASSERT_PTR_NULL(rs_share_token(s, 0, "https://r/token", "svc2", "repository:a/b:pull", 0));
    /* past its renewal time (auth.c: rs_token_renew_after): not handed out */
    rs_share_token_put(s, 2, "https://r/token", "svc", wide, "T2", time(NULL) - 1);
    CU_ASSERT_PTR_NULL(rs_share_token(s, 2, "https://r/token", "svc", wide, 0));
    /* forgotten (the registry called it invalid) */
    rs_share_token_forget(s, 0, "https://r/token", "svc", "repository:a/b:pull");
    CU_ASSERT_PTR_NULL(rs_share_token(s, 0, "https://r/token", "svc", wide, 0));
    unsigned fetched = 0, reused = 0;
    rs_share_token_counts(s, &fetched, &reused);
    CU_ASSERT_EQUAL(fetched, 2);
    CU_ASSERT_EQUAL(reused, 2);
    rs_challenge c = {.scheme = RS_SCHEME_BEARER, .realm = "https://r/token"}, got;
    CU_ASSERT_FALSE(rs_share_challenge(s, &got, sizeof(got)));
    rs_share_set_challenge(s, &c, sizeof(c));
    CU_ASSERT_TRUE(rs_share_challenge(s, &got, sizeof(got)));
    CU_ASSERT_STRING_EQUAL(got.realm, "https://r/token");
    CU_ASSERT_PTR_NOT_NULL(rs_share_curl(s, 0, 0));
    CU_ASSERT_PTR_NOT_NULL(rs_share_curl(s, 1, RS_ROLE_COUNT - 1));
    CU_ASSERT_PTR_NOT_EQUAL(rs_share_curl(s, 0, 0), rs_share_curl(s, 1, 0)); /* per thread */
    CU_ASSERT_PTR_NULL(rs_share_curl(s, 0, RS_ROLE_COUNT));
    CU_ASSERT_PTR_NULL(rs_share_curl(s, 2, 0));
    rs_share_free(s);
    CU_ASSERT_PTR_NULL(rs_share_token(NULL, 0, "r", "s", wide, 0));
    rs_share_free(NULL);
}

/* A plan of n selected scenarios (none loaded: rs_plan_shard only reorders sel). */
static void shard(int n, const char *spec, int *out, int *nout, rs_status *st)
{
    rs_plan p;
    memset(&p, 0, sizeof(p));
    int sel[16];
    for (int i = 0; i < n; i++)
        sel[i] = i;
    p.sel = sel;
    p.nsel = n;
    int si = 0, sn = 0;
    rs_err err;
    *st = rs_plan_shard(&p, spec, &si, &sn, &err);
    *nout = p.nsel;
    memcpy(out, sel, (size_t)p.nsel * sizeof(int));
}

static void test_shard(void)
{
    int out[16], n = 0;
    rs_status st;
    shard(5, "1/2", out, &n, &st);
    CU_ASSERT_EQUAL(st, RS_OK);
    CU_ASSERT_EQUAL(n, 3);
    CU_ASSERT(out[0] == 0 && out[1] == 2 && out[2] == 4);
    shard(5, "2/2", out, &n, &st);
    CU_ASSERT(st == RS_OK && n == 2 && out[0] == 1 && out[1] == 3);
    shard(5, "5/5", out, &n, &st);
    CU_ASSERT(st == RS_OK && n == 1 && out[0] == 4);
    shard(5, "1/1", out, &n, &st);
    CU_ASSERT(st == RS_OK && n == 5);
    const char *bad[] = {"3/2", "0/0", "0/2", "2", "1/6", "a/b", "1/2x", "/2", "1/", "-1/2", ""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        shard(5, bad[i], out, &n, &st);
        CU_ASSERT_EQUAL(st, RS_ERR_USAGE);
        CU_ASSERT_EQUAL(n, 5); /* the selection untouched */
    }
}

void rs_test_share_register(void)
{
    CU_pSuite s = CU_add_suite("share and shards", NULL, NULL);
    CU_add_test(s, "a scope set covering another", test_covers);
    CU_add_test(s, "repository scopes widened up front", test_widen);
    CU_add_test(s, "what a request's 201 created (its cleanup)", test_created);
    CU_add_test(s, "run-wide tokens and challenge", test_tokens);
    CU_add_test(s, "--shard slices", test_shard);
}
