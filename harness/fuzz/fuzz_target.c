/* fuzz_target: a target file (rs_target_load_mem): actors, namespaces, features, timeout. */
#include "fuzz.h"

#include "../target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rs_target *t = malloc(sizeof(*t));
    if (!t)
        return 0;
    rs_err err;
    if (rs_target_load_mem(t, "f/target.yaml", (const char *)data, size, &err) == RS_OK) {
        (void)rs_target_actor_get(t, "owner");
        (void)rs_target_ns(t, "owner");
        (void)rs_target_has(t, "delete");
    }
    free(t);
    return 0;
}
