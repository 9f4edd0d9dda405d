/* spec: the closed table of OCI distribution-spec releases a level can differ by, the default
 * (the latest release), and a level per release (rs_levels) resolved for the one a run picks. */
#ifndef RS_SPEC_H
#define RS_SPEC_H

#include <stddef.h>

#define RS_SPEC_COUNT 5

typedef struct {
    const char *name; /* as written in scenarios and --spec: v1.1.1 */
    const char *what; /* the text it names, for docs */
} rs_spec_release;

/* Oldest first. A level map in a scenario names releases of this table only. */
extern const rs_spec_release RS_SPECS[RS_SPEC_COUNT];

/* The latest release: what a run certifies against without --spec. */
#define RS_SPEC_DEFAULT 3

/* The index of the release named name, or -1. */
int rs_spec_find(const char *name);
/* "v1.0.0, v1.0.1, ..." into buf (for messages and usage). */
void rs_spec_names(char *buf, size_t len);

#endif
