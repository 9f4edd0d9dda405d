#include "target.h"
#include "retry.h"

#include "model.h"

#include "dockercfg.h"
#include "ydoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

/* The closed set of features a target may declare and a scenario may require. fixtures/README.md
 * lists the same names (a unit test compares them). */
static const rs_feature_def FEATURES[] = {
    {"delete", RS_FEAT_BOOL,
     "blobs, manifests and tags may be deleted (cleanup and delete checks)"},
    {"access_control", RS_FEAT_BOOL,
     "per-repository authorization: users cannot read each other's"},
    {"token_auth", RS_FEAT_BOOL, "Docker token authentication (Bearer challenge, token realm)"},
    {"catalog", RS_FEAT_BOOL, "GET /v2/_catalog is served"},
    {"referrers", RS_FEAT_BOOL, "the referrers API (GET /v2/<name>/referrers/<digest>)"},
    {"mount", RS_FEAT_BOOL,
     "cross-repository mount: POST ?mount=<digest>&from=<repo> of a blob the user may read answers "
     "201 (without it, 202 and an upload session is legal)"},
    {"automatic_mount", RS_FEAT_BOOL, "a mount without from= finds the blob in another repository"},
    {"sha512", RS_FEAT_BOOL, "sha512 digests are accepted for blobs"},
    {"single_post_upload", RS_FEAT_BOOL, "a blob may be uploaded with one POST ?digest="},
    {"schema1_refused", RS_FEAT_BOOL,
     "schema 1 manifests (application/vnd.docker.distribution.manifest.v1+json, +prettyjws) are "
     "refused on push"},
    {"manifest_size_limit", RS_FEAT_BOOL,
     "manifests over 4 MiB are refused (a limit of at most 4 MiB + 64 KiB); at most 4 MB are "
     "accepted"},
    {"immutable_tags", RS_FEAT_BOOL,
     "a tag, once pushed, cannot be moved to another manifest (a second PUT under it is refused)"},
    {"admin_reads", RS_FEAT_BOOL,
     "the admin actor may pull (read) every repository, other users' private ones included"},
    {"forged_tokens", RS_FEAT_URL, "URL of a service issuing broken tokens (local only)"},
};

const rs_feature_def *rs_features(int *n)
{
    *n = (int)(sizeof(FEATURES) / sizeof(FEATURES[0]));
    return FEATURES;
}

static const rs_feature_def *feature_def(const char *name)
{
    for (size_t i = 0; name && i < sizeof(FEATURES) / sizeof(FEATURES[0]); i++)
        if (strcmp(FEATURES[i].name, name) == 0)
            return &FEATURES[i];
    return NULL;
}

int rs_feature_known(const char *name)
{
    return feature_def(name) != NULL;
}

void rs_feature_names(char *out, size_t len)
{
    int n;
    const rs_feature_def *all = rs_features(&n);
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? ", " : "", all[i].name);
}

int rs_role_known(const char *role)
{
    for (int i = 0; role && RS_ROLE_NAMES[i]; i++)
        if (strcmp(RS_ROLE_NAMES[i], role) == 0)
            return 1;
    return 0;
}

int rs_parse_bool(const char *s)
{
    static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
    for (int i = 0; s && i < 3; i++) {
        if (strcasecmp(s, yes[i]) == 0)
            return 1;
        if (strcasecmp(s, no[i]) == 0)
            return 0;
    }
    return -1;
}

static rs_status copy(rs_ydoc *d, yaml_node_t *n, char *dst, size_t cap, const char *what,
                      rs_err *err)
{
    const char *s = rs_ydoc_str(n);
    if (!s || strlen(s) >= cap) {
        rs_ydoc_errf(d, n, err, "%s must be a string of at most %zu bytes", what, cap - 1);
        return RS_ERR_PARSE;
    }
    snprintf(dst, cap, "%s", s);
    return RS_OK;
}

static rs_status bad_bool(rs_ydoc *d, yaml_node_t *n, const char *what, rs_err *err)
{
    const char *s = rs_ydoc_str(n);
    rs_ydoc_errf(d, n, err, "%s must be a boolean (true/false, yes/no, on/off), not %s%s%s%s", what,
                 s ? "'" : rs_ydoc_kind(n), s ? s : "", s ? "'" : "",
                 s && (strcmp(s, "0") == 0 || strcmp(s, "1") == 0)
                     ? " (0 and 1 are refused: write true or false)"
                     : "");
    return RS_ERR_PARSE;
}

