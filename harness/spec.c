#include "spec.h"

#include <stdio.h>
#include <string.h>

/* Verified against each release's spec.md: what changes a level between them is quoted in the
 * scenarios' refs (e.g. Docker-Content-Digest on GET/HEAD: SHOULD up to v1.1.1, MUST on main). */
const rs_spec_release RS_SPECS[RS_SPEC_COUNT] = {
    {"v1.0.0", "OCI distribution-spec v1.0.0 (April 2021)"},
    {"v1.0.1", "OCI distribution-spec v1.0.1 (November 2021)"},
    {"v1.1.0", "OCI distribution-spec v1.1.0 (February 2024)"},
    {"v1.1.1", "OCI distribution-spec v1.1.1 (January 2025), the latest release"},
    {"main", "the OCI distribution-spec main branch (2026, unreleased)"},
};

int rs_spec_find(const char *name)
{
    for (int i = 0; name && i < RS_SPEC_COUNT; i++)
        if (strcmp(RS_SPECS[i].name, name) == 0)
            return i;
    return -1;
}

void rs_spec_names(char *buf, size_t len)
{
    size_t used = 0;
    if (len)
        buf[0] = '\0';
    for (int i = 0; i < RS_SPEC_COUNT && used < len; i++) {
        int n = snprintf(buf + used, len - used, "%s%s%s", i ? ", " : "", RS_SPECS[i].name,
                         i == RS_SPEC_DEFAULT ? " (default)" : "");
        if (n < 0)
            return;
        used += (size_t)n;
    }
}
