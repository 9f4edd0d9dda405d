/* oci: registry API operations (blobs, uploads, mounts, manifests, tags) on top of auth/http, and
 * the docker-like image push that records per layer whether it existed, was mounted or uploaded. */
#ifndef RS_OCI_H
#define RS_OCI_H

#include "auth.h"
#include "blob.h"

typedef struct {
    rs_auth_mode mode;
    const char *forge_url;
    const char *forge_kind;
} rs_authopt;

typedef enum { RS_UP_MONOLITHIC, RS_UP_CHUNKED, RS_UP_STREAM, RS_UP_SINGLE_POST } rs_upload_method;

/* "repository:<repo>:<actions>" into buf. */
const char *rs_oci_scope(const char *repo, const char *actions, char *buf, size_t len);
/* The pull scope of the repository a URL's path names (/v2/<name>/blobs|manifests|tags|referrers/
 * ...), the name of the plain grammar (no "..", no empty component, no escapes); else NULL. What
 * a request step without scopes: asks for up front (widened like any: auth.c). */
const char *rs_oci_scope_of_url(const char *url, char *buf, size_t len);
/* What a 201 to req_url created, by its Location (resolved; same origin; the same repository as
 * req_url names): 1 a blob, 2 a manifest, with repo and ref (a digest) filled; else 0. */
int rs_oci_created(const char *req_url, const rs_resp *r, char *repo, size_t rlen, char *ref,
                   size_t flen);

#define RS_MAX_REDIRECTS 5

/* HEAD, GET or DELETE /v2/<repo>/blobs/<digest>; GET hashes the body with the digest's algorithm.
 * GET and HEAD follow 301/302/303/307/308 (at most RS_MAX_REDIRECTS hops, then a runtime error);
 * Authorization goes only to the registry's own origin. r is the final answer. */
rs_status rs_oci_blob(rs_actor *a, const char *method, const char *repo, const char *digest,
                      const char *range, const rs_authopt *o, rs_resp *r, rs_err *err) RS_MUST_USE;

/* POST /v2/<repo>/blobs/uploads/[?query]; extra_scopes are added to the token request. */
rs_status rs_oci_upload_post(rs_actor *a, const char *repo, const char *query,
                             const char *extra_scopes, const rs_authopt *o, rs_resp *r,
                             rs_err *err) RS_MUST_USE;

/* Uploads blob b into repo (digest_override replaces b's digest in the final PUT). With a non-NULL
 * session (a Location from an earlier POST), the upload continues there. *sent counts body bytes.
 */
rs_status rs_oci_upload(rs_actor *a, const char *repo, const rs_blob *b, rs_upload_method m,
                        uint64_t chunk, const char *digest_override, const char *session,
                        const rs_authopt *o, rs_resp *r, uint64_t *sent, rs_err *err) RS_MUST_USE;

/* Builds a manifest body for the given descriptors (malloc'd JSON) and its media type
 * (manifest.c). */
typedef struct {
    const char *media_type; /* oci | docker | index | artifact | docker_list */
    const rs_blob *config;  /* NULL: the empty config {} */
    const rs_blob *layers[32];
    int nlayers;
    const char *artifact_type;
    const char *subject_digest, *subject_media_type;
    uint64_t subject_size;
    struct {
        const char *digest, *media_type;
        uint64_t size;
    } manifests[16];
    int nmanifests;
    const char *platforms[16]; /* "os/arch[/variant]" of manifests[i], or NULL */
    const rs_blob *foreign[8]; /* layers never pushed: non-distributable (OCI), foreign (Docker) */
    int nforeign;
    const char *urls[4]; /* the foreign layers' urls */
    int nurls;
    uint64_t pad_bytes; /* an annotation of this many bytes: a manifest as large as needed */
} rs_manifest_spec;

char *rs_manifest_build(const rs_manifest_spec *m, const char **content_type);

typedef enum { RS_LAYER_EXISTED, RS_LAYER_MOUNTED, RS_LAYER_UPLOADED } rs_layer_outcome;

typedef struct {
    char name[64];
    rs_layer_outcome outcome;
    uint64_t bytes;
    long mount_status; /* 0 when no mount was tried */
} rs_layer_result;

typedef struct {
    rs_layer_result layers[33]; /* layers, then the config */
    int nlayers;
    uint64_t uploaded_bytes; /* layer bytes sent (config excluded) */
    char manifest_digest[160];
    uint64_t manifest_size;
    const char *manifest_media_type;
} rs_push_result;

/* docker push: HEAD each blob; present -> existed; else mount from mount_from (201 -> mounted,
 * 202 -> upload into that session, 401/403 -> plain upload); else upload. Then the manifest. */
rs_status rs_oci_push_image(rs_actor *a, const char *repo, const char *tag,
                            const rs_manifest_spec *m, const char *mount_from,
                            rs_upload_method method, uint64_t chunk, rs_push_result *pr,
                            rs_resp *last, rs_err *err) RS_MUST_USE;

/* PUT body to /v2/<repo>/manifests/<ref> (ref NULL: by the body's own digest). digest (>= 160
 * bytes) and *size get the body's sha256 digest and length, whatever the registry answers. */
rs_status rs_oci_manifest_put(rs_actor *a, const char *repo, const char *ref, const char *body,
                              const char *content_type, const rs_authopt *o, rs_resp *r,
                              char *digest, uint64_t *size, rs_err *err) RS_MUST_USE;

const char *rs_layer_outcome_name(rs_layer_outcome o);

#endif
