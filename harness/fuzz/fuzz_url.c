/* fuzz_url: a Location header (absolute or relative) resolved against the target's URL
 * (rs_url_resolve), as oci.c, steps.c and saves.c do; and the same bytes as a Link header
 * (rs_link_next), its rel="next" target then resolved, as steps.c pages a list. */
#include "fuzz.h"

#include "../http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *loc = rs_fuzz_str(data, size);
    if (!loc)
        return 0;
    free(rs_url_resolve("https://127.0.0.1:5000", loc));
    free(rs_url_resolve("http://reg.example:8080/v2/ns/app/blobs/uploads/", loc));
    char *next = rs_link_next(loc);
    if (next)
        free(rs_url_resolve("https://127.0.0.1:5000/v2/ns/app/tags/list?n=2", next));
    free(next);
    free(loc);
    return 0;
}
