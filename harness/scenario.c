#include "scenario.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { T_STR, T_INT, T_LIST, T_MAP, T_ANY } ptype;

typedef struct {
    const char *key;
    ptype type;
    int required;
} param;

typedef struct {
    const char *kind;
    param params[16];
} step_schema;

#define AS                                                                                         \
    {                                                                                              \
        "as", T_STR, 1                                                                             \
    }
#define REPO                                                                                       \
    {                                                                                              \
        "repo", T_STR, 1                                                                           \
    }
#define AUTH                                                                                       \
    {                                                                                              \
        "auth", T_STR, 0                                                                           \
    }

static const step_schema SCHEMAS[] = {
    {"push_image",
     {AS,
      REPO,
      {"tag", T_STR, 0},
      {"layers", T_LIST, 1},
      {"config", T_STR, 0},
      {"mount_from", T_STR, 0},
      {"media_type", T_STR, 0},
      {"upload", T_STR, 0},
      {"chunk_size", T_INT, 0}}},
    {"push_blob",
     {AS,
      REPO,
      {"blob", T_STR, 1},
      {"method", T_STR, 0},
      {"chunk_size", T_INT, 0},
      {"digest", T_STR, 0},
      {"session", T_STR, 0},
      AUTH}},
    {"mount", {AS, REPO, {"blob", T_STR, 0}, {"digest", T_STR, 0}, {"from", T_STR, 0}, AUTH}},
    {"head_blob", {AS, REPO, {"blob", T_STR, 0}, {"digest", T_STR, 0}, {"range", T_STR, 0}, AUTH}},
    {"get_blob", {AS, REPO, {"blob", T_STR, 0}, {"digest", T_STR, 0}, {"range", T_STR, 0}, AUTH}},
    {"delete_blob", {AS, REPO, {"blob", T_STR, 0}, {"digest", T_STR, 0}, AUTH}},
    {"start_upload", {AS, REPO, AUTH}},
    {"put_manifest",
     {AS,
      REPO,
      {"ref", T_STR, 0},
      {"manifest", T_MAP, 0},
      {"body", T_STR, 0},
      {"content_type", T_STR, 0},
      AUTH}},
    {"get_manifest", {AS, REPO, {"ref", T_STR, 1}, {"accept", T_STR, 0}, AUTH}},
    {"head_manifest", {AS, REPO, {"ref", T_STR, 1}, {"accept", T_STR, 0}, AUTH}},
    {"delete_manifest", {AS, REPO, {"ref", T_STR, 1}, AUTH}},
    {"tags_list", {AS, REPO, {"n", T_INT, 0}, {"last", T_STR, 0}, {"pages", T_STR, 0}, AUTH}},
    {"catalog", {AS, {"n", T_INT, 0}, {"last", T_STR, 0}, {"pages", T_STR, 0}, AUTH}},
    {"request",
     {AS,
      {"method", T_STR, 1},
      {"path", T_STR, 0},
      {"url", T_STR, 0},
      {"headers", T_MAP, 0},
      {"body", T_STR, 0},
      {"body_blob", T_STR, 0},
      {"scopes", T_STR, 0},
      AUTH}},
};

/* Parameters whose value is one of a few words; checked at load unless a placeholder decides. */
static const struct {
    const char *kind; /* NULL: every step kind */
    const char *key;
    const char *values[6];
} ENUMS[] = {
    {NULL, "auth", {"auto", "none", "expired", "foreign", "audience", NULL}},
    {"push_blob", "method", {"monolithic", "chunked", "stream", "single_post", NULL}},
    {"push_image", "upload", {"monolithic", "chunked", "stream", "single_post", NULL}},
    {"push_image", "media_type", {"oci", "docker", "index", "artifact", NULL}},
    {NULL, "pages", {"one", "all", NULL}},
};

static const char *EXPECT_KEYS[] = {"status",         "status_not",      "error_code",
                                    "header",         "header_present",  "header_absent",
                                    "header_prefix",  "header_contains", "no_header_mentions",
                                    "body_digest",    "body_size",       "body_contains",
                                    "uploaded_bytes", "layers",          "tags_include",
                                    "tags_exclude",   "tags_count",      "repos_exclude",
                                    "repos_include",  "json_count",      "tags_count_max",
                                    "tags_sorted",    "content_digest",  NULL};

static const char *TOP_KEYS[] = {"id",       "title", "level", "keywords", "refs",
                                 "requires", "blobs", "steps", NULL};

