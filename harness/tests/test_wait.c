/* test_wait: the wait step -- no wait without tokens or with tokens outliving the bound, a wait
 * up to the renewal second plus one otherwise, a bound outside 1..10 refused, a stopped run. */
#include "../steps.h"
#include "tests.h"

#include <CUnit/CUnit.h>
#include <string.h>
#include <time.h>

/* Runs the wait step for an actor holding one token due for renewal at renew_at (0: none). */
static rs_status run_wait(long long seconds, time_t renew_at, rs_guard *g, double *took,
                          long *status)
{
    static char tok[] = "t", sc[] = "repository:a/b:pull";
    rs_actor a;
    memset(&a, 0, sizeof(a));
    a.conn.guard = g;
    if (renew_at) {
        a.cache[0].token = tok;
        a.cache[0].scopes = sc;
        a.cache[0].renew_at = renew_at;
        a.ncache = 1;
    }
    rs_stepout so;
    memset(&so, 0, sizeof(so));
    rs_err err = {0};
    rs_stepcall k = {.a = &a, .so = &so, .err = &err};
    k.num[RS_P_SECONDS] = seconds;
    double t0 = rs_now();
    rs_status st = (rs_status)rs_step_wait(&k);
    *took = rs_now() - t0;
    *status = so.resp.status;
    return st;
}

static void test_wait_bounds(void)
{
    double took;
    long status;
    time_t now = time(NULL);
    CU_ASSERT_EQUAL(run_wait(3, 0, NULL, &took, &status), RS_OK); /* no token */
    CU_ASSERT_TRUE(took < 0.5);
    CU_ASSERT_EQUAL(status, 200);
    CU_ASSERT_EQUAL(run_wait(3, now + 100, NULL, &took, &status), RS_OK); /* outlives 3 s */
    CU_ASSERT_TRUE(took < 0.5);
    CU_ASSERT_EQUAL(run_wait(3, now - 5, NULL, &took, &status), RS_OK); /* long due */
    CU_ASSERT_TRUE(took < 0.5);
    CU_ASSERT_EQUAL(run_wait(3, now, NULL, &took, &status), RS_OK); /* due: to its second + 1 */
    CU_ASSERT_TRUE(took < 2.1);
    CU_ASSERT_TRUE(time(NULL) >= now + 1);
    CU_ASSERT_EQUAL(run_wait(0, now, NULL, &took, &status), RS_ERR_CONFIG);
    CU_ASSERT_EQUAL(run_wait(11, now, NULL, &took, &status), RS_ERR_CONFIG);
}

static void test_wait_stopped(void)
{
    rs_guard g;
    rs_guard_init(&g, 0, 0);
    rs_guard_stop(&g, RS_STOP_SIGNAL);
    double took;
    long status;
    CU_ASSERT_EQUAL(run_wait(5, time(NULL) + 2, &g, &took, &status), RS_ERR_STOPPED);
    CU_ASSERT_TRUE(took < 0.5);
}

void rs_test_wait_register(void)
{
    CU_pSuite s = CU_add_suite("wait step", NULL, NULL);
    CU_add_test(s, "wait: no token, outliving tokens, due tokens, bounds", test_wait_bounds);
    CU_add_test(s, "wait: a stopped run ends it", test_wait_stopped);
}
