/* fuzz_scenario: a scenario file (rs_scenario_load_mem) through the whole loader: top-level
 * keys, blobs, steps, parameters, checks, saves, placeholders. The file is named f/f.yaml, so a
 * scenario with id: f gets past the id check. */
#include "fuzz.h"

#include "../scenario.h"

/* One model for every input (the loader clears it): a quarter MiB allocated per input would
 * go through ASan's mmap'd secondary allocator and cut the speed several times over. */
static rs_scenario model;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rs_fuzz_str(data, size);
    if (text) {
        rs_err err;
        (void)rs_scenario_load_mem(&model, "f/f.yaml", text, &err);
        rs_scenario_free(&model);
    }
    free(text);
    return 0;
}