static int in_list(const char *const *list, const char *s)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

static rs_status bad(rs_scenario *s, yaml_node_t *n, rs_err *err, const char *fmt, const char *a,
                     const char *b)
{
    char msg[512];
    snprintf(msg, sizeof(msg), fmt, a ? a : "", b ? b : "");
    rs_ydoc_errf(&s->doc, n, err->msg, sizeof(err->msg), "%s", msg);
    return RS_ERR_PARSE;
}

static int is_int(const char *v)
{
    if (!v || !*v)
        return 0;
    for (const char *p = v; *p; p++)
        if (!isdigit((unsigned char)*p))
            return 0;
    return strlen(v) < 19;
}

static rs_status check_type(rs_scenario *s, yaml_node_t *v, ptype t, const char *key, rs_err *err)
{
    switch (t) {
    case T_STR:
        if (v->type != YAML_SCALAR_NODE)
            return bad(s, v, err, "'%s' must be a string, found %s", key, rs_ydoc_kind(v));
        break;
    case T_INT:
        if (!is_int(rs_ydoc_str(v)))
            return bad(s, v, err, "'%s' must be a whole number%s", key, "");
        break;
    case T_LIST:
        if (v->type != YAML_SEQUENCE_NODE)
            return bad(s, v, err, "'%s' must be a list, found %s", key, rs_ydoc_kind(v));
        break;
    case T_MAP:
        if (v->type != YAML_MAPPING_NODE)
            return bad(s, v, err, "'%s' must be a map, found %s", key, rs_ydoc_kind(v));
        break;
    case T_ANY:
        break;
    }
    return RS_OK;
}

static rs_status parse_level(rs_scenario *s, yaml_node_t *v, rs_level *out, rs_err *err)
{
    const char *l = rs_ydoc_str(v);
    if (l && strcmp(l, "MUST") == 0)
        *out = RS_LEVEL_MUST;
    else if (l && strcmp(l, "SHOULD") == 0)
        *out = RS_LEVEL_SHOULD;
    else if (l && strcmp(l, "MAY") == 0)
        *out = RS_LEVEL_MAY;
    else
        return bad(s, v, err, "level must be MUST, SHOULD or MAY%s%s", NULL, NULL);
    return RS_OK;
}

static rs_status validate_expect(rs_scenario *s, yaml_node_t *e, rs_err *err)
{
    if (e->type != YAML_MAPPING_NODE)
        return bad(s, e, err, "expect must be a map of checks, found %s%s", rs_ydoc_kind(e), "");
    RS_YMAP_EACH(&s->doc, e, p)
    {
        yaml_node_t *k = rs_ydoc_node(&s->doc, p->key), *v = rs_ydoc_node(&s->doc, p->value);
        const char *key = rs_ydoc_str(k);
        if (!key || !in_list(EXPECT_KEYS, key))
            return bad(s, k, err,
                       "unknown check '%s' (expected one of status, status_not, error_code, "
                       "header, header_present, header_absent, header_prefix, no_header_mentions, "
                       "body_digest, body_size, body_contains, content_digest, uploaded_bytes, "
                       "layers, tags_*, "
                       "repos_*, json_count)%s",
                       key ? key : "?", "");
        rs_status st = RS_OK;
        if (strcmp(key, "status") == 0 || strcmp(key, "error_code") == 0) {
            if (v->type == YAML_MAPPING_NODE)
                st = bad(s, v, err, "'%s' takes a value or a list of values%s", key, "");
        } else if (strcmp(key, "status_not") == 0 || strcmp(key, "header_present") == 0 ||
                   strcmp(key, "header_absent") == 0 || strcmp(key, "no_header_mentions") == 0 ||
                   strncmp(key, "tags_", 5) == 0 || strncmp(key, "repos_", 6) == 0) {
            st = strcmp(key, "tags_count") == 0 || strcmp(key, "tags_count_max") == 0 ||
                         strcmp(key, "tags_sorted") == 0
                     ? check_type(s, v, T_STR, key, err)
                     : check_type(s, v, T_LIST, key, err);
        } else if (strcmp(key, "header") == 0 || strcmp(key, "header_prefix") == 0 ||
                   strcmp(key, "header_contains") == 0 || strcmp(key, "layers") == 0 ||
                   strcmp(key, "json_count") == 0) {
            st = check_type(s, v, T_MAP, key, err);
            if (!st && strcmp(key, "layers") == 0)
                RS_YMAP_EACH(&s->doc, v, q)
                {
                    const char *o = rs_ydoc_str(rs_ydoc_node(&s->doc, q->value));
                    if (!o ||
                        (strcmp(o, "existed") && strcmp(o, "mounted") && strcmp(o, "uploaded")))
                        return bad(s, rs_ydoc_node(&s->doc, q->value), err,
                                   "a layer outcome is existed, mounted or uploaded%s%s", NULL,
                                   NULL);
                }
        } else if (strcmp(key, "uploaded_bytes") == 0 || strcmp(key, "body_size") == 0) {
            st = check_type(s, v, T_STR, key, err);
        } else {
            st = check_type(s, v, T_STR, key, err);
        }
        if (st)
            return st;
    }
    return RS_OK;
}

