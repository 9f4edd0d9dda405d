/* fuzz_errbody: a registry response body (rs_error_codes: {"errors":[{"code":...}]}), captured
 * into an rs_resp as http.c does (capped, NUL-terminated, any bytes). */
#include "fuzz.h"

#include "../checks.h"
#include "../http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rs_resp r;
    rs_resp_init(&r);
    if (rs_buf_add(&r.body, data, size) >= 0) {
        char codes[512], one[16];
        rs_error_codes(&r, codes, sizeof(codes));
        rs_error_codes(&r, one, sizeof(one));
    }
    rs_resp_free(&r);
    return 0;
}
