/* fuzz_errbody: a registry response body (rs_error_codes: {"errors":[{"code":...}]}), captured
 * into an rs_resp as http.c does (capped, NUL-terminated, any bytes); rs_json_parse on it,
 * which must never call a body cJSON refuses "out of memory" (there is no shortage here); and
 * the same body as a token server's answer (rs_token_parse: token, access_token, expires_in). */
#include "fuzz.h"

#include "../auth.h"
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
        char *tok = NULL;
        long expires = 0;
        rs_err err;
        if (rs_token_parse(rs_buf_str(&r.body), "fuzz", &tok, &expires, &err) == RS_OK)
            free(tok);
    }
    rs_resp_free(&r);
    return 0;
}
