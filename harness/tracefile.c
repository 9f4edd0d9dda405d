#include "tracefile.h"

#include "report.h"
#include "version.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

rs_status rs_tracefile_dir(const char *dir, rs_err *err)
{
    char p[1024];
    if (!dir[0] || snprintf(p, sizeof(p), "%s", dir) >= (int)sizeof(p))
        return rs_errf(err, RS_ERR_USAGE, "'%s': expected a directory name", dir);
    for (char *q = p + 1; *q; q++) /* the parents first, as mkdir -p */
        if (*q == '/') {
            *q = 0;
            if (mkdir(p, 0755) != 0 && errno != EEXIST)
                return rs_errf(err, RS_ERR_IO, "cannot create %s: %s", p, strerror(errno));
            *q = '/';
        }
    if (mkdir(p, 0755) != 0 && errno != EEXIST)
        return rs_errf(err, RS_ERR_IO, "cannot create %s: %s", p, strerror(errno));
    struct stat st;
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode) || access(p, W_OK | X_OK) != 0)
        return rs_errf(err, RS_ERR_IO, "%s is not a writable directory", p);
    return RS_OK;
}

rs_status rs_tracefile_write(const char *dir, const rs_target *t, const rs_result *r, char *path,
                             size_t len, rs_err *err)
{
    char name[160];
    snprintf(name, sizeof(name), "%s", r->sc->id);
    for (char *q = name; *q; q++) /* an id is a file name already; never a path */
        if (!(*q == '-' || *q == '_' || *q == '.' || (*q >= '0' && *q <= '9') ||
              (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
            *q = '_';
    if (snprintf(path, len, "%s/%s.trace", dir, name) >= (int)len)
        return path[0] = 0, rs_errf(err, RS_ERR_USAGE, "--trace-dir %s: the path is too long", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return path[0] = 0, rs_errf(err, RS_ERR_IO, "cannot write %s: %s", path, strerror(errno));
    fprintf(f,
            "# regsuite %s: HTTP trace of scenario %s (%s)\n# target %s (%s), outcome %s\n"
            "# credentials and tokens are redacted\n",
            RS_VERSION, r->sc->id, r->sc->path, t->name, t->url, rs_report_outcome(r));
    if (r->reason[0])
        fprintf(f, "# %s\n", r->reason);
    fputs(r->trace && r->trace[0] ? r->trace : "(no HTTP exchange)\n", f);
    if (ferror(f) | (fclose(f) != 0)) {
        rs_status st = rs_errf(err, RS_ERR_IO, "cannot write %s", path);
        path[0] = 0;
        return st;
    }
    return RS_OK;
}
