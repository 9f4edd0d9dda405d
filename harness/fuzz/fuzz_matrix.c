/* fuzz_matrix: an authorization matrix (rs_matrix_load_mem) through its checks, the expansion
 * into scenario text (placeholders, the line map) and the scenario loader. The file is named
 * f/f.matrix.yaml. */
#include "fuzz.h"

#include "../matrix.h"
#include "../scenario.h"

#define SLOTS 32

/* The slots for every input (the loader clears what it uses): see fuzz_scenario.c. */
static rs_scenario slots[SLOTS];

typedef struct {
    int n;
} used;

static rs_scenario *slot(void *ctx)
{
    used *u = ctx;
    return u->n < SLOTS ? &slots[u->n++] : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = rs_fuzz_str(data, size);
    if (text) {
        rs_err err;
        used u = {0};
        (void)rs_matrix_load_mem("f/f.matrix.yaml", text, slot, &u, &err);
        for (int i = 0; i < u.n; i++)
            rs_scenario_free(&slots[i]);
    }
    free(text);
    return 0;
}
