/* fuzz_errbody: a registry response body (rs_error_codes: {"errors":[{"code":...}]}), captured
 * into an rs_resp as http.c does (capped, NUL-terminated, any bytes); and rs_json_parse on it,
 * which must never call a body cJSON refuses "out of memory" (there is no shortage here). */
#include "fuzz.h"

#include "../checks.h"
#include "../http.h"
#include "../json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rs_resp r;
    rs_resp_init(&r);
    if (rs_buf_add(&r.body, data, size) >= 0) {
        char codes[512], one[16];
        rs_error_codes(&r, codes, sizeof(codes));
        rs_error_codes(&r, one, sizeof(one));
        int oom;
        cJSON *j = rs_json_parse(rs_buf_str(&r.body), &oom);
        if (oom)
            abort(); /* a malformed body would be blamed on regsuite's memory */
        cJSON_Delete(j);
    }
    rs_resp_free(&r);
    return 0;
}
