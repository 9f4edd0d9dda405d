#include "expand.h"

#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rs_vars_init(rs_vars *v)
{
    memset(v, 0, sizeof(*v));
}

void rs_vars_free(rs_vars *v)
{
    for (int i = 0; i < v->n; i++) {
        free(v->name[i]);
        free(v->value[i]);
    }
    free(v->name);
    free(v->value);
    memset(v, 0, sizeof(*v));
}

int rs_vars_set(rs_vars *v, const char *name, const char *value)
{
    char *val = strdup(value);
    if (!val)
        return -1;
    for (int i = 0; i < v->n; i++)
        if (strcmp(v->name[i], name) == 0) {
            free(v->value[i]);
            v->value[i] = val;
            return 0;
        }
    if (v->n == v->cap) {
        int cap = v->cap ? v->cap * 2 : 32;
        char **nn = realloc(v->name, (size_t)cap * sizeof(char *));
        if (nn)
            v->name = nn;
        char **nv = nn ? realloc(v->value, (size_t)cap * sizeof(char *)) : NULL;
        if (nv)
            v->value = nv;
        if (!nn || !nv) {
            free(val);
            return -1;
        }
        v->cap = cap;
    }
    if (!(v->name[v->n] = strdup(name))) {
        free(val);
        return -1;
    }
    v->value[v->n++] = val;
    return 0;
}

const char *rs_vars_get(const rs_vars *v, const char *name)
{
    for (int i = 0; i < v->n; i++)
        if (strcmp(v->name[i], name) == 0)
            return v->value[i];
    return NULL;
}

void rs_vars_unset(rs_vars *v, const char *name)
{
    for (int i = 0; i < v->n; i++)
        if (strcmp(v->name[i], name) == 0) {
            free(v->name[i]);
            free(v->value[i]);
            v->name[i] = v->name[v->n - 1];
            v->value[i] = v->value[v->n - 1];
            v->n--;
            return;
        }
}

rs_status rs_expand(const rs_vars *v, const char *in, char **result, rs_err *err)
{
    rs_buf out;
    rs_buf_init(&out, 1 << 20);
    for (const char *p = in; *p;) {
        if (p[0] == '$' && p[1] == '$') {
            rs_buf_cat(&out, "$", 1);
            p += 2;
        } else if (p[0] == '$' && p[1] == '{') {
            const char *end = strchr(p + 2, '}');
            if (!end || end == p + 2 || end - p - 2 > 120) {
                rs_buf_free(&out);
                return rs_errf(err, RS_ERR_PARSE,
                               "malformed placeholder at '%.20s' (write ${name})", p);
            }
            char name[128];
            snprintf(name, sizeof(name), "%.*s", (int)(end - p - 2), p + 2);
            const char *val = rs_vars_get(v, name);
            if (!val) {
                rs_buf_free(&out);
                return rs_errf(err, RS_ERR_PARSE, "${%s} has no value", name);
            }
            rs_buf_cat(&out, val, strlen(val));
            p = end + 1;
        } else {
            size_t n = strcspn(p, "$");
            if (n == 0)
                n = 1;
            rs_buf_cat(&out, p, n);
            p += n;
        }
    }
    if (out.truncated || out.oom) {
        int oom = out.oom;
        rs_buf_free(&out);
        return oom ? rs_errf(err, RS_ERR_NOMEM, "out of memory expanding the text")
                   : rs_errf(err, RS_ERR_PARSE, "expanded text is larger than 1 MiB");
    }
    *result = out.data ? out.data : strdup("");
    return *result ? RS_OK : rs_errf(err, RS_ERR_NOMEM, "out of memory");
}
