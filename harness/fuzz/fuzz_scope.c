/* fuzz_scope: the token server's scope parser (rs_scope_parse on the exact bytes, not
 * NUL-terminated; rs_scope_parse_list on the text), as authd gets them from a query string. */
#include "fuzz.h"

#include "../../fixtures/authd/scope.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *exact = malloc(size ? size : 1), *text = rs_fuzz_str(data, size);
    rs_scope *list = malloc(8 * sizeof(*list));
    if (exact && text && list) {
        memcpy(exact, data, size);
        char err[256], acts[64];
        if (rs_scope_parse(exact, size, &list[0], err, sizeof(err)) == 0)
            (void)rs_actions_str(list[0].actions, acts, sizeof(acts));
        int n = rs_scope_parse_list(text, list, 8, err, sizeof(err));
        for (int i = 0; i < n; i++)
            (void)rs_actions_str(list[i].actions, acts, sizeof(acts));
    }
    free(list);
    free(text);
    free(exact);
    return 0;
}
