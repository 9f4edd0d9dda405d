/* fuzz_dockercfg: a docker config.json (rs_docker_auth_parse) for a fixed registry URL, with and
 * without a wanted user. */
#include "fuzz.h"

#include "../dockercfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *json = rs_fuzz_str(data, size);
    if (!json)
        return 0;
    char user[128], pass[256];
    (void)rs_docker_auth_parse(json, "https://127.0.0.1:5000", "", user, sizeof(user), pass,
                               sizeof(pass));
    (void)rs_docker_auth_parse(json, "http://reg.example/", "alice", user, sizeof(user), pass,
                               sizeof(pass));
    free(json);
    return 0;
}
