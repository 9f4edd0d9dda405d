/* Unit tests of retry.c: Retry-After values (delta-seconds, the three HTTP-date forms, garbage,
 * huge values), which requests may be sent again, the waits and their bounds; and the guard's
 * count of requests whose retries ran out. */
#include "../guard.h"
#include "../retry.h"
#include "tests.h"

#include <CUnit/Basic.h>
#include <string.h>
#include <time.h>

/* 1994-11-06 08:49:30 UTC: 7 s before the date of RFC 9110's examples. */
static time_t example_now(void)
{
    struct tm tm = {
        .tm_year = 94, .tm_mon = 10, .tm_mday = 6, .tm_hour = 8, .tm_min = 49, .tm_sec = 30};
    return timegm(&tm);
}

static void test_retry_after_seconds(void)
{
    time_t now = example_now();
    CU_ASSERT_EQUAL(rs_retry_after("1", now), 1);
    CU_ASSERT_EQUAL(rs_retry_after("0", now), 0);
    CU_ASSERT_EQUAL(rs_retry_after(" 120 ", now), 120); /* optional whitespace around it */
    CU_ASSERT_EQUAL(rs_retry_after("0003", now), 3);
    CU_ASSERT_EQUAL(rs_retry_after("3600", now), 3600);
    CU_ASSERT_EQUAL(rs_retry_after("99999999999999999999999999", now), RS_RETRY_FAR);
    CU_ASSERT_EQUAL(rs_retry_after("1000000001", now), RS_RETRY_FAR);
    CU_ASSERT_EQUAL(rs_retry_after("-1", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("1.5", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("12abc", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("1 2", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("   ", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after(NULL, now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("soon", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("0x10", now), -1);
}

static void test_retry_after_dates(void)
{
    time_t now = example_now();
    CU_ASSERT_EQUAL(rs_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), 7);  /* IMF-fixdate */
    CU_ASSERT_EQUAL(rs_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now), 7); /* RFC 850 */
    CU_ASSERT_EQUAL(rs_retry_after("Sun Nov  6 08:49:37 1994", now), 7);       /* asctime */
    CU_ASSERT_EQUAL(rs_retry_after("Sun, 06 Nov 1994 09:49:30 GMT", now), 3600);
    CU_ASSERT_EQUAL(rs_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now), 0); /* past: now */
    CU_ASSERT_EQUAL(rs_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", now), 0);
    CU_ASSERT_EQUAL(rs_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now), RS_RETRY_FAR);
    CU_ASSERT_EQUAL(rs_retry_after("Sun, 06 Nov 1994 08:49:37 PST", now), -1); /* GMT only */
    CU_ASSERT_EQUAL(rs_retry_after("Sun, 06 Foo 1994 08:49:37 GMT", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("Sun, 06 nov 1994 08:49:37 GMT", now), -1); /* case matters */
    CU_ASSERT_EQUAL(rs_retry_after("Xyz, 06 Nov 1994 08:49:37 GMT", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("Sun, 32 Nov 1994 08:49:37 GMT", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("Sun, 06 Nov 1994 24:00:00 GMT", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("Sun, 06 Nov 1994 08:61:00 GMT", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("Sun, 06 Nov 1994 08:49:37 GMT x", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("Sun, 06 Nov 1994", now), -1);
    CU_ASSERT_EQUAL(rs_retry_after("1994-11-06T08:49:37Z", now), -1); /* not an HTTP-date */
}

static void test_retry_kinds(void)
{
    const char *up = "https://r.example/v2/alice/app/blobs/uploads/";
    CU_ASSERT_EQUAL(rs_retry_kind_of("GET", up), RS_RETRY_RESEND);
    CU_ASSERT_EQUAL(rs_retry_kind_of("HEAD", up), RS_RETRY_RESEND);
    CU_ASSERT_EQUAL(rs_retry_kind_of("PUT", up), RS_RETRY_RESEND);
    CU_ASSERT_EQUAL(rs_retry_kind_of("DELETE", up), RS_RETRY_RESEND);
    CU_ASSERT_EQUAL(rs_retry_kind_of("POST", up), RS_RETRY_RESEND);
    CU_ASSERT_EQUAL(
        rs_retry_kind_of("POST", "https://r.example/v2/a/b/blobs/uploads/?mount=sha256:1&from=c"),
        RS_RETRY_RESEND);
    CU_ASSERT_EQUAL(rs_retry_kind_of("POST", "https://r.example/v2/a/blobs/uploads/?digest=x"),
                    RS_RETRY_RESEND);
    CU_ASSERT_EQUAL(rs_retry_kind_of("PATCH", "https://r.example/v2/a/blobs/uploads/u1"),
                    RS_RETRY_RECHECK);
    CU_ASSERT_EQUAL(rs_retry_kind_of("POST", "https://r.example/v2/a/blobs/uploads/u1"),
                    RS_RETRY_NEVER);
    CU_ASSERT_EQUAL(rs_retry_kind_of("POST", "https://auth.example/token"), RS_RETRY_NEVER);
    CU_ASSERT_EQUAL(rs_retry_kind_of("POST", "https://r.example/blobs/uploads/"), RS_RETRY_NEVER);
    CU_ASSERT_EQUAL(rs_retry_kind_of("BREW", up), RS_RETRY_NEVER);
}

static void test_retry_waits(void)
{
    time_t now = example_now();
    char why[160];
    CU_ASSERT_EQUAL(rs_retry_wait("1", 1, 10, now, why, sizeof(why)), 1);
    CU_ASSERT_STRING_EQUAL(why, "Retry-After: 1");
    CU_ASSERT_EQUAL(rs_retry_wait("0", 3, 10, now, why, sizeof(why)), 0);
    CU_ASSERT_EQUAL(rs_retry_wait("10", 1, 10, now, why, sizeof(why)), 10);
    CU_ASSERT_EQUAL(rs_retry_wait("11", 1, 10, now, why, sizeof(why)), -1); /* over the cap */
    CU_ASSERT_EQUAL(rs_retry_wait("3600", 1, 10, now, why, sizeof(why)), -1);
    CU_ASSERT_EQUAL(rs_retry_wait("99999999999999999999", 1, 10, now, why, sizeof(why)), -1);
    CU_ASSERT_EQUAL(rs_retry_wait("Sun, 06 Nov 1994 08:49:37 GMT", 1, 10, now, why, sizeof(why)),
                    7);
    CU_ASSERT_EQUAL(rs_retry_wait("5", 1, 2, now, why, sizeof(why)), -1); /* --timeout 2 */
    /* without Retry-After: 1 s doubled per retry, at most the cap */
    CU_ASSERT_EQUAL(rs_retry_wait(NULL, 1, 10, now, why, sizeof(why)), 1);
    CU_ASSERT_STRING_EQUAL(why, "no Retry-After: backoff");
    CU_ASSERT_EQUAL(rs_retry_wait(NULL, 2, 10, now, why, sizeof(why)), 2);
    CU_ASSERT_EQUAL(rs_retry_wait(NULL, 3, 10, now, why, sizeof(why)), 4);
    CU_ASSERT_EQUAL(rs_retry_wait(NULL, 10, 10, now, why, sizeof(why)), 10);
    CU_ASSERT_EQUAL(rs_retry_wait(NULL, 3, 2, now, why, sizeof(why)), 2);
    CU_ASSERT_EQUAL(rs_retry_wait(NULL, 1, 0.5, now, why, sizeof(why)), 0.5);
    CU_ASSERT_EQUAL(rs_retry_wait("soon", 2, 10, now, why, sizeof(why)), 2); /* garbage: backoff */
    CU_ASSERT_PTR_NOT_NULL(strstr(why, "'soon' unreadable"));
    CU_ASSERT_STRING_EQUAL(rs_retry_reason(429), "Too Many Requests");
    CU_ASSERT_STRING_EQUAL(rs_retry_reason(503), "Service Unavailable");
}

static void test_guard_refused(void)
{
    rs_guard g;
    char why[256];
    rs_guard_init(&g, 3, 0);
    rs_guard_refused(&g);
    rs_guard_timed_out(&g);
    CU_ASSERT_EQUAL(rs_guard_check(&g), RS_STOP_NONE);
    rs_guard_refused(&g); /* timeouts and refusals count against the same --max-timeouts */
    CU_ASSERT_EQUAL(rs_guard_check(&g), RS_STOP_UNRESPONSIVE);
    CU_ASSERT_STRING_EQUAL(rs_guard_reason(&g, why, sizeof(why)),
                           "the target is unresponsive: 1 request timed out and 2 requests were "
                           "still refused (429/503) when their retries ran out (--max-timeouts 3)");
    rs_guard_init(&g, 1, 0);
    rs_guard_refused(&g);
    CU_ASSERT_STRING_EQUAL(rs_guard_reason(&g, why, sizeof(why)),
                           "the target is unresponsive: 1 request was still refused (429/503) "
                           "when its retries ran out (--max-timeouts 1)");
    rs_guard_init(&g, 0, 0); /* no limit */
    for (int i = 0; i < 100; i++)
        rs_guard_refused(&g);
    CU_ASSERT_EQUAL(rs_guard_check(&g), RS_STOP_NONE);
    rs_guard_refused(NULL);
}

void rs_test_retry_register(void)
{
    CU_pSuite s = CU_add_suite("retry", NULL, NULL);
    CU_add_test(s, "Retry-After: delta-seconds, garbage, huge values", test_retry_after_seconds);
    CU_add_test(s, "Retry-After: the three HTTP-date forms, bad dates", test_retry_after_dates);
    CU_add_test(s, "which refused requests may be sent again", test_retry_kinds);
    CU_add_test(s, "waits: Retry-After, backoff, caps", test_retry_waits);
    CU_add_test(s, "guard: refusals count with timeouts", test_guard_refused);
}
