#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *rs_read_file(const char *path, size_t max, size_t *len, rs_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        rs_errf(err, RS_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad || n > max) {
        if (!buf)
            rs_errf(err, RS_ERR_NOMEM, "%s: out of memory", path);
        else if (bad)
            rs_errf(err, RS_ERR_IO, "%s: cannot read the file", path);
        else
            rs_errf(err, RS_ERR_IO, "%s: larger than %zu bytes", path, max);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

rs_status rs_write_file(const char *path, const char *data, size_t len, rs_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return rs_errf(err, RS_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    size_t n = fwrite(data ? data : "", 1, len, f);
    int bad = fclose(f) != 0 || n != len;
    return bad ? rs_errf(err, RS_ERR_IO, "%s: write failed", path) : RS_OK;
}