static rs_status load_actor(rs_ydoc *d, yaml_node_t *v, rs_target_actor *a, rs_err *err)
{
    if (v->type != YAML_MAPPING_NODE) {
        rs_ydoc_errf(d, v, err, "actor '%s' must be a map: {username: ..., password: ...} or {}",
                     a->role);
        return RS_ERR_PARSE;
    }
    RS_YMAP_EACH(d, v, q)
    {
        yaml_node_t *qk = rs_ydoc_node(d, q->key), *qv = rs_ydoc_node(d, q->value);
        const char *key = rs_ydoc_str(qk);
        rs_status st = RS_OK;
        if (key && strcmp(key, "username") == 0)
            st = copy(d, qv, a->username, sizeof(a->username), "username", err);
        else if (key && strcmp(key, "password") == 0)
            st = copy(d, qv, a->password, sizeof(a->password), "password", err);
        else if (key && strcmp(key, "password_env") == 0) {
            const char *envname = rs_ydoc_str(qv);
            const char *val = envname ? getenv(envname) : NULL;
            if (!val || strlen(val) >= sizeof(a->password)) {
                rs_ydoc_errf(d, qv, err,
                             "password_env names a variable that is not set (or is too long)");
                return RS_ERR_CONFIG;
            }
            snprintf(a->password, sizeof(a->password), "%s", val);
        } else {
            rs_ydoc_errf(d, qk, err,
                         "unknown actor key '%s' (expected username, password, password_env)",
                         key ? key : rs_ydoc_kind(qk));
            return RS_ERR_PARSE;
        }
        if (st)
            return st;
    }
    return RS_OK;
}

static rs_status load_actors(rs_ydoc *d, yaml_node_t *map, rs_target *t, rs_err *err)
{
    if (map->type != YAML_MAPPING_NODE) {
        rs_ydoc_errf(d, map, err, "actors must be a map of role -> user");
        return RS_ERR_PARSE;
    }
    RS_YMAP_EACH(d, map, p)
    {
        yaml_node_t *k = rs_ydoc_node(d, p->key), *v = rs_ydoc_node(d, p->value);
        const char *role = rs_ydoc_str(k);
        if (!rs_role_known(role)) {
            char roles[128] = "";
            for (int i = 0; RS_ROLE_NAMES[i]; i++)
                snprintf(roles + strlen(roles), sizeof(roles) - strlen(roles), "%s%s",
                         i ? ", " : "", RS_ROLE_NAMES[i]);
            return rs_ydoc_errf(d, k, err, "unknown actor role '%s' (expected %s)",
                                role ? role : rs_ydoc_kind(k), roles);
        }
        if (rs_target_actor_get(t, role)) {
            rs_ydoc_errf(d, k, err, "actor '%s' is given twice", role);
            return RS_ERR_PARSE;
        }
        rs_target_actor *a = &t->actors[t->nactors];
        snprintf(a->role, sizeof(a->role), "%s", role);
        rs_status st = load_actor(d, v, a, err);
        if (st)
            return st;
        t->nactors++;
    }
    return RS_OK;
}