static rs_status validate_step(rs_scenario *s, yaml_node_t *n, rs_step *step, rs_err *err)
{
    if (n->type != YAML_MAPPING_NODE)
        return bad(s, n, err, "a step must be a map like {push_blob: {...}, expect: {...}}%s%s",
                   NULL, NULL);
    step->line = (int)n->start_mark.line + 1;
    step->level = s->level;
    const step_schema *schema = NULL;
    RS_YMAP_EACH(&s->doc, n, p)
    {
        yaml_node_t *k = rs_ydoc_node(&s->doc, p->key), *v = rs_ydoc_node(&s->doc, p->value);
        const char *key = rs_ydoc_str(k);
        if (!key)
            return bad(s, k, err, "step keys must be strings%s%s", NULL, NULL);
        if (strcmp(key, "name") == 0) {
            if (!rs_ydoc_str(v))
                return bad(s, v, err, "name must be a string%s%s", NULL, NULL);
            snprintf(step->name, sizeof(step->name), "%s", rs_ydoc_str(v));
        } else if (strcmp(key, "expect") == 0) {
            rs_status st = validate_expect(s, v, err);
            if (st)
                return st;
            step->expect = v;
        } else if (strcmp(key, "save") == 0) {
            if (v->type != YAML_MAPPING_NODE)
                return bad(s, v, err, "save must be a map of variable: source%s%s", NULL, NULL);
            step->save = v;
        } else if (strcmp(key, "when") == 0) {
            if (v->type != YAML_MAPPING_NODE)
                return bad(s, v, err,
                           "when must be a map of variable: value (or list of values)%s%s", NULL,
                           NULL);
            step->when = v;
        } else if (strcmp(key, "level") == 0) {
            rs_status st = parse_level(s, v, &step->level, err);
            if (st)
                return st;
        } else {
            const step_schema *found = NULL;
            for (size_t i = 0; i < sizeof(SCHEMAS) / sizeof(SCHEMAS[0]); i++)
                if (strcmp(SCHEMAS[i].kind, key) == 0)
                    found = &SCHEMAS[i];
            if (!found)
                return bad(s, k, err,
                           "unknown step '%s' (expected push_image, push_blob, mount, head_blob, "
                           "get_blob, delete_blob, start_upload, put_manifest, get_manifest, "
                           "head_manifest, delete_manifest, tags_list, catalog, request)%s",
                           key, "");
            if (schema)
                return bad(s, k, err, "a step has one kind; '%s' follows '%s'", key, schema->kind);
            schema = found;
            snprintf(step->kind, sizeof(step->kind), "%s", key);
            if (v->type != YAML_MAPPING_NODE)
                return bad(s, v, err, "the parameters of '%s' must be a map%s", key, "");
            step->params = v;
        }
    }
    if (!schema)
        return bad(s, n, err, "a step needs a kind (push_image, mount, request, ...)%s%s", NULL,
                   NULL);
    RS_YMAP_EACH(&s->doc, step->params, p)
    {
        yaml_node_t *k = rs_ydoc_node(&s->doc, p->key), *v = rs_ydoc_node(&s->doc, p->value);
        const char *key = rs_ydoc_str(k);
        const param *pm = NULL;
        for (int i = 0; i < 16 && schema->params[i].key; i++)
            if (key && strcmp(schema->params[i].key, key) == 0)
                pm = &schema->params[i];
        if (!pm) {
            char allowed[512] = "";
            for (int i = 0; i < 16 && schema->params[i].key; i++)
                snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), "%s%s",
                         i ? ", " : "", schema->params[i].key);
            return bad(s, k, err, "unknown parameter '%s' (this step takes %s)", key ? key : "?",
                       allowed);
        }
        rs_status st = check_type(s, v, pm->type, key, err);
        if (st)
            return st;
        const char *val = rs_ydoc_str(v);
        for (size_t i = 0; val && !strstr(val, "${") && i < sizeof(ENUMS) / sizeof(ENUMS[0]); i++)
            if (strcmp(ENUMS[i].key, key) == 0 &&
                (!ENUMS[i].kind || strcmp(ENUMS[i].kind, schema->kind) == 0) &&
                !in_list(ENUMS[i].values, val)) {
                char allowed[128] = "";
                for (int j = 0; ENUMS[i].values[j]; j++)
                    snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), "%s%s",
                             j ? ", " : "", ENUMS[i].values[j]);
                return bad(s, v, err, "'%s' must be one of %s", key, allowed);
            }
    }
    for (int i = 0; i < 16 && schema->params[i].key; i++)
        if (schema->params[i].required &&
            !rs_ydoc_get(&s->doc, step->params, schema->params[i].key))
            return bad(s, step->params, err, "'%s' needs the parameter '%s'", schema->kind,
                       schema->params[i].key);
    return RS_OK;
}

