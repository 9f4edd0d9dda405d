#include "target.h"

#include "fileio.h"
#include "ydoc.h"

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static rs_status copy(rs_ydoc *d, yaml_node_t *n, char *dst, size_t cap, const char *what,
                      rs_err *err)
{
    const char *s = rs_ydoc_str(n);
    if (!s || strlen(s) >= cap) {
        rs_ydoc_errf(d, n, err->msg, sizeof(err->msg), "%s must be a string of at most %zu bytes",
                     what, cap - 1);
        return RS_ERR_PARSE;
    }
    snprintf(dst, cap, "%s", s);
    return RS_OK;
}

/* Fills a password from ~/.docker/config.json auths (base64 user:pass) for the URL's host. */
static void docker_config_password(const char *url, rs_target_actor *a)
{
    const char *home = getenv("DOCKER_CONFIG");
    char path[1024];
    if (home)
        snprintf(path, sizeof(path), "%s/config.json", home);
    else if ((home = getenv("HOME")))
        snprintf(path, sizeof(path), "%s/.docker/config.json", home);
    else
        return;
    rs_err ferr;
    char *buf = rs_read_file(path, 1 << 20, NULL, &ferr); /* absent or unreadable: no credentials */
    cJSON *j = buf ? cJSON_Parse(buf) : NULL;
    free(buf);
    const char *host = strstr(url, "://");
    host = host ? host + 3 : url;
    const cJSON *auths = cJSON_GetObjectItemCaseSensitive(j, "auths"), *e;
    cJSON_ArrayForEach(e, auths)
    {
        const char *k = e->string, *kh = strstr(k, "://");
        kh = kh ? kh + 3 : k;
        size_t hl = strcspn(host, "/");
        if (strncmp(kh, host, hl) != 0 || (kh[hl] && kh[hl] != '/'))
            continue;
        const cJSON *au = cJSON_GetObjectItemCaseSensitive(e, "auth");
        if (!cJSON_IsString(au))
            continue;
        unsigned char dec[1024];
        size_t alen = strlen(au->valuestring);
        if (alen == 0 || alen >= 1360)
            continue;
        int dl = EVP_DecodeBlock(dec, (const unsigned char *)au->valuestring, (int)alen);
        while (dl > 0 && alen > 0 && au->valuestring[--alen] == '=')
            dl--;
        if (dl <= 0)
            continue;
        dec[dl] = '\0';
        char *colon = strchr((char *)dec, ':');
        if (!colon)
            continue;
        *colon = '\0';
        if (!a->username[0] || strcmp(a->username, (char *)dec) == 0) {
            snprintf(a->username, sizeof(a->username), "%s", (char *)dec);
            snprintf(a->password, sizeof(a->password), "%s", colon + 1);
        }
        memset(dec, 0, sizeof(dec));
        break;
    }
    cJSON_Delete(j);
}

static rs_status load_actors(rs_ydoc *d, yaml_node_t *map, rs_target *t, rs_err *err)
{
    if (map->type != YAML_MAPPING_NODE) {
        rs_ydoc_errf(d, map, err->msg, sizeof(err->msg), "actors must be a map of role -> user");
        return RS_ERR_PARSE;
    }
    RS_YMAP_EACH(d, map, p)
    {
        yaml_node_t *k = rs_ydoc_node(d, p->key), *v = rs_ydoc_node(d, p->value);
        if (t->nactors == RS_MAX_ROLES) {
            rs_ydoc_errf(d, k, err->msg, sizeof(err->msg), "more than %d actors", RS_MAX_ROLES);
            return RS_ERR_PARSE;
        }
        rs_target_actor *a = &t->actors[t->nactors];
        rs_status st = copy(d, k, a->role, sizeof(a->role), "an actor role", err);
        if (st)
            return st;
        if (v->type != YAML_MAPPING_NODE) {
            rs_ydoc_errf(d, v, err->msg, sizeof(err->msg),
                         "actor '%s' must be a map: {username: ..., password: ...} or {}", a->role);
            return RS_ERR_PARSE;
        }
        RS_YMAP_EACH(d, v, q)
        {
            yaml_node_t *qk = rs_ydoc_node(d, q->key), *qv = rs_ydoc_node(d, q->value);
            const char *key = rs_ydoc_str(qk);
            if (key && strcmp(key, "username") == 0)
                st = copy(d, qv, a->username, sizeof(a->username), "username", err);
            else if (key && strcmp(key, "password") == 0)
                st = copy(d, qv, a->password, sizeof(a->password), "password", err);
            else if (key && strcmp(key, "password_env") == 0) {
                const char *envname = rs_ydoc_str(qv);
                const char *val = envname ? getenv(envname) : NULL;
                if (!val) {
                    rs_ydoc_errf(d, qv, err->msg, sizeof(err->msg),
                                 "password_env names a variable that is not set");
                    return RS_ERR_CONFIG;
                }
                snprintf(a->password, sizeof(a->password), "%s", val);
            } else {
                rs_ydoc_errf(d, qk, err->msg, sizeof(err->msg),
                             "unknown actor key (expected username, password, password_env)");
                return RS_ERR_PARSE;
            }
            if (st)
                return st;
        }
        t->nactors++;
    }
    return RS_OK;
}

