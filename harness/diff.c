#include "diff.h"

#include "buf.h"
#include "exitcode.h"
#include "fileio.h"
#include "version.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The kinds of change, in the order they are printed; the first three are regressions. */
typedef enum {
    K_REGRESSED,
    K_CHANGED,
    K_NEW_FAIL,
    K_FIXED,
    K_NEW,
    K_REMOVED,
    K_OTHER,
    K_NKINDS
} kind;
static const char *const KIND_NAMES[K_NKINDS] = {"regressed", "changed", "new",  "fixed",
                                                 "new",       "removed", "other"};
static const char *const KIND_LABELS[K_NKINDS] = {"REGRESSED", "CHANGED", "NEW",  "FIXED",
                                                  "NEW",       "REMOVED", "OTHER"};

typedef struct {
    const cJSON *old, *new; /* the result in each report, or NULL */
    kind k;
} change;

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
    return cJSON_IsString(v) ? v->valuestring : "";
}

static int known_outcome(const char *o)
{
    static const char *const ok[] = {"PASS", "FAIL", "WARN", "SKIP", "ERROR"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (strcmp(o, ok[i]) == 0)
            return 1;
    return 0;
}

/* The report's results, each with a string id (unique) and a known outcome; NULL after a message
 * naming what is wrong. */
static cJSON *load_report(const char *path)
{
    rs_err e;
    char *buf = rs_read_file(path, 256 << 20, NULL, &e);
    if (!buf) {
        fprintf(stderr, "regsuite: diff: %s\n", e.msg);
        return NULL;
    }
    cJSON *j = cJSON_Parse(buf);
    free(buf);
    const cJSON *res = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "results") : NULL;
    const char *why = !j ? "not JSON" : !cJSON_IsArray(res) ? "no results[] array" : NULL;
    const cJSON *r, *q;
    int i = 0;
    cJSON_ArrayForEach(r, res)
    {
        if (why)
            break;
        const char *id = jstr(r, "id");
        if (!id[0] || !known_outcome(jstr(r, "outcome")))
            why = "a result without an id or with an outcome other than PASS, FAIL, WARN, SKIP, "
                  "ERROR";
        int k = 0;
        cJSON_ArrayForEach(q, res) if (k++ < i && strcmp(jstr(q, "id"), id) == 0) why =
            "a scenario id appears twice";
        i++;
    }
    if (why) {
        fprintf(stderr, "regsuite: diff: %s: not a regsuite JSON report (%s)\n", path, why);
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}

static const cJSON *find(const cJSON *rep, const char *id)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(
                              rep, "results")) if (strcmp(jstr(r, "id"), id) == 0) return r;
    return NULL;
}

/* A failure: FAIL or ERROR (a listed expected failure too: the registry's answer is what counts).
 */
static int bad(const cJSON *r)
{
    return strcmp(jstr(r, "outcome"), "FAIL") == 0 || strcmp(jstr(r, "outcome"), "ERROR") == 0;
}

/* The outcome as shown: XFAIL/XPASS when the run's list of expected failures said so. */
static const char *shown(const cJSON *r)
{
    const char *x = jstr(r, "expected");
    return x[0] ? x : jstr(r, "outcome");
}

static kind classify(const cJSON *o, const cJSON *n)
{
    if (!o)
        return bad(n) && strcmp(jstr(n, "expected"), "XFAIL") != 0 ? K_NEW_FAIL : K_NEW;
    if (!n)
        return K_REMOVED;
    if (!bad(o) && bad(n))
        return K_REGRESSED;
    if (bad(o) && !bad(n))
        return strcmp(jstr(n, "outcome"), "SKIP") == 0 ? K_OTHER : K_FIXED;
    if (bad(o) && bad(n))
        return strcmp(jstr(o, "outcome"), jstr(n, "outcome")) != 0 ||
                       strcmp(jstr(o, "actual"), jstr(n, "actual")) != 0
                   ? K_CHANGED
                   : K_NKINDS;
    return strcmp(shown(o), shown(n)) != 0 ? K_OTHER : K_NKINDS; /* PASS, WARN, SKIP moves */
}

