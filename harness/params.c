/* params: the table of step parameters -- name, value type, what it means. Step kinds (steps.c)
 * list the ones they take; the loader checks values against these types. */
#include "schema.h"

#include <stddef.h>

static const char *const AUTH_WORDS[] = {"auto", "none", "expired", "foreign", "audience", NULL};
static const char *const UPLOAD_WORDS[] = {"monolithic", "chunked", "stream", "single_post", NULL};
static const char *const MEDIA_WORDS[] = {"oci",      "docker",      "index",
                                          "artifact", "docker_list", NULL};
static const char *const PAGES_WORDS[] = {"one", "all", NULL};
static const char *const HTTP_WORDS[] = {"GET",   "HEAD",   "POST",    "PUT",
                                         "PATCH", "DELETE", "OPTIONS", NULL};

#define STR                                                                                        \
    {                                                                                              \
        RS_B_STR, RS_C_ONE, NULL, 0                                                                \
    }
#define STR1                                                                                       \
    {                                                                                              \
        RS_B_STR, RS_C_ONE, NULL, 1                                                                \
    }
#define INT                                                                                        \
    {                                                                                              \
        RS_B_INT, RS_C_ONE, NULL, 0                                                                \
    }
#define ENUM(w)                                                                                    \
    {                                                                                              \
        RS_B_ENUM, RS_C_ONE, w, 1                                                                  \
    }
#define BLOB                                                                                       \
    {                                                                                              \
        RS_B_BLOB, RS_C_ONE, NULL, 1                                                               \
    }

const rs_param RS_PARAMS[RS_P_COUNT] = {
    [RS_P_AS] = {"as",
                 {RS_B_ROLE, RS_C_ONE, NULL, 1},
                 "the role that acts (owner, other, third, admin, anonymous)"},
    [RS_P_REPO] = {"repo", STR1, "the repository, e.g. \"${ns.owner}/app-${run}\""},
    [RS_P_TAG] = {"tag", STR1, "the tag the manifest is put under (default: by digest)"},
    [RS_P_LAYERS] = {"layers", {RS_B_BLOB, RS_C_LIST, NULL, 1}, "blob names, in order"},
    [RS_P_CONFIG] = {"config", BLOB, "the config blob (default: the empty config {})"},
    [RS_P_MOUNT_FROM] = {"mount_from", STR1, "a repository to mount missing layers from"},
    [RS_P_MEDIA_TYPE] = {"media_type", ENUM(MEDIA_WORDS), "the manifest's kind"},
    [RS_P_UPLOAD] = {"upload", ENUM(UPLOAD_WORDS), "how layers are uploaded (default monolithic)"},
    [RS_P_CHUNK_SIZE] = {"chunk_size", INT,
                         "bytes per PATCH of a chunked upload (at least 1; default 1 MiB)"},
    [RS_P_BLOB] = {"blob", BLOB, "a blob of the scenario"},
    [RS_P_UPLOAD_METHOD] = {"method", ENUM(UPLOAD_WORDS),
                            "push_blob: how the blob is uploaded (default monolithic)"},
    [RS_P_DIGEST] = {"digest", STR1, "the digest to use instead of the blob's own"},
    [RS_P_AUTH] = {"auth", ENUM(AUTH_WORDS),
                   "credentials sent: auto, none, or a forged token (expired, foreign, audience)"},
    [RS_P_FROM] = {"from", STR1, "the mount source repository (absent: a mount without from)"},
    [RS_P_RANGE] = {"range", STR1, "a Range header value, e.g. bytes=0-9"},
    [RS_P_REF] = {"ref", STR1, "a tag or digest"},
    [RS_P_MANIFEST] = {"manifest",
                       {RS_B_MANIFEST, RS_C_MAP, NULL, 0},
                       "a manifest built from blobs and saved manifests: media_type, "
                       "artifact_type, config, layers, subject, manifests, platforms, "
                       "foreign_layers, urls, pad_bytes"},
    [RS_P_BODY] = {"body", STR, "the request body, as text"},
    [RS_P_CONTENT_TYPE] = {"content_type", STR1,
                           "the Content-Type sent (default: the manifest's media type)"},
    [RS_P_ACCEPT] = {"accept", STR1, "the Accept header (default: OCI and Docker manifest types)"},
    [RS_P_N] = {"n", INT, "the page size asked for"},
    [RS_P_LAST] = {"last", STR1, "the last entry of the previous page"},
    [RS_P_PAGES] = {"pages", ENUM(PAGES_WORDS),
                    "all: follow Link rel=\"next\" (without Link, after a full page of n: ask "
                    "again with last=<its last entry>) and merge the pages"},
    [RS_P_HTTP_METHOD] = {"method", ENUM(HTTP_WORDS), "request: the HTTP method"},
    [RS_P_PATH] = {"path", STR1, "a path below the registry's URL, e.g. /v2/"},
    [RS_P_URL] = {"url", STR1, "an absolute URL (e.g. a saved location)"},
    [RS_P_HEADERS] = {"headers", {RS_B_STR, RS_C_MAP, NULL, 0}, "request headers, name: value"},
    [RS_P_BODY_BLOB] = {"body_blob", BLOB, "a blob streamed as the request body"},
    [RS_P_SESSION] = {"session", STR1,
                      "an upload session (a saved location) to upload into instead of a new one"},
    [RS_P_QUERY] = {"query",
                    {RS_B_STR, RS_C_MAP, NULL, 0},
                    "query parameters, name: value, URL-encoded and added after \"?\" or \"&\""},
    [RS_P_SCOPES] =
        {"scopes", STR1,
         "exactly the token scopes to ask for (no retry with the challenge's); "
         "without it, the repository its URL names (/v2/<name>/ then blobs, manifests, tags or "
         "referrers), up front like any step, then the challenge's on a 401"},
    [RS_P_SECONDS] = {"seconds", INT, "wait: the longest it waits, in seconds (1 to 10)"},
    [RS_P_STEPS] = {"steps",
                    {RS_B_STEPS, RS_C_LIST, NULL, 0},
                    "concurrently: 2 to 8 ordinary steps sent at once, each in its own thread "
                    "with its own connection; each has its checks and saves (made after all end)"},
    [RS_P_TIMES] = {"times", INT,
                    "concurrently: rounds, 1 to 10 (default 1); every check of every round counts"},
};