static rs_status validate_blobs(rs_scenario *s, yaml_node_t *m, rs_err *err)
{
    if (m->type != YAML_MAPPING_NODE)
        return bad(s, m, err, "blobs must be a map name -> {size, seed} or {content}%s%s", NULL,
                   NULL);
    RS_YMAP_EACH(&s->doc, m, p)
    {
        yaml_node_t *k = rs_ydoc_node(&s->doc, p->key), *v = rs_ydoc_node(&s->doc, p->value);
        const char *name = rs_ydoc_str(k);
        if (!name || strlen(name) >= 64 || strchr(name, '.'))
            return bad(s, k, err, "a blob name is a short string without dots%s%s", NULL, NULL);
        if (v->type != YAML_MAPPING_NODE)
            return bad(s, v, err, "blob '%s' must be a map: {size, seed} or {content}%s", name, "");
        int has_size = 0, has_content = 0;
        RS_YMAP_EACH(&s->doc, v, q)
        {
            yaml_node_t *qk = rs_ydoc_node(&s->doc, q->key), *qv = rs_ydoc_node(&s->doc, q->value);
            const char *key = rs_ydoc_str(qk);
            rs_status st = RS_OK;
            if (key && (strcmp(key, "size") == 0 || strcmp(key, "seed") == 0)) {
                st = check_type(s, qv, T_INT, key, err);
                has_size |= strcmp(key, "size") == 0;
            } else if (key && (strcmp(key, "content") == 0 || strcmp(key, "file") == 0)) {
                st = check_type(s, qv, T_STR, key, err);
                has_content++;
            } else if (key && strcmp(key, "algo") == 0) {
                const char *a = rs_ydoc_str(qv);
                if (!a || (strcmp(a, "sha256") && strcmp(a, "sha512")))
                    st = bad(s, qv, err, "algo must be sha256 or sha512%s%s", NULL, NULL);
            } else {
                st = bad(s, qk, err,
                         "unknown blob key '%s' (expected size, seed, content, file, algo)%s",
                         key ? key : "?", "");
            }
            if (st)
                return st;
        }
        if (has_size + has_content != 1)
            return bad(s, v, err, "blob '%s' needs one of size (with seed), content or file%s",
                       name, "");
    }
    return RS_OK;
}

static void join_list(rs_scenario *s, yaml_node_t *v, char *dst, size_t cap, const char *sep)
{
    dst[0] = '\0';
    RS_YSEQ_EACH(&s->doc, v, it)
    {
        const char *x = rs_ydoc_str(rs_ydoc_node(&s->doc, *it));
        if (x)
            snprintf(dst + strlen(dst), cap - strlen(dst), "%s%s", dst[0] ? sep : "", x);
    }
}

/* ---- placeholders: every ${name} must be known where it is used ------------------------ */

typedef struct {
    const char *names[RS_MAX_STEPS * 4];
    int n;
} saved_names;