/* Every scenario of either report that changed, NEW's order first, then the removed ones. */
static change *collect(const cJSON *old, const cJSON *new, int *n, int *same)
{
    int cap = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(old, "results")) +
              cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(new, "results")) + 1;
    change *c = calloc((size_t)cap, sizeof(*c));
    const cJSON *r;
    *n = *same = 0;
    if (!c)
        return NULL;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(new, "results"))
    {
        const cJSON *o = find(old, jstr(r, "id"));
        kind k = classify(o, r);
        if (k == K_NKINDS)
            (*same)++;
        else
            c[(*n)++] = (change){o, r, k};
    }
    cJSON_ArrayForEach(
        r, cJSON_GetObjectItemCaseSensitive(old, "results")) if (!find(new, jstr(r, "id")))
        c[(*n)++] = (change){r, NULL, K_REMOVED};
    return c;
}

static void text_line(rs_buf *b, const change *c)
{
    const cJSON *any = c->new ? c->new : c->old;
    rs_buf_catf(b, "%-10s %-44s ", KIND_LABELS[c->k], jstr(any, "id"));
    if (c->old && c->new)
        rs_buf_catf(b, "%s -> %s", shown(c->old), shown(c->new));
    else
        rs_buf_catf(b, "%s%s", c->new ? "" : "was ", shown(any));
    if (c->k == K_CHANGED)
        rs_buf_catf(b, " (answer '%s' -> '%s')", jstr(c->old, "actual"), jstr(c->new, "actual"));
    else if (c->new &&bad(c->new) && jstr(c->new, "actual")[0])
        rs_buf_catf(b, " (answer '%s')", jstr(c->new, "actual"));
    const cJSON *why = c->new &&bad(c->new) ? c->new : NULL;
    if (why)
        rs_buf_catf(b, "\n           %s%s", jstr(why, "first_failure"), jstr(why, "reason"));
    rs_buf_cat(b, "\n", 1);
}

static cJSON *side_json(const cJSON *r)
{
    if (!r)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "outcome", jstr(r, "outcome"));
    cJSON_AddStringToObject(o, "expected", jstr(r, "expected"));
    cJSON_AddStringToObject(o, "actual", jstr(r, "actual"));
    cJSON_AddStringToObject(o, "at", jstr(r, "at"));
    cJSON_AddStringToObject(o, "first_failure", jstr(r, "first_failure"));
    cJSON_AddStringToObject(o, "reason", jstr(r, "reason"));
    return o;
}

static cJSON *run_json(const cJSON *rep, const char *path)
{
    static const char *const keys[] = {"regsuite_version", "run_id",  "target", "url",
                                       "registry",         "started", "ended"};
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "file", path);
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        cJSON_AddStringToObject(o, keys[i], jstr(rep, keys[i]));
    return o;
}

