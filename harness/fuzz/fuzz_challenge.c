/* fuzz_challenge: a WWW-Authenticate header from the registry (rs_challenge_parse), and the
 * challenge's scope merged with the request's (rs_scope_union), as auth.c does on a 401. */
#include "fuzz.h"

#include "../auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *h = rs_fuzz_str(data, size);
    if (!h)
        return 0;
    rs_challenge c;
    if (rs_challenge_parse(h, &c) == 0) {
        char more[4096];
        rs_scope_union("repository:ns/app:pull", c.scope, more, sizeof(more));
        rs_scope_union(c.scope, NULL, more, sizeof(more));
    }
    free(h);
    return 0;
}
