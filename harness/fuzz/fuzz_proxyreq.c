/* fuzz_proxyreq: the bug proxy's reading of a request -- the first line is the request target
 * ("/v2/<name>/tags/list?n=2&last=b"): its query through bp_args_parse and re-encoded with and
 * without mount/from (the no-mount rewrite), its path through bp_route_parse; the rest is the
 * upstream's tags list, paged by bp_tags_page with the request's n and last (the tags modes). */
#include "fuzz.h"

#include "../../fixtures/proxy/request.h"

#include <cjson/cJSON.h>

static void page(const char *body, const char *repo, const bp_args *a, int link)
{
    char line[2048];
    char *text =
        bp_tags_page(body, repo, bp_arg(a, "n"), bp_arg(a, "last"), link, line, sizeof(line));
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    if (text && !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, "tags")))
        abort(); /* the proxy's own page must be a tags list */
    cJSON_Delete(j);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t tlen = nl ? (size_t)(nl - data) : size;
    char *target = rs_fuzz_str(data, tlen);
    char *body = nl ? rs_fuzz_str(nl + 1, size - tlen - 1) : NULL;
    bp_args *a = malloc(sizeof(*a));
    if (target && a) {
        char *q = strchr(target, '?'), err[160];
        if (q)
            *q++ = '\0';
        bp_route rt;
        bp_route_parse(target, &rt);
        if (bp_args_parse(q ? q : "", q ? strlen(q) : 0, a, err, sizeof(err)) == 0) {
            char all[8192], small[64];
            bp_query(a, NULL, NULL, all, sizeof(all));
            bp_query(a, "mount", "from", small, sizeof(small));
            if (strlen(small) >= sizeof(small))
                abort();
            page(body, rt.repo, a, 1);
            page(body, rt.repo, a, 0);
        }
    }
    free(a);
    free(body);
    free(target);
    return 0;
}
