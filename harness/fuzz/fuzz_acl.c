/* fuzz_acl: the token server's users and rules file (rs_acl_load_mem), then the rules asked
 * about a user and anonymous (rs_acl_allowed: globs, ${user}). */
#include "fuzz.h"

#include "../../fixtures/authd/acl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rs_acl *acl = malloc(sizeof(*acl));
    if (!acl)
        return 0;
    rs_err err;
    if (rs_acl_load_mem(acl, "f/acl.yaml", (const char *)data, size, &err) == RS_OK) {
        (void)rs_acl_allowed(acl, "alice", "repository", "alice/app");
        (void)rs_acl_allowed(acl, NULL, "repository", "public/app");
        (void)rs_acl_allowed(acl, "bob", "registry", "catalog");
    }
    free(acl);
    return 0;
}
