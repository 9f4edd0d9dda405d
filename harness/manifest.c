/* manifest: the JSON of a manifest built from a scenario's blobs and saved manifests (images,
 * artifacts, OCI indexes and Docker manifest lists with platforms, foreign layers with urls, a
 * padded large manifest). */
#include "json.h"
#include "oci.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"
#define MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define MT_OCI_FOREIGN "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip"
#define MT_DOCKER_FOREIGN "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"
#define EMPTY_DIGEST "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"

/* A descriptor {mediaType, digest, size} attached to parent under key (NULL: appended). */
static cJSON *descriptor(rs_json *J, cJSON *parent, const char *key, const char *media_type,
                         const char *digest, uint64_t size)
{
    cJSON *d = rs_json_add(J, parent, key, rs_json_obj(J));
    rs_json_str(J, d, "mediaType", media_type);
    rs_json_str(J, d, "digest", digest);
    rs_json_num(J, d, "size", (double)size);
    return d;
}

/* "os/arch[/variant]" as the descriptor's platform object. */
static void platform(rs_json *J, cJSON *d, const char *p)
{
    char os[64] = "", arch[64] = "", variant[64] = "";
    if (!p || sscanf(p, "%63[^/]/%63[^/]/%63s", os, arch, variant) < 2)
        return; /* validated at load: os/arch or os/arch/variant */
    cJSON *o = rs_json_add(J, d, "platform", rs_json_obj(J));
    rs_json_str(J, o, "architecture", arch);
    rs_json_str(J, o, "os", os);
    if (variant[0])
        rs_json_str(J, o, "variant", variant);
}

static void index_parts(rs_json *J, cJSON *j, const rs_manifest_spec *m)
{
    cJSON *arr = rs_json_add(J, j, "manifests", cJSON_CreateArray());
    for (int i = 0; i < m->nmanifests; i++)
        platform(J,
                 descriptor(J, arr, NULL, m->manifests[i].media_type, m->manifests[i].digest,
                            m->manifests[i].size),
                 m->platforms[i]);
}

/* The foreign (docker) or non-distributable (OCI) layers: descriptors with urls, never pushed. */
static void foreign_layers(rs_json *J, cJSON *arr, const rs_manifest_spec *m, int docker)
{
    for (int i = 0; i < m->nforeign; i++) {
        cJSON *d = descriptor(J, arr, NULL, docker ? MT_DOCKER_FOREIGN : MT_OCI_FOREIGN,
                              m->foreign[i]->digest, m->foreign[i]->size);
        cJSON *urls = rs_json_add(J, d, "urls", cJSON_CreateArray());
        for (int u = 0; u < m->nurls; u++)
            rs_json_add(J, urls, NULL, cJSON_CreateString(m->urls[u]));
    }
}

/* config and layers (an image manifest) or manifests (an index, a list) of m into j. */
static void manifest_parts(rs_json *J, cJSON *j, const rs_manifest_spec *m, int docker, int index,
                           int artifact)
{
    if (index) {
        index_parts(J, j, m);
        return;
    }
    const char *cmt = docker     ? "application/vnd.docker.container.image.v1+json"
                      : artifact ? "application/vnd.oci.empty.v1+json"
                                 : "application/vnd.oci.image.config.v1+json";
    if (m->config)
        descriptor(J, j, "config", cmt, m->config->digest, m->config->size);
    else
        descriptor(J, j, "config", "application/vnd.oci.empty.v1+json", EMPTY_DIGEST, 2);
    cJSON *arr = rs_json_add(J, j, "layers", cJSON_CreateArray());
    const char *lmt = docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip"
                             : "application/vnd.oci.image.layer.v1.tar+gzip";
    for (int i = 0; i < m->nlayers; i++)
        descriptor(J, arr, NULL, lmt, m->layers[i]->digest, m->layers[i]->size);
    foreign_layers(J, arr, m, docker);
}

/* An annotation of pad_bytes 'x's: a manifest as large as a test needs. */
static void padding(rs_json *J, cJSON *j, uint64_t pad_bytes)
{
    if (!pad_bytes)
        return;
    char *pad = malloc((size_t)pad_bytes + 1);
    if (!pad) {
        J->oom = 1;
        return;
    }
    memset(pad, 'x', (size_t)pad_bytes);
    pad[pad_bytes] = '\0';
    cJSON *a = rs_json_add(J, j, "annotations", rs_json_obj(J));
    rs_json_str(J, a, "org.regsuite.padding", pad);
    free(pad);
}

char *rs_manifest_build(const rs_manifest_spec *m, const char **content_type)
{
    const char *kind = m->media_type ? m->media_type : "oci";
    int docker = strcmp(kind, "docker") == 0, list = strcmp(kind, "docker_list") == 0;
    int index = list || strcmp(kind, "index") == 0, artifact = strcmp(kind, "artifact") == 0;
    *content_type = docker  ? MT_DOCKER_MANIFEST
                    : list  ? MT_DOCKER_LIST
                    : index ? MT_OCI_INDEX
                            : MT_OCI_MANIFEST;
    rs_json J = {0};
    cJSON *j = rs_json_obj(&J);
    rs_json_num(&J, j, "schemaVersion", 2);
    rs_json_str(&J, j, "mediaType", *content_type);
    rs_json_str(&J, j, "artifactType", m->artifact_type);
    manifest_parts(&J, j, m, docker || list, index, artifact);
    if (m->subject_digest)
        descriptor(&J, j, "subject",
                   m->subject_media_type ? m->subject_media_type : MT_OCI_MANIFEST,
                   m->subject_digest, m->subject_size);
    padding(&J, j, m->pad_bytes);
    char *out = J.oom ? NULL : cJSON_PrintUnformatted(j); /* never a manifest missing a part */
    cJSON_Delete(j);
    return out;
}