static rs_status load_kv(rs_ydoc *d, yaml_node_t *map, void *arr, int *n, int max, const char *what,
                         rs_err *err)
{
    struct kv {
        char key[32];
        char value[256];
    } *kv = arr;
    if (map->type != YAML_MAPPING_NODE) {
        rs_ydoc_errf(d, map, err->msg, sizeof(err->msg), "%s must be a map", what);
        return RS_ERR_PARSE;
    }
    RS_YMAP_EACH(d, map, p)
    {
        if (*n == max) {
            rs_ydoc_errf(d, map, err->msg, sizeof(err->msg), "too many entries in %s", what);
            return RS_ERR_PARSE;
        }
        rs_status st = copy(d, rs_ydoc_node(d, p->key), kv[*n].key, sizeof(kv[*n].key), what, err);
        if (!st)
            st = copy(d, rs_ydoc_node(d, p->value), kv[*n].value, sizeof(kv[*n].value), what, err);
        if (st)
            return st;
        (*n)++;
    }
    return RS_OK;
}

rs_status rs_target_load(rs_target *t, const char *path, rs_err *err)
{
    memset(t, 0, sizeof(*t));
    t->timeout_s = 120;
    rs_ydoc d;
    if (rs_ydoc_load(&d, path, err->msg, sizeof(err->msg)) != 0)
        return RS_ERR_PARSE;
    yaml_node_t *root = rs_ydoc_root(&d);
    rs_status st = RS_OK;
    if (root->type != YAML_MAPPING_NODE) {
        rs_ydoc_errf(&d, root, err->msg, sizeof(err->msg), "a target file is a map");
        st = RS_ERR_PARSE;
    }
    RS_YMAP_EACH(&d, root, p)
    {
        if (st)
            break;
        yaml_node_t *k = rs_ydoc_node(&d, p->key), *v = rs_ydoc_node(&d, p->value);
        const char *key = rs_ydoc_str(k);
        key = key ? key : "";
        if (strcmp(key, "name") == 0)
            st = copy(&d, v, t->name, sizeof(t->name), "name", err);
        else if (strcmp(key, "url") == 0)
            st = copy(&d, v, t->url, sizeof(t->url), "url", err);
        else if (strcmp(key, "ca_file") == 0)
            st = copy(&d, v, t->ca_file, sizeof(t->ca_file), "ca_file", err);
        else if (strcmp(key, "auth") == 0)
            st = copy(&d, v, t->auth, sizeof(t->auth), "auth", err);
        else if (strcmp(key, "registry") == 0)
            st = copy(&d, v, t->registry, sizeof(t->registry), "registry", err);
        else if (strcmp(key, "actors") == 0)
            st = load_actors(&d, v, t, err);
        else if (strcmp(key, "namespaces") == 0)
            st = load_kv(&d, v, t->ns, &t->nns, RS_MAX_ROLES, "namespaces", err);
        else if (strcmp(key, "features") == 0)
            st = load_kv(&d, v, t->features, &t->nfeatures, RS_MAX_FEATURES, "features", err);
        else if (strcmp(key, "insecure") == 0) {
            const char *s = rs_ydoc_str(v);
            t->insecure = s && strcmp(s, "true") == 0;
        } else if (strcmp(key, "timeout") == 0) {
            const char *s = rs_ydoc_str(v);
            t->timeout_s = s ? atol(s) : 0;
            if (t->timeout_s < 1 || t->timeout_s > 3600) {
                rs_ydoc_errf(&d, v, err->msg, sizeof(err->msg), "timeout must be 1..3600 s");
                st = RS_ERR_PARSE;
            }
        } else {
            rs_ydoc_errf(&d, k, err->msg, sizeof(err->msg),
                         "unknown key '%s' (expected name, url, ca_file, auth, registry, actors, "
                         "namespaces, features, insecure, timeout)",
                         key);
            st = RS_ERR_PARSE;
        }
    }
    if (st == RS_OK &&
        (strncmp(t->url, "http://", 7) != 0 && strncmp(t->url, "https://", 8) != 0)) {
        snprintf(err->msg, sizeof(err->msg), "%s: url must start with http:// or https://", path);
        st = RS_ERR_PARSE;
    }
    rs_ydoc_free(&d);
    size_t ul = strlen(t->url);
    while (ul && t->url[ul - 1] == '/')
        t->url[--ul] = '\0';
    for (int i = 0; st == RS_OK && i < t->nactors; i++)
        if (t->actors[i].username[0] && !t->actors[i].password[0])
            docker_config_password(t->url, &t->actors[i]);
    if (st == RS_OK && !t->name[0])
        snprintf(t->name, sizeof(t->name), "%s", t->url);
    return st;
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

rs_status rs_target_from_oci_env(rs_target *t, rs_err *err)
{
    memset(t, 0, sizeof(*t));
    t->timeout_s = 120;
    const char *url = getenv("OCI_ROOT_URL"), *ns = getenv("OCI_NAMESPACE");
    if (!url || !ns)
        return rs_errf(err, RS_ERR_CONFIG,
                       "no --target given and OCI_ROOT_URL / OCI_NAMESPACE are not set");
    snprintf(t->name, sizeof(t->name), "oci-env");
    snprintf(t->url, sizeof(t->url), "%s", url);
    size_t ul = strlen(t->url);
    while (ul && t->url[ul - 1] == '/')
        t->url[--ul] = '\0';
    /* like the OCI suite, TLS verification is off unless a CA is given */
    const char *ca = getenv("OCI_CA_FILE");
    if (ca)
        snprintf(t->ca_file, sizeof(t->ca_file), "%s", ca);
    else
        t->insecure = 1;
    rs_target_actor *a = &t->actors[t->nactors++];
    snprintf(a->role, sizeof(a->role), "owner");
    snprintf(a->username, sizeof(a->username), "%s",
             getenv("OCI_USERNAME") ? getenv("OCI_USERNAME") : "");
    snprintf(a->password, sizeof(a->password), "%s",
             getenv("OCI_PASSWORD") ? getenv("OCI_PASSWORD") : "");
    if (!a->password[0])
        docker_config_password(t->url, a);
    snprintf(t->actors[t->nactors++].role, sizeof(a->role), "anonymous");
    /* OCI_NAMESPACE is a repository; the harness appends names below a namespace, so use it whole
     */
    set_kv(t->ns, &t->nns, RS_MAX_ROLES, "owner", ns);
    const char *xns = getenv("OCI_CROSSMOUNT_NAMESPACE");
    set_kv(t->ns, &t->nns, RS_MAX_ROLES, "crossmount", xns ? xns : ns);
    set_kv(t->features, &t->nfeatures, RS_MAX_FEATURES, "delete",
           getenv("OCI_DELETE_DISABLED") ? "false" : "true");
    set_kv(t->features, &t->nfeatures, RS_MAX_FEATURES, "automatic_mount",
           getenv("OCI_AUTOMATIC_CROSSMOUNT") &&
                   strcmp(getenv("OCI_AUTOMATIC_CROSSMOUNT"), "1") == 0
               ? "true"
               : "false");
    set_kv(t->features, &t->nfeatures, RS_MAX_FEATURES, "access_control", "false");
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
    const char *v = rs_target_feature(t, feature);
    return v && strcmp(v, "false") != 0 && strcmp(v, "no") != 0 && v[0];
}

int rs_feature_known(const char *name)
{
    static const char *const known[] = {
        "delete",          "access_control", "token_auth",    "catalog", "referrers",
        "automatic_mount", "sha512",         "forged_tokens", "mount",   NULL};
    for (int i = 0; known[i]; i++)
        if (strcmp(known[i], name) == 0)
            return 1;
    return 0;
}
