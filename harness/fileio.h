/* fileio: whole-file reads with a size cap and whole-file writes, for configs, reports and keys.
 * The caller owns what rs_read_file returns (NUL-terminated, malloc'd). */
#ifndef RS_FILEIO_H
#define RS_FILEIO_H

#include "status.h"

#include <stddef.h>

/* Reads path; fails when it is larger than max bytes. *len (may be NULL) gets the size. */
char *rs_read_file(const char *path, size_t max, size_t *len, rs_err *err);
rs_status rs_write_file(const char *path, const char *data, size_t len, rs_err *err) RS_MUST_USE;

#endif
