/* manifest_arg: a put_manifest step's `manifest:` map (validated at load) as an rs_manifest_spec:
 * blobs by name, saved manifests by their variable, platforms, foreign layers and their urls
 * (expanded: ${probe.url}), padding. */
#ifndef RS_MANIFEST_ARG_H
#define RS_MANIFEST_ARG_H

#include "steps.h"

/* Fills spec from the step's manifest argument; urls (4 slots, NULL-initialised) receives the
 * expanded urls, freed by rs_manifest_arg_free. 0 when a saved manifest or a placeholder has no
 * value (a failed check was recorded, k->not_sent is set). */
int rs_manifest_arg(rs_stepcall *k, rs_manifest_spec *spec, char **urls);
void rs_manifest_arg_free(char **urls);

#endif
