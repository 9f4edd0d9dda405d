/* target: the registry under test, from a target file (fixtures/README.md has the format), from
 * the OCI conformance suite's environment variables, and credentials from ~/.docker/config.json. */
#ifndef RS_TARGET_H
#define RS_TARGET_H

#include "status.h"

#include <stddef.h>

#define RS_MAX_ROLES 8
#define RS_MAX_FEATURES 32
#define RS_DEFAULT_TIMEOUT_S 30 /* seconds under 1 KiB/s (a stall, a trickle) before a timeout */

typedef enum { RS_FEAT_BOOL, RS_FEAT_URL } rs_feature_type;

typedef struct {
    const char *name;
    rs_feature_type type;
    const char *doc; /* one line, for fixtures/README.md */
} rs_feature_def;

typedef struct {
    char role[32];
    char username[128];
    char password[256];
} rs_target_actor;

typedef struct {
    char name[128];
    char url[512]; /* no trailing slash */
    char ca_file[512];
    char auth[16];      /* token | basic | none (informational) */
    char registry[256]; /* free text: what software it is */
    rs_target_actor actors[RS_MAX_ROLES];
    int nactors;
    struct {
        char key[32];
        char value[256];
    } ns[RS_MAX_ROLES], features[RS_MAX_FEATURES];
    int nns, nfeatures;
    int insecure;
    long timeout_s; /* inactivity limit of a request (under 1 KiB/s), not its total time */
    long retries;   /* a 429/503 is retried this many times (--retries; RS_RETRIES_DEFAULT) */
} rs_target;

rs_status rs_target_load(rs_target *t, const char *path, rs_err *err) RS_MUST_USE;
/* The same from memory (name stands for the path in messages), without the docker config.json
 * lookup for actors that have no password: parsing only. */
rs_status rs_target_load_mem(rs_target *t, const char *name, const char *buf, size_t len,
                             rs_err *err) RS_MUST_USE;
/* From OCI_ROOT_URL, OCI_NAMESPACE, OCI_CROSSMOUNT_NAMESPACE, OCI_USERNAME, OCI_PASSWORD. */
rs_status rs_target_from_oci_env(rs_target *t, rs_err *err) RS_MUST_USE;

const rs_target_actor *rs_target_actor_get(const rs_target *t, const char *role);
const char *rs_target_ns(const rs_target *t, const char *role);
/* A feature's value ("true", "false", a URL), or NULL when not set. */
const char *rs_target_feature(const rs_target *t, const char *name);
/* 1 when a boolean feature is true (or a URL feature is set); 0 for names outside the table. */
int rs_target_has(const rs_target *t, const char *feature);

/* The closed set of features (one table); *n gets its size. */
const rs_feature_def *rs_features(int *n);
/* The feature names, comma-separated, for messages. */
void rs_feature_names(char *out, size_t len);
/* 1 when name is in the feature table: the scenario loader refuses other `requires:` names. */
int rs_feature_known(const char *name);
/* 1 for owner, other, third, admin, anonymous. */
int rs_role_known(const char *role);
/* YAML booleans: true/false, yes/no, on/off in any case -> 1/0; anything else (0 and 1 too) -1. */
int rs_parse_bool(const char *s);

#endif