static int placeholder_known(rs_scenario *s, const saved_names *sv, const char *name, size_t len)
{
    static const char *fixed[] = {"run", "url"};
    for (size_t i = 0; i < 2; i++)
        if (strlen(fixed[i]) == len && strncmp(fixed[i], name, len) == 0)
            return 1;
    if ((len > 3 && strncmp(name, "ns.", 3) == 0) || (len > 5 && strncmp(name, "user.", 5) == 0))
        return 1; /* roles and namespaces come from the target */
    for (int i = 0; i < sv->n; i++)
        if (strlen(sv->names[i]) == len && strncmp(sv->names[i], name, len) == 0)
            return 1;
    size_t pre = strncmp(name, "digest.", 7) == 0 ? 7 : strncmp(name, "size.", 5) == 0 ? 5 : 0;
    if (pre && s->blobs)
        RS_YMAP_EACH(&s->doc, s->blobs, p)
        {
            const char *b = rs_ydoc_str(rs_ydoc_node(&s->doc, p->key));
            if (b && strlen(b) == len - pre && strncmp(b, name + pre, len - pre) == 0)
                return 1;
        }
    return 0;
}

static rs_status check_placeholders(rs_scenario *s, yaml_node_t *n, const saved_names *sv,
                                    rs_err *err)
{
    if (!n)
        return RS_OK;
    if (n->type == YAML_SCALAR_NODE) {
        for (const char *p = rs_ydoc_str(n); (p = strstr(p, "${"));) {
            if (p > rs_ydoc_str(n) && p[-1] == '$') { /* $${ is a literal */
                p += 2;
                continue;
            }
            const char *end = strchr(p + 2, '}');
            if (!end)
                return bad(s, n, err, "unterminated placeholder '%.20s'%s", p, "");
            char name[128];
            snprintf(name, sizeof(name), "%.*s", (int)(end - p - 2), p + 2);
            if (!placeholder_known(s, sv, p + 2, (size_t)(end - p - 2)))
                return bad(s, n, err,
                           "unknown placeholder ${%s} (known here: run, url, ns.<role>, "
                           "user.<role>, digest.<blob>, size.<blob>, and names saved by earlier "
                           "steps)%s",
                           name, "");
            p = end + 1;
        }
        return RS_OK;
    }
    if (n->type == YAML_SEQUENCE_NODE) {
        RS_YSEQ_EACH(&s->doc, n, it)
        {
            rs_status st = check_placeholders(s, rs_ydoc_node(&s->doc, *it), sv, err);
            if (st)
                return st;
        }
    } else if (n->type == YAML_MAPPING_NODE) {
        RS_YMAP_EACH(&s->doc, n, p)
        {
            rs_status st = check_placeholders(s, rs_ydoc_node(&s->doc, p->value), sv, err);
            if (st)
                return st;
        }
    }
    return RS_OK;
}

/* In file order: a step may use what earlier steps saved, never what it saves itself. */
static rs_status validate_placeholders(rs_scenario *s, rs_err *err)
{
    saved_names sv = {.n = 0};
    rs_status st = check_placeholders(s, s->blobs, &sv, err);
    for (int i = 0; st == RS_OK && i < s->nsteps; i++) {
        const rs_step *step = &s->steps[i];
        if (!(st = check_placeholders(s, step->params, &sv, err)) &&
            !(st = check_placeholders(s, step->expect, &sv, err)))
            st = check_placeholders(s, step->when, &sv, err);
        if (step->when) /* a when refers to saved names, which are not written as ${...} */
            RS_YMAP_EACH(&s->doc, step->when, p)
            {
                const char *v = rs_ydoc_str(rs_ydoc_node(&s->doc, p->key));
                if (st == RS_OK && v && !placeholder_known(s, &sv, v, strlen(v)))
                    st = bad(s, rs_ydoc_node(&s->doc, p->key), err,
                             "when names '%s', which no earlier step saves%s", v, "");
            }
        if (step->save)
            RS_YMAP_EACH(&s->doc, step->save, p)
            {
                const char *v = rs_ydoc_str(rs_ydoc_node(&s->doc, p->key));
                if (v && sv.n < (int)(sizeof(sv.names) / sizeof(sv.names[0])))
                    sv.names[sv.n++] = v;
            }
    }
    return st;
}

