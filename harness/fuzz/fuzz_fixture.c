/* fuzz_fixture: a fixture file (fixture.c) through the loader: the input is written as
 * <tmp>/fz.fixture.yaml and a fixed scenario naming it (fixture: fz, reading ${fixture} and a
 * value the fixture may save, ${m}) is loaded, so its keys, blobs, steps, saves and the
 * read-only rule all see hostile text. The file goes to a folder of its own (in /dev/shm when
 * there is one: memory, not disk), made once and removed at exit. */
#include "fuzz.h"

#include "../scenario.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static rs_scenario model; /* one for every input, as in fuzz_scenario.c */
static char dir[64], path[128], scen[128];

static void remove_dir(void)
{
    unlink(path);
    rmdir(dir);
}

static const char SCENARIO[] =
    "id: f\ntitle: reads a fuzzed fixture\nlevel: MUST\nrefs: [fuzz]\nfixture: fz\n"
    "steps:\n  - head_blob: {as: owner, repo: \"${ns.owner}/x-${fixture}\", digest: "
    "\"${m}\"}\n  - request: {as: owner, method: DELETE, path: \"/v2/x/manifests/${m}\"}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        struct stat st;
        snprintf(dir, sizeof(dir), "%s/regsuite-fuzz-fixture-%d",
                 stat("/dev/shm", &st) == 0 ? "/dev/shm" : "/tmp", (int)getpid());
        (void)mkdir(dir, 0700);
        snprintf(path, sizeof(path), "%s/fz.fixture.yaml", dir);
        snprintf(scen, sizeof(scen), "%s/f.yaml", dir);
        atexit(remove_dir);
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    size_t wrote = fwrite(data, 1, size, f);
    fclose(f);
    if (wrote == size) {
        rs_err err;
        (void)rs_scenario_load_mem(&model, scen, SCENARIO, &err);
        rs_scenario_free(&model);
    }
    return 0;
}
