/* model: the typed scenario model the loader builds once and the runner reads: values with their
 * file positions, steps with typed arguments, checks, saves and blobs. No YAML node past the
 * loader. */
#ifndef RS_MODEL_H
#define RS_MODEL_H

#include "spec.h"

#include <stdint.h>

typedef enum { RS_LEVEL_MUST = 0, RS_LEVEL_SHOULD = 1, RS_LEVEL_MAY = 2 } rs_level;

/* A level per spec release (spec.h): `level: MUST` gives every release the same one; a map
 * `{v1.0.0: SHOULD, main: MUST}` gives each named release's from it on. */
typedef struct {
    rs_level at[RS_SPEC_COUNT];
} rs_levels;

/* The roles a scenario may act as: a closed set (targets map them to users). */
typedef enum {
    RS_ROLE_OWNER,
    RS_ROLE_OTHER,
    RS_ROLE_THIRD,
    RS_ROLE_ADMIN,
    RS_ROLE_ANONYMOUS
} rs_role;
#define RS_ROLE_COUNT 5
extern const char *const RS_ROLE_NAMES[RS_ROLE_COUNT + 1]; /* NULL-terminated */

/* What a value must look like: a base type in a container. */
typedef enum {
    RS_B_STR,      /* text; may hold ${placeholders} */
    RS_B_INT,      /* a whole number >= 0, or one whole ${placeholder} that expands to one */
    RS_B_BOOL,     /* YAML booleans: true/false/yes/no/on/off */
    RS_B_ENUM,     /* one word of a closed list */
    RS_B_BLOB,     /* the name of a blob of the scenario */
    RS_B_ROLE,     /* one of RS_ROLE_NAMES */
    RS_B_DIGEST,   /* a blob's name, a digest (algo:hex) or a ${placeholder} */
    RS_B_MANIFEST, /* a manifest description: see MANIFEST_KEYS in scenario.c */
    RS_B_STEPS,    /* a list of steps (concurrently): loaded as steps, see steps_race.c */
} rs_base;

typedef enum {
    RS_C_ONE,         /* a scalar */
    RS_C_LIST,        /* a list of scalars */
    RS_C_ONE_OR_LIST, /* a scalar or a list: the value matches any of them */
    RS_C_MAP,         /* a map of name -> scalar */
} rs_container;

typedef struct {
    rs_base base;
    rs_container shape;
    const char *const *words; /* RS_B_ENUM: the allowed words, NULL-terminated */
    int nonempty;             /* an empty string (after expansion too) is refused */
} rs_vtype;

/* A value as loaded. Scalars carry text; lists and maps carry items (map items have a key). A
 * single value of an RS_C_ONE_OR_LIST type is stored as a list of one. */
typedef struct rs_val {
    int line, col;
    char *key;       /* map items: the key */
    char *text;      /* scalars: as written */
    long long num;   /* RS_B_INT (literal), RS_B_BOOL (0/1), RS_B_ENUM (index), RS_B_ROLE */
    int is_template; /* text holds a ${placeholder}: RS_B_INT then expands at run time */
    struct rs_val *items;
    int nitems;
} rs_val;

typedef struct rs_step_kind rs_step_kind;
typedef struct rs_check_kind rs_check_kind;

typedef struct {
    const rs_check_kind *kind;
    rs_val val;
    int own_level;    /* the step's check_levels names this check */
    rs_levels levels; /* own_level: by release */
    rs_level level;   /* own_level: for the run's release */
} rs_check;

typedef enum {
    RS_SAVE_LOCATION,    /* the Location header, resolved to an absolute URL */
    RS_SAVE_UPLOAD_ID,   /* the resolved Location's last path segment, without query */
    RS_SAVE_DIGEST,      /* the digest the step sent or computed */
    RS_SAVE_MANIFEST,    /* the manifest the step put: digest, and usable as subject/manifests */
    RS_SAVE_DIGEST_TAG,  /* sha256:abc -> sha256-abc (the referrers tag schema) */
    RS_SAVE_BODY_DIGEST, /* the digest of the response body */
    RS_SAVE_STATUS,      /* the HTTP status */
    RS_SAVE_ERROR_CODE,  /* the first errors[].code of the body */
    RS_SAVE_BODY,        /* the body as text */
    RS_SAVE_HEADER,      /* header.<Name> */
    RS_SAVE_LAST_TAG,    /* the last entry of the body's tags list */
    RS_SAVE_TAG,         /* tag.<i>: the i-th entry (from 0) of the body's tags list */
} rs_save_source;

typedef struct {
    char *var;
    rs_save_source source;
    char *header; /* RS_SAVE_HEADER: the header's name; RS_SAVE_TAG: the index, digits */
    int line, col;
} rs_save;

typedef struct {
    char *var;
    rs_val values; /* a list: the variable must equal one of them */
    int line, col;
} rs_when;