/* A namespace name is what ${ns.<name>} uses: lowercase letters, digits, '_' and '-'. */
static int ns_name_ok(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

static rs_status load_namespaces(rs_ydoc *d, yaml_node_t *map, rs_target *t, rs_err *err)
{
    if (map->type != YAML_MAPPING_NODE) {
        rs_ydoc_errf(d, map, err, "namespaces must be a map name -> path");
        return RS_ERR_PARSE;
    }
    RS_YMAP_EACH(d, map, p)
    {
        yaml_node_t *k = rs_ydoc_node(d, p->key), *v = rs_ydoc_node(d, p->value);
        const char *name = rs_ydoc_str(k);
        if (!ns_name_ok(name)) {
            rs_ydoc_errf(d, k, err,
                         "namespace name '%s' must be lowercase letters, digits, '_' or '-'",
                         name ? name : rs_ydoc_kind(k));
            return RS_ERR_PARSE;
        }
        if (t->nns == RS_MAX_ROLES || rs_target_ns(t, name)) {
            rs_ydoc_errf(d, k, err, "namespace '%s': %s", name,
                         t->nns == RS_MAX_ROLES ? "too many namespaces" : "given twice");
            return RS_ERR_PARSE;
        }
        rs_status st = copy(d, k, t->ns[t->nns].key, sizeof(t->ns[0].key), "a namespace name", err);
        if (!st)
            st = copy(d, v, t->ns[t->nns].value, sizeof(t->ns[0].value), "a namespace", err);
        if (st)
            return st;
        t->nns++;
    }
    return RS_OK;
}

static rs_status load_feature(rs_ydoc *d, yaml_node_t *k, yaml_node_t *v, rs_target *t, rs_err *err)
{
    const char *name = rs_ydoc_str(k);
    const rs_feature_def *def = feature_def(name);
    if (!def) {
        char known[512];
        rs_feature_names(known, sizeof(known));
        rs_ydoc_errf(d, k, err, "unknown feature '%s' (known: %s)", name ? name : rs_ydoc_kind(k),
                     known);
        return RS_ERR_PARSE;
    }
    if (rs_target_feature(t, name)) {
        rs_ydoc_errf(d, k, err, "feature '%s' is given twice", name);
        return RS_ERR_PARSE;
    }
    char what[96];
    snprintf(what, sizeof(what), "feature '%s'", name);
    snprintf(t->features[t->nfeatures].key, sizeof(t->features[0].key), "%s", name);
    if (def->type == RS_FEAT_BOOL) {
        int b = rs_parse_bool(rs_ydoc_str(v));
        if (b < 0)
            return bad_bool(d, v, what, err);
        snprintf(t->features[t->nfeatures].value, sizeof(t->features[0].value), "%s",
                 b ? "true" : "false");
    } else {
        rs_status st =
            copy(d, v, t->features[t->nfeatures].value, sizeof(t->features[0].value), what, err);
        const char *s = t->features[t->nfeatures].value;
        if (!st && strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0) {
            rs_ydoc_errf(d, v, err, "%s must be an http(s) URL", what);
            st = RS_ERR_PARSE;
        }
        if (st)
            return st;
    }
    t->nfeatures++;
    return RS_OK;
}

static rs_status load_features(rs_ydoc *d, yaml_node_t *map, rs_target *t, rs_err *err)
{
    if (map->type != YAML_MAPPING_NODE) {
        rs_ydoc_errf(d, map, err, "features must be a map name -> value");
        return RS_ERR_PARSE;
    }
    RS_YMAP_EACH(d, map, p)
    {
        if (t->nfeatures == RS_MAX_FEATURES) {
            rs_ydoc_errf(d, map, err, "too many features");
            return RS_ERR_PARSE;
        }
        rs_status st = load_feature(d, rs_ydoc_node(d, p->key), rs_ydoc_node(d, p->value), t, err);
        if (st)
            return st;
    }
    return RS_OK;
}

static rs_status load_timeout(rs_ydoc *d, yaml_node_t *v, rs_target *t, rs_err *err)
{
    const char *s = rs_ydoc_str(v);
    char *end = NULL;
    long n = s ? strtol(s, &end, 10) : 0;
    if (!s || !*s || *end || n < 1 || n > 3600) {
        rs_ydoc_errf(d, v, err,
                     "timeout must be a whole number of seconds, 1..3600 (inactivity limit)");
        return RS_ERR_PARSE;
    }
    t->timeout_s = n;
    return RS_OK;
}

static const char *const TOP_KEYS[] = {"name",     "url",     "ca_file",    "auth",
                                       "registry", "actors",  "namespaces", "features",
                                       "insecure", "timeout", NULL};

static rs_status load_key(rs_ydoc *d, int key, yaml_node_t *v, rs_target *t, rs_err *err)
{
    switch (key) {
    case 0:
        return copy(d, v, t->name, sizeof(t->name), "name", err);
    case 1:
        return copy(d, v, t->url, sizeof(t->url), "url", err);
    case 2:
        return copy(d, v, t->ca_file, sizeof(t->ca_file), "ca_file", err);
    case 3: {
        rs_status st = copy(d, v, t->auth, sizeof(t->auth), "auth", err);
        if (!st && strcmp(t->auth, "token") != 0 && strcmp(t->auth, "basic") != 0 &&
            strcmp(t->auth, "none") != 0) {
            rs_ydoc_errf(d, v, err, "auth must be token, basic or none");
            st = RS_ERR_PARSE;
        }
        return st;
    }
    case 4:
        return copy(d, v, t->registry, sizeof(t->registry), "registry", err);
    case 5:
        return load_actors(d, v, t, err);
    case 6:
        return load_namespaces(d, v, t, err);
    case 7:
        return load_features(d, v, t, err);
    case 8:
        t->insecure = rs_parse_bool(rs_ydoc_str(v));
        return t->insecure < 0 ? bad_bool(d, v, "insecure", err) : RS_OK;
    default:
        return load_timeout(d, v, t, err);
    }
}

static rs_status load_root(rs_ydoc *d, yaml_node_t *root, rs_target *t, rs_err *err)
{
    if (root->type != YAML_MAPPING_NODE) {
        rs_ydoc_errf(d, root, err, "a target file is a map");
        return RS_ERR_PARSE;
    }
    unsigned seen = 0;
    RS_YMAP_EACH(d, root, p)
    {
        yaml_node_t *k = rs_ydoc_node(d, p->key), *v = rs_ydoc_node(d, p->value);
        const char *key = rs_ydoc_str(k);
        int i = 0;
        while (TOP_KEYS[i] && !(key && strcmp(key, TOP_KEYS[i]) == 0))
            i++;
        if (!TOP_KEYS[i]) {
            rs_ydoc_errf(d, k, err,
                         "unknown key '%s' (expected name, url, ca_file, auth, registry, actors, "
                         "namespaces, features, insecure, timeout)",
                         key ? key : rs_ydoc_kind(k));
            return RS_ERR_PARSE;
        }
        if (seen & (1u << i)) {
            rs_ydoc_errf(d, k, err, "key '%s' is given twice", key);
            return RS_ERR_PARSE;
        }
        seen |= 1u << i;
        rs_status st = load_key(d, i, v, t, err);
        if (st)
            return st;
    }
    if (!(seen & 2u)) {
        rs_ydoc_errf(d, root, err, "a target file needs url");
        return RS_ERR_PARSE;
    }
    if (strncmp(t->url, "http://", 7) != 0 && strncmp(t->url, "https://", 8) != 0) {
        rs_ydoc_errf(d, rs_ydoc_get(d, root, "url"), err,
                     "url must start with http:// or https://");
        return RS_ERR_PARSE;
    }
    return RS_OK;
}

static void trim_url(char *url)
{
    size_t ul = strlen(url);
    while (ul && url[ul - 1] == '/')
        url[--ul] = '\0';
}

/* Parses the loaded document into t (d is freed here); no docker config lookup. */
static rs_status load_doc(rs_target *t, rs_ydoc *d, rs_err *err)
{
    rs_status st = load_root(d, rs_ydoc_root(d), t, err);
    rs_ydoc_free(d);
    if (st != RS_OK)
        return st;
    trim_url(t->url);
    if (!t->name[0])
        snprintf(t->name, sizeof(t->name), "%s", t->url);
    return RS_OK;
}

rs_status rs_target_load_mem(rs_target *t, const char *name, const char *buf, size_t len,
                             rs_err *err)
{
    memset(t, 0, sizeof(*t));
    t->timeout_s = RS_DEFAULT_TIMEOUT_S;
    t->retries = RS_RETRIES_DEFAULT;
    rs_ydoc d;
    if (rs_ydoc_load_mem(&d, name, buf, len, err) != RS_OK)
        return RS_ERR_PARSE;
    return load_doc(t, &d, err);
}

rs_status rs_target_load(rs_target *t, const char *path, rs_err *err)
{
    memset(t, 0, sizeof(*t));
    t->timeout_s = RS_DEFAULT_TIMEOUT_S;
    t->retries = RS_RETRIES_DEFAULT;
    rs_ydoc d;
    if (access(path, F_OK) != 0 && errno == ENOENT)
        return rs_errf(err, RS_ERR_PARSE,
                       "target file %s: no such file (make env-up writes the local environment's "
                       "targets into build/targets/; fixtures/README.md gives the format)",
                       path);
    if (rs_ydoc_load(&d, path, err) != RS_OK)
        return RS_ERR_PARSE;
    rs_status st = load_doc(t, &d, err);
    if (st != RS_OK)
        return st;
    for (int i = 0; i < t->nactors; i++) {
        rs_target_actor *a = &t->actors[i];
        if (a->username[0] && !a->password[0])
            (void)rs_docker_auth_lookup(t->url, a->username, a->username, sizeof(a->username),
                                        a->password, sizeof(a->password));
    }
    return RS_OK;
}

static void set_kv(void *arr, int *n, int max, const char *k, const char *v)
{
    struct kv {
        char key[32];
        char value[256];
    } *kv = arr;
    if (*n >= max || !v)
        return;
    snprintf(kv[*n].key, sizeof(kv[*n].key), "%s", k);
    snprintf(kv[*n].value, sizeof(kv[*n].value), "%s", v);
    (*n)++;
}

static void oci_env_features(rs_target *t)
{
    const char *am = getenv("OCI_AUTOMATIC_CROSSMOUNT");
    set_kv(t->features, &t->nfeatures, RS_MAX_FEATURES, "delete",
           getenv("OCI_DELETE_DISABLED") ? "false" : "true");
    set_kv(t->features, &t->nfeatures, RS_MAX_FEATURES, "automatic_mount",
           am && strcmp(am, "1") == 0 ? "true" : "false");
    set_kv(t->features, &t->nfeatures, RS_MAX_FEATURES, "access_control", "false");
}

rs_status rs_target_from_oci_env(rs_target *t, rs_err *err)
{
    memset(t, 0, sizeof(*t));
    t->timeout_s = RS_DEFAULT_TIMEOUT_S;
    t->retries = RS_RETRIES_DEFAULT;
    const char *url = getenv("OCI_ROOT_URL"), *ns = getenv("OCI_NAMESPACE");
    if (!url || !ns)
        return rs_errf(err, RS_ERR_CONFIG,
                       "no --target given and OCI_ROOT_URL / OCI_NAMESPACE are not set");
    snprintf(t->name, sizeof(t->name), "oci-env");
    snprintf(t->url, sizeof(t->url), "%s", url);
    trim_url(t->url);
    /* TLS is verified (system CAs, or OCI_CA_FILE); only OCI_INSECURE=true (or --insecure) turns
     * it off: credentials never go to an unverified server by default */
    const char *ca = getenv("OCI_CA_FILE"), *insecure = getenv("OCI_INSECURE");
    if (ca)
        snprintf(t->ca_file, sizeof(t->ca_file), "%s", ca);
    t->insecure = insecure ? rs_parse_bool(insecure) : 0;
    if (t->insecure < 0)
        return rs_errf(err, RS_ERR_CONFIG,
                       "OCI_INSECURE must be a boolean (true/false, yes/no, on/off), not '%s'",
                       insecure);
    rs_target_actor *a = &t->actors[t->nactors++];
    snprintf(a->role, sizeof(a->role), "owner");
    snprintf(a->username, sizeof(a->username), "%s",
             getenv("OCI_USERNAME") ? getenv("OCI_USERNAME") : "");
    snprintf(a->password, sizeof(a->password), "%s",
             getenv("OCI_PASSWORD") ? getenv("OCI_PASSWORD") : "");
    if (!a->password[0])
        (void)rs_docker_auth_lookup(t->url, a->username, a->username, sizeof(a->username),
                                    a->password, sizeof(a->password));
    snprintf(t->actors[t->nactors++].role, sizeof(a->role), "anonymous");
    /* OCI_NAMESPACE is a repository; the harness appends names below a namespace: use it whole */
    set_kv(t->ns, &t->nns, RS_MAX_ROLES, "owner", ns);
    const char *xns = getenv("OCI_CROSSMOUNT_NAMESPACE");
    set_kv(t->ns, &t->nns, RS_MAX_ROLES, "crossmount", xns ? xns : ns);
    oci_env_features(t);
    return RS_OK;
}

const rs_target_actor *rs_target_actor_get(const rs_target *t, const char *role)
{
    for (int i = 0; i < t->nactors; i++)
        if (strcmp(t->actors[i].role, role) == 0)
            return &t->actors[i];
    return NULL;
}

const char *rs_target_ns(const rs_target *t, const char *role)
{
    for (int i = 0; i < t->nns; i++)
        if (strcmp(t->ns[i].key, role) == 0)
            return t->ns[i].value;
    return NULL;
}

const char *rs_target_feature(const rs_target *t, const char *name)
{
    for (int i = 0; i < t->nfeatures; i++)
        if (strcmp(t->features[i].key, name) == 0)
            return t->features[i].value;
    return NULL;
}

int rs_target_has(const rs_target *t, const char *feature)
{
    /* names outside the table are refused when scenarios load; here they are never declared */
    if (!rs_feature_known(feature))
        return 0;
    const char *v = rs_target_feature(t, feature);
    return v && v[0] && rs_parse_bool(v) != 0;
}
