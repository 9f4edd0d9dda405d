#include "context.h"

#include "schema.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rs_blob *rs_ctx_blob(rs_ctx *c, const char *name)
{
    for (int i = 0; name && i < c->nblobs; i++)
        if (strcmp(c->blobs[i].name, name) == 0)
            return &c->blobs[i];
    return NULL;
}

const rs_saved_manifest *rs_ctx_manifest(const rs_ctx *c, const char *var)
{
    for (int i = c->nmanifests - 1; var && i >= 0; i--)
        if (strcmp(c->manifests[i].var, var) == 0)
            return &c->manifests[i];
    return NULL;
}

int rs_ctx_cleanup_add(rs_ctx *c, const rs_actor *a, const char *repo, const char *ref,
                       int is_manifest)
{
    int role = (int)(a - c->actors);
    for (int i = 0; i < c->ncleanup; i++) {
        const rs_cleanup_entry *e = &c->cleanup[i];
        if (e->is_manifest == is_manifest && strcmp(e->repo, repo) == 0 && strcmp(e->ref, ref) == 0)
            return 0; /* deleted once, by whoever added it first */
    }
    if (c->ncleanup == c->cleanup_cap) {
        int cap = c->cleanup_cap ? c->cleanup_cap * 2 : 16;
        rs_cleanup_entry *n = realloc(c->cleanup, (size_t)cap * sizeof(*n));
        if (!n)
            return -1;
        c->cleanup = n;
        c->cleanup_cap = cap;
    }
    rs_cleanup_entry *e = &c->cleanup[c->ncleanup];
    e->actor = role;
    e->repo = strdup(repo);
    e->ref = strdup(ref);
    e->is_manifest = is_manifest;
    if (!e->repo || !e->ref) {
        free(e->repo);
        free(e->ref);
        return -1;
    }
    c->ncleanup++;
    return 0;
}

void rs_ctx_cleanup_forget(rs_ctx *c, const char *repo, const char *ref, int is_manifest)
{
    for (int i = 0; i < c->ncleanup; i++) {
        rs_cleanup_entry *e = &c->cleanup[i];
        if (e->is_manifest != is_manifest || strcmp(e->repo, repo) != 0 || strcmp(e->ref, ref) != 0)
            continue;
        free(e->repo);
        free(e->ref);
        memmove(e, e + 1, (size_t)(c->ncleanup - i - 1) * sizeof(*e));
        c->ncleanup--;
        return; /* entries are unique (rs_ctx_cleanup_add) */
    }
}

/* A new check record; NULL when out of memory (the verdict then still counts, unrecorded). */
static rs_check_result *push_check(rs_ctx *c, const rs_step *s, int idx, int line, int col,
                                   const char *check)
{
    rs_result *r = c->res;
    if (r->ncr == r->capcr) {
        int cap = r->capcr ? r->capcr * 2 : 32;
        rs_check_result *n = realloc(r->cr, (size_t)cap * sizeof(*n));
        if (!n)
            return NULL;
        r->cr = n;
        r->capcr = cap;
    }
    rs_check_result *k = &r->cr[r->ncr++];
    memset(k, 0, sizeof(*k));
    k->step = idx;
    k->line = line ? line : s->line;
    k->col = line ? col : s->col;
    snprintf(k->check, sizeof(k->check), "%s", check);
    k->level = c->own_level ? (rs_level)(c->own_level - 1) : s->level;
    r->checks++;
    return k;
}

void rs_ctx_check_open(rs_ctx *c, const rs_step *s, int idx, int line, int col, const char *check)
{
    c->open_check = push_check(c, s, idx, line, col, check) ? c->res->ncr : 0;
}

void rs_ctx_check_close(rs_ctx *c)
{
    c->open_check = 0;
    c->own_level = 0;
}

void rs_ctx_check_level(rs_ctx *c, rs_level level)
{
    c->own_level = 1 + (int)level;
}

/* Adds msg to the open check, or to a check of its own, with its verdict. */
static void record_failure(rs_ctx *c, const rs_step *s, int idx, int line, int col,
                           const char *check, rs_check_verdict v, const char *msg)
{
    rs_check_result *k =
        c->open_check ? &c->res->cr[c->open_check - 1] : push_check(c, s, idx, line, col, check);
    if (!k)
        return;
    size_t old = k->message ? strlen(k->message) : 0, add = strlen(msg);
    char *m = realloc(k->message, old + add + 1);
    if (!m)
        return;
    memcpy(m + old, msg, add + 1);
    k->message = m;
    if (k->verdict != RS_CHECK_FAIL)
        k->verdict = v;
}

