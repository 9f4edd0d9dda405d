/* fuzz_retryafter: a Retry-After header value (delta-seconds or an HTTP-date, RFC 9110 10.2.3)
 * read by rs_retry_after and turned into a bounded wait by rs_retry_wait, as http.c does with
 * every 429 and 503. The wait is never negative except -1 (over the cap), never over the cap. */
#include "fuzz.h"

#include "../retry.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *v = rs_fuzz_str(data, size);
    if (!v)
        return 0;
    char why[160];
    long secs = rs_retry_after(v, (time_t)1765000000);
    if (secs < -1 || secs > RS_RETRY_FAR)
        __builtin_trap();
    for (int n = 1; n <= RS_RETRIES_MAX; n++) {
        double w = rs_retry_wait(v, n, RS_RETRY_WAIT_MAX, (time_t)1765000000, why, sizeof(why));
        if (w != -1 && (w < 0 || w > RS_RETRY_WAIT_MAX))
            __builtin_trap();
    }
    free(v);
    return 0;
}