static rs_status write_json(const char *path, const cJSON *old, const cJSON *new, char **names,
                            const change *c, int n, const int *counts, int same, rs_err *err)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "format", 1);
    cJSON_AddStringToObject(root, "regsuite_version", RS_VERSION);
    cJSON_AddItemToObject(root, "old", run_json(old, names[0]));
    cJSON_AddItemToObject(root, "new", run_json(new, names[1]));
    cJSON_AddBoolToObject(root, "regressed",
                          counts[K_REGRESSED] + counts[K_CHANGED] + counts[K_NEW_FAIL] > 0);
    cJSON *sum = cJSON_AddObjectToObject(root, "summary");
    cJSON_AddNumberToObject(sum, "regressed", counts[K_REGRESSED] + counts[K_NEW_FAIL]);
    cJSON_AddNumberToObject(sum, "changed", counts[K_CHANGED]);
    cJSON_AddNumberToObject(sum, "fixed", counts[K_FIXED]);
    cJSON_AddNumberToObject(sum, "new", counts[K_NEW] + counts[K_NEW_FAIL]);
    cJSON_AddNumberToObject(sum, "removed", counts[K_REMOVED]);
    cJSON_AddNumberToObject(sum, "other", counts[K_OTHER]);
    cJSON_AddNumberToObject(sum, "unchanged", same);
    cJSON *arr = cJSON_AddArrayToObject(root, "changes");
    for (int i = 0; i < n; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", jstr(c[i].new ? c[i].new : c[i].old, "id"));
        cJSON_AddStringToObject(x, "kind", KIND_NAMES[c[i].k]);
        cJSON_AddBoolToObject(x, "regression", c[i].k <= K_NEW_FAIL);
        cJSON_AddItemToObject(x, "old", side_json(c[i].old));
        cJSON_AddItemToObject(x, "new", side_json(c[i].new));
        cJSON_AddItemToArray(arr, x);
    }
    char *txt = cJSON_Print(root);
    cJSON_Delete(root);
    rs_status st = txt ? rs_write_file(path, txt, strlen(txt), err)
                       : rs_errf(err, RS_ERR_NOMEM, "%s: out of memory writing", path);
    free(txt);
    return st;
}

/* Prints the changes by kind and the closing counts; counts[] gets the number of each kind. */
static void print_text(const cJSON *old, const cJSON *new, const change *c, int n, int *counts,
                       int same)
{
    rs_buf b;
    rs_buf_init(&b, (size_t)64 << 20);
    rs_buf_catf(&b, "diff: %s run %s (%s) -> %s run %s (%s)\n", jstr(old, "target"),
                jstr(old, "run_id"), jstr(old, "started"), jstr(new, "target"), jstr(new, "run_id"),
                jstr(new, "started"));
    for (int k = 0; k < K_NKINDS; k++)
        for (int i = 0; i < n; i++)
            if (c[i].k == (kind)k) {
                counts[k]++;
                text_line(&b, &c[i]);
            }
    rs_buf_catf(&b,
                "diff: %d regressed, %d changed, %d fixed, %d new, %d removed, %d other; "
                "%d unchanged\n",
                counts[K_REGRESSED] + counts[K_NEW_FAIL], counts[K_CHANGED], counts[K_FIXED],
                counts[K_NEW] + counts[K_NEW_FAIL], counts[K_REMOVED], counts[K_OTHER], same);
    fputs(rs_buf_str(&b), stdout);
    rs_buf_free(&b);
}

int rs_cmd_diff(int argc, char **argv)
{
    const char *json = NULL;
    char *files[2];
    int nf = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0 && i + 1 < argc)
            json = argv[++i];
        else if (argv[i][0] == '-' || nf == 2)
            nf = 3;
        else
            files[nf++] = argv[i];
    }
    if (nf != 2) {
        fprintf(stderr, "regsuite: usage: regsuite diff [--json FILE] OLD.json NEW.json\n");
        return RS_EXIT_USAGE;
    }
    cJSON *old = load_report(files[0]), *new = old ? load_report(files[1]) : NULL;
    int n = 0, same = 0, counts[K_NKINDS] = {0}, rc = RS_EXIT_USAGE;
    change *c = new ? collect(old, new, &n, &same) : NULL;
    if (c) {
        print_text(old, new, c, n, counts, same);
        rs_err e;
        rc = counts[K_REGRESSED] + counts[K_CHANGED] + counts[K_NEW_FAIL] ? RS_EXIT_CHECKS : 0;
        if (json && write_json(json, old, new, files, c, n, counts, same, &e) != RS_OK) {
            fprintf(stderr, "regsuite: diff: %s\n", e.msg);
            rc = RS_EXIT_USAGE;
        }
    }
    free(c);
    cJSON_Delete(old);
    cJSON_Delete(new);
    return rc;
}