void rs_ctx_fail(rs_ctx *c, const rs_step *s, int idx, int line, int col, const char *check,
                 const char *actual, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    rs_level lv = c->own_level ? (rs_level)(c->own_level - 1) : s->level;
    char text[1800];
    snprintf(text, sizeof(text), "%s:%d:%d: step %d (%s%s%s%s) %s check '%s': %s\n",
             rs_step_file(c->sc, s), line ? line : s->line, line ? col : s->col, idx + 1,
             s->kind->name, s->name[0] ? " \"" : "", s->name, s->name[0] ? "\"" : "",
             rs_level_name(lv), check, msg);
    if (rs_buf_add(&c->res->failures, text, strlen(text)) != 0)
        c->res->failures.truncated = 1;
    c->res->failed_checks++;
    int fails = lv == RS_LEVEL_MUST || (lv == RS_LEVEL_SHOULD && c->o->strict);
    record_failure(c, s, idx, line, col, check, fails ? RS_CHECK_FAIL : RS_CHECK_WARN, text);
    if (fails)
        c->res->outcome = RS_RES_FAIL;
    else if (c->res->outcome == RS_RES_PASS)
        c->res->outcome = RS_RES_WARN;
    if (!c->res->first[0]) {
        snprintf(c->res->first, sizeof(c->res->first), "%.*s", (int)strlen(text) - 1, text);
        snprintf(c->res->actual, sizeof(c->res->actual), "%s", actual);
    }
}

/* The name of the first placeholder in text that has no value, into name. */
static int first_unset(const rs_vars *v, const char *text, char *name, size_t len)
{
    for (const char *p = text; (p = strstr(p, "${"));) {
        if (p > text && p[-1] == '$') {
            p += 2;
            continue;
        }
        const char *end = strchr(p + 2, '}');
        if (!end)
            return 0;
        snprintf(name, len, "%.*s", (int)(end - p - 2), p + 2);
        if (!rs_vars_get(v, name))
            return 1;
        p = end + 1;
    }
    return 0;
}

char *rs_ctx_expand(rs_ctx *c, const rs_step *s, int idx, const char *what, const rs_val *v,
                    int xflags)
{
    char name[128];
    char *x = NULL;
    rs_err e;
    rs_status st = rs_expand(&c->vars, v->text ? v->text : "", &x, &e);
    if (st == RS_ERR_NOMEM)
        c->nomem = 1;
    if (st != RS_OK) {
        if (first_unset(&c->vars, v->text, name, sizeof(name))) {
            const char *why = rs_vars_get(&c->unset_why, name);
            rs_ctx_fail(c, s, idx, v->line, v->col, what, "unset", "${%s} has no value: %s; %s",
                        name, why ? why : "no earlier step saved it",
                        xflags & RS_X_CHECK ? "nothing was compared" : "the step was not sent");
        } else {
            rs_ctx_fail(c, s, idx, v->line, v->col, what, "unexpandable", "%s", e.msg);
        }
        return NULL;
    }
    if ((xflags & RS_X_NONEMPTY) && !x[0]) {
        rs_ctx_fail(c, s, idx, v->line, v->col, what, "empty",
                    "'%s' expands to an empty string: nothing to compare with", v->text);
        free(x);
        return NULL;
    }
    return x;
}

long long rs_ctx_expand_int(rs_ctx *c, const rs_step *s, int idx, const char *what, const rs_val *v,
                            int xflags)
{
    if (!v->is_template)
        return v->num;
    char *x = rs_ctx_expand(c, s, idx, what, v, xflags | RS_X_NONEMPTY);
    if (!x)
        return -1;
    char *end = NULL;
    errno = 0;
    long long n = strtoll(x, &end, 10);
    if (errno || !end || *end || n < 0 || x[0] == '-' || x[0] == '+' || x[0] == ' ') {
        rs_ctx_fail(c, s, idx, v->line, v->col, what, x,
                    "'%s' expands to '%s', which is not a whole number", v->text, x);
        n = -1;
    }
    free(x);
    return n;
}