rs_status rs_scenario_load(rs_scenario *s, const char *path, rs_err *err)
{
    memset(s, 0, sizeof(*s));
    snprintf(s->path, sizeof(s->path), "%s", path);
    char dir[512];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        char *prev = strrchr(dir, '/');
        snprintf(s->suite, sizeof(s->suite), "%s", prev ? prev + 1 : dir);
    } else {
        snprintf(s->suite, sizeof(s->suite), ".");
    }
    if (rs_ydoc_load(&s->doc, path, err->msg, sizeof(err->msg)) != 0)
        return RS_ERR_PARSE;
    yaml_node_t *root = rs_ydoc_root(&s->doc);
    if (root->type != YAML_MAPPING_NODE)
        return bad(s, root, err, "a scenario is a map with id, title, level, steps%s%s", NULL,
                   NULL);
    yaml_node_t *steps = NULL;
    RS_YMAP_EACH(&s->doc, root, p)
    {
        yaml_node_t *k = rs_ydoc_node(&s->doc, p->key), *v = rs_ydoc_node(&s->doc, p->value);
        const char *key = rs_ydoc_str(k);
        rs_status st = RS_OK;
        if (!key || !in_list(TOP_KEYS, key))
            return bad(s, k, err,
                       "unknown key '%s' (expected id, title, level, keywords, refs, requires, "
                       "blobs, steps)%s",
                       key ? key : "?", "");
        if (strcmp(key, "id") == 0 || strcmp(key, "title") == 0) {
            st = check_type(s, v, T_STR, key, err);
            if (!st)
                snprintf(strcmp(key, "id") == 0 ? s->id : s->title,
                         strcmp(key, "id") == 0 ? sizeof(s->id) : sizeof(s->title), "%s",
                         rs_ydoc_str(v));
        } else if (strcmp(key, "level") == 0) {
            st = parse_level(s, v, &s->level, err);
        } else if (strcmp(key, "keywords") == 0 || strcmp(key, "refs") == 0 ||
                   strcmp(key, "requires") == 0) {
            st = check_type(s, v, T_LIST, key, err);
            if (!st && strcmp(key, "keywords") == 0)
                join_list(s, v, s->keywords, sizeof(s->keywords), " ");
            else if (!st && strcmp(key, "refs") == 0)
                join_list(s, v, s->refs, sizeof(s->refs), "; ");
            else if (!st)
                RS_YSEQ_EACH(&s->doc, v, it)
                {
                    const char *f = rs_ydoc_str(rs_ydoc_node(&s->doc, *it));
                    if (!f || s->nrequires == 16)
                        return bad(s, v, err, "requires lists up to 16 feature names%s%s", NULL,
                                   NULL);
                    snprintf(s->requires[s->nrequires++], 32, "%s", f);
                }
        } else if (strcmp(key, "blobs") == 0) {
            st = validate_blobs(s, v, err);
            s->blobs = v;
        } else if (strcmp(key, "steps") == 0) {
            st = check_type(s, v, T_LIST, key, err);
            steps = v;
        }
        if (st)
            return st;
    }
    if (!s->id[0] || !s->title[0] || !steps)
        return bad(s, root, err, "a scenario needs id, title and steps%s%s", NULL, NULL);
    if (!rs_ydoc_get(&s->doc, root, "level"))
        return bad(s, root, err, "a scenario needs a level (MUST, SHOULD or MAY)%s%s", NULL, NULL);
    if (!s->refs[0])
        return bad(s, root, err, "a scenario names its source in refs (spec clause, issue)%s%s",
                   NULL, NULL);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t il = strlen(s->id);
    if (strncmp(base, s->id, il) != 0 || strcmp(base + il, ".yaml") != 0)
        return bad(s, rs_ydoc_get(&s->doc, root, "id"), err,
                   "id '%s' must match the file name (%s)", s->id, base);
    RS_YSEQ_EACH(&s->doc, steps, it)
    {
        if (s->nsteps == RS_MAX_STEPS)
            return bad(s, steps, err, "more than 96 steps; split the scenario%s%s", NULL, NULL);
        rs_status st = validate_step(s, rs_ydoc_node(&s->doc, *it), &s->steps[s->nsteps], err);
        if (st)
            return st;
        s->nsteps++;
    }
    return validate_placeholders(s, err);
}

void rs_scenario_free(rs_scenario *s)
{
    rs_ydoc_free(&s->doc);
}

const char *rs_level_name(rs_level l)
{
    return l == RS_LEVEL_MUST ? "MUST" : l == RS_LEVEL_SHOULD ? "SHOULD" : "MAY";
}

int rs_scenario_has_keyword(const rs_scenario *s, const char *kw)
{
    size_t n = strlen(kw);
    for (const char *p = s->keywords; (p = strstr(p, kw)); p += n)
        if ((p == s->keywords || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}