#define RS_MAX_CHECKS 24
#define RS_MAX_SAVES 8
#define RS_MAX_WHENS 4
#define RS_MAX_STEP_REQUIRES 4

/* Parameters of every step kind, by id; the table in steps.c gives names, types and docs. */
typedef enum {
    RS_P_AS,
    RS_P_REPO,
    RS_P_TAG,
    RS_P_LAYERS,
    RS_P_CONFIG,
    RS_P_MOUNT_FROM,
    RS_P_MEDIA_TYPE,
    RS_P_UPLOAD,
    RS_P_CHUNK_SIZE,
    RS_P_BLOB,
    RS_P_UPLOAD_METHOD,
    RS_P_DIGEST,
    RS_P_AUTH,
    RS_P_FROM,
    RS_P_RANGE,
    RS_P_REF,
    RS_P_MANIFEST,
    RS_P_BODY,
    RS_P_CONTENT_TYPE,
    RS_P_ACCEPT,
    RS_P_N,
    RS_P_LAST,
    RS_P_PAGES,
    RS_P_HTTP_METHOD,
    RS_P_PATH,
    RS_P_URL,
    RS_P_HEADERS,
    RS_P_BODY_BLOB,
    RS_P_SCOPES,
    RS_P_SESSION,
    RS_P_QUERY,
    RS_P_SECONDS,
    RS_P_STEPS,
    RS_P_TIMES,
    RS_P_COUNT
} rs_param_id;

typedef struct {
    const rs_step_kind *kind;
    char name[160]; /* the step's name, or "" */
    int line, col;
    rs_level level;   /* the scenario's unless the step says otherwise: for the run's release */
    rs_levels levels; /* by release */
    rs_role as;
    rs_val *args[RS_P_COUNT]; /* NULL when absent */
    rs_check checks[RS_MAX_CHECKS];
    int nchecks;
    int has_expect; /* without expect a step must succeed (2xx) */
    rs_save saves[RS_MAX_SAVES];
    int nsaves;
    rs_when whens[RS_MAX_WHENS];
    int nwhens;
    char requires[RS_MAX_STEP_REQUIRES][32]; /* features; a target without one skips the step */
    int nrequires;
    int forges;     /* sends a forged token: skipped on a target without features.forged_tokens */
    int nsub;       /* a concurrently step: its steps are the nsub steps that follow it */
    int sub;        /* a step of the concurrently step before it: that step runs it, in a thread */
    int in_fixture; /* one of the steps of the scenario's fixture (fixture.h): its file, not the
                     * scenario's, has its line */
} rs_step;

typedef enum { RS_BLOB_GENERATED, RS_BLOB_CONTENT, RS_BLOB_FILE } rs_blob_source;

typedef struct {
    char name[64];
    rs_blob_source source;
    uint64_t size, seed; /* generated */
    char *text;          /* content (a template) or file path */
    int sha512;
    int line, col;
} rs_blob_spec;

#define RS_MAX_STEPS 96
#define RS_MAX_SUBSTEPS 8 /* steps of one concurrently step */
#define RS_MAX_ROUNDS 10  /* its times: */
#define RS_MAX_BLOBS 32
#define RS_MAX_REQUIRES 16
#define RS_MAX_NS_USED 8

typedef struct {
    char path[512];
    char suite[128]; /* the folder the file is in */
    char id[128];
    char title[256];
    rs_level level;          /* for the run's release (rs_scenario_apply_spec) */
    rs_levels levels;        /* by release */
    int spec;                /* the release (index into RS_SPECS) the levels were resolved for */
    char keywords[512];      /* space-separated */
    char refs[4096];         /* "; "-separated: the spec sentences quoted */
    char affects[512];       /* "; "-separated: the registry versions a regression affects */
    char reproduced_by[512]; /* space-separated bug-<mode> targets the scenario must fail on */
    char requires[RS_MAX_REQUIRES][32];
    int nrequires;
    rs_blob_spec blobs[RS_MAX_BLOBS];
    int nblobs;
    rs_step steps[RS_MAX_STEPS];
    int nsteps;
    int roles_used[RS_ROLE_COUNT];    /* by `as:` or ${user.<role>}: the target must have them */
    char ns_used[RS_MAX_NS_USED][32]; /* ${ns.<name>}: the target must have these namespaces */
    int nns_used;
    int probe; /* probe: true -- an SSRF probe listens for the scenario (${probe.url}) */
    /* fixture: NAME -- the run-level setup it reads (fixture.h): NAME.fixture.yaml beside it,
     * whose blobs and steps come first in blobs[] and steps[] */
    char fixture[64];
    char fixture_path[512];
    int nfixture_blobs, nfixture_steps;
} rs_scenario;

/* The file a step was read from: the scenario's, or its fixture's. */
const char *rs_step_file(const rs_scenario *sc, const rs_step *s);

const char *rs_level_name(rs_level l);
void rs_val_free(rs_val *v);

#endif
