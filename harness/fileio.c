#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The buffer starts small and doubles up to max + 1 bytes: a short file (every scenario) costs
 * little, and a file over max is known by reading one byte past it. */
char *rs_read_file(const char *path, size_t max, size_t *len, rs_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        rs_errf(err, RS_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = max + 1 < 16384 ? max + 1 : 16384, n = 0;
    char *buf = malloc(cap + 1), *more;
    while (buf && (n += fread(buf + n, 1, cap - n, f)) == cap && cap < max + 1) {
        cap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
        if (!(more = realloc(buf, cap + 1)))
            free(buf);
        buf = more;
    }
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
