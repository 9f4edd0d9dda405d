/* fuzz_scenario: a scenario file (rs_scenario_load_mem) through the whole loader: top-level
 * keys, blobs, steps, parameters, checks, saves, placeholders. The file is named f/f.yaml, so a
 * scenario with id: f gets past the id check. */
#include "fuzz.h"

#include "../scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rs_fuzz_str(data, size);
    rs_scenario *s = calloc(1, sizeof(*s));
    if (text && s) {
        rs_err err;
        (void)rs_scenario_load_mem(s, "f/f.yaml", text, &err);
        rs_scenario_free(s);
    }
    free(s);
    free(text);
    return 0;
}
