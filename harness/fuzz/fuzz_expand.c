/* fuzz_expand: ${...} placeholders (rs_expand) against a small variable table. */
#include "fuzz.h"

#include "../expand.h"

static const char *const VARS[][2] = {
    {"run", "r1a2b3"},
    {"ns.owner", "alice"},
    {"user.owner", "alice"},
    {"blob.l1.digest", "sha256:0000000000000000000000000000000000000000000000000000000000000000"},
    {"blob.l1.size", "40000"},
    {"loc", "https://127.0.0.1:5000/v2/alice/app/blobs/uploads/x?state=y"},
    {"empty", ""},
    {"$", "dollar"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = rs_fuzz_str(data, size);
    if (!in)
        return 0;
    rs_vars v;
    rs_vars_init(&v);
    int ok = 1;
    for (size_t i = 0; i < sizeof(VARS) / sizeof(VARS[0]); i++)
        ok &= rs_vars_set(&v, VARS[i][0], VARS[i][1]) == 0;
    char *out = NULL;
    rs_err err;
    if (ok && rs_expand(&v, in, &out, &err) == RS_OK)
        free(out);
    rs_vars_free(&v);
    free(in);
    return 0;
}
