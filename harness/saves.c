#include "saves.h"

#include "checks.h"
#include "json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const rs_save_kind SAVES[] = {
    {"location", RS_SAVE_LOCATION, NULL,
     "the Location header, resolved against the request's URL (RFC 3986 section 5.2)"},
    {"upload_id", RS_SAVE_UPLOAD_ID, NULL,
     "the last path segment of the resolved Location, without its query (an upload session's "
     "id, whatever the registry's header names)"},
    {"digest", RS_SAVE_DIGEST, NULL, "the digest the step used or computed"},
    {"manifest", RS_SAVE_MANIFEST, "push_image,put_manifest",
     "the manifest put: its digest; the name can be a subject or an index entry later"},
    {"digest_tag", RS_SAVE_DIGEST_TAG, NULL, "the digest as a tag: sha256:abc -> sha256-abc"},
    {"body_digest", RS_SAVE_BODY_DIGEST, NULL, "the digest of the response body"},
    {"status", RS_SAVE_STATUS, NULL, "the HTTP status"},
    {"error_code", RS_SAVE_ERROR_CODE, NULL, "the first errors[].code of the body"},
    {"body", RS_SAVE_BODY, NULL, "the response body, as text"},
    {"header.", RS_SAVE_HEADER, NULL, "header.<Name>: that response header"},
    {"last_tag", RS_SAVE_LAST_TAG, "tags_list,request",
     "the last entry of the body's tags list (a page's end: the next page's `last`)"},
    {"tag.", RS_SAVE_TAG, "tags_list,request",
     "tag.<i>: the i-th entry (from 0) of the body's tags list"},
};

const rs_save_kind *rs_save_kinds(int *n)
{
    *n = (int)(sizeof(SAVES) / sizeof(SAVES[0]));
    return SAVES;
}

const rs_save_kind *rs_save_kind_find(const char *name)
{
    for (size_t i = 0; name && i < sizeof(SAVES) / sizeof(SAVES[0]); i++) {
        size_t n = strlen(SAVES[i].name);
        int prefix = SAVES[i].name[n - 1] == '.'; /* header.<Name>, tag.<i> */
        if (prefix ? strncmp(name, SAVES[i].name, n) == 0 && name[n]
                   : strncmp(SAVES[i].name, name, n + 1) == 0)
            return &SAVES[i];
    }
    return NULL;
}

static int remember_manifest(rs_ctx *c, const char *var, const rs_stepout *so)
{
    if (c->nmanifests == RS_MAX_SAVED_MANIFESTS)
        return -1;
    rs_saved_manifest *m = &c->manifests[c->nmanifests++];
    snprintf(m->var, sizeof(m->var), "%s", var);
    snprintf(m->digest, sizeof(m->digest), "%s", so->digest);
    m->size = so->manifest_size;
    snprintf(m->media_type, sizeof(m->media_type), "%s", so->manifest_mt);
    return 0;
}

/* The Location h resolved against the request that returned it, or its last path segment. */
static char *location_value(rs_save_source src, const rs_resp *r, const rs_actor *a, const char *h,
                            char *why, size_t len)
{
    const char *base = r->url ? r->url : a->base_url;
    char *u = rs_url_resolve(base, h);
    if (!u || src == RS_SAVE_LOCATION) {
        /* against an absolute base every reference resolves: NULL then means out of memory, and
         * why keeps the caller's "out of memory" (an ERROR, never blamed on the registry) */
        if (!u && (!base || !strstr(base, "://")))
            snprintf(why, len, "the Location '%.200s' cannot be resolved", h);
        return u;
    }
    char *id = rs_url_last_segment(u);
    if (!id)
        snprintf(why, len, "the Location '%.200s' has no path segment", h);
    free(u);
    return id;
}

/* An entry of the body's tags list: the last (index NULL) or the index-th; malloc'd or NULL. */
static char *tag_value(const rs_resp *r, const char *index, char *why, size_t len)
{
    if (r->body.truncated) {
        snprintf(why, len,
                 "the %ld response's body is over the " RS_HTTP_BODY_KEEP_TEXT
                 " regsuite keeps of a response: not read",
                 r->status);
        return NULL;
    }
    int oom = 0;
    cJSON *j = rs_json_parse(rs_buf_str(&r->body), &oom);
    const cJSON *tags = cJSON_GetObjectItemCaseSensitive(j, "tags");
    int n = cJSON_GetArraySize(tags), i = index ? atoi(index) : n - 1;
    const cJSON *e = cJSON_IsArray(tags) && i >= 0 ? cJSON_GetArrayItem(tags, i) : NULL;
    char *v = cJSON_IsString(e) ? strdup(e->valuestring) : NULL;
    if (!v && !oom && !cJSON_IsString(e) && !cJSON_IsArray(tags)) /* else why: out of memory */
        snprintf(why, len, "the %ld response's body has no tags list", r->status);
    else if (!v && !oom && !cJSON_IsString(e))
        snprintf(why, len, "the tags list has %d entries, no %s", n,
                 index ? "such index" : "last one");
    cJSON_Delete(j);
    return v;
}

/* The value of one save, malloc'd; NULL with why filled when the answer lacks it. */
static char *value_of(rs_ctx *c, const rs_save *sv, const rs_stepout *so, const rs_actor *a,
                      char *why, size_t len)
{
    const rs_resp *r = &so->resp;
    char buf[512];
    const char *h;
    switch (sv->source) {
    case RS_SAVE_LOCATION:
    case RS_SAVE_UPLOAD_ID:
        if ((h = rs_resp_header(r, "Location")))
            return location_value(sv->source, r, a, h, why, len);
        snprintf(why, len, "the %ld response has no Location header", r->status);
        return NULL;
    case RS_SAVE_HEADER:
        if ((h = rs_resp_header(r, sv->header)))
            return strdup(h);
        snprintf(why, len, "the %ld response has no %s header", r->status, sv->header);
        return NULL;
    case RS_SAVE_MANIFEST:
    case RS_SAVE_DIGEST:
    case RS_SAVE_DIGEST_TAG:
        if (!so->digest[0]) {
            snprintf(why, len, "the step has no digest");
            return NULL;
        }
        if (sv->source == RS_SAVE_MANIFEST && remember_manifest(c, sv->var, so) != 0) {
            snprintf(why, len, "more than %d manifests saved in one scenario",
                     RS_MAX_SAVED_MANIFESTS);
            return NULL;
        }
        snprintf(buf, sizeof(buf), "%s", so->digest);
        if (sv->source == RS_SAVE_DIGEST_TAG && strchr(buf, ':'))
            *strchr(buf, ':') = '-';
        return strdup(buf);
    case RS_SAVE_BODY_DIGEST:
        if (r->body_digest[0])
            return strdup(r->body_digest);
        snprintf(why, len, "the body was not hashed (no body, or no digest to hash it with)");
        return NULL;
    case RS_SAVE_STATUS:
        snprintf(buf, sizeof(buf), "%ld", r->status);
        return strdup(buf);
    case RS_SAVE_ERROR_CODE:
        if (rs_error_codes(r, buf, sizeof(buf)))
            return NULL; /* why: out of memory */
        buf[strcspn(buf, ",")] = '\0';
        if (buf[0])
            return strdup(buf);
        snprintf(why, len, "the %ld response's body has no errors[].code", r->status);
        return NULL;
    case RS_SAVE_BODY:
        if (!r->body.truncated)
            return strdup(rs_buf_str(&r->body));
        snprintf(why, len,
                 "the %ld response's body is over the " RS_HTTP_BODY_KEEP_TEXT
                 " regsuite keeps of a response: a cut body is never saved",
                 r->status);
        return NULL;
    case RS_SAVE_LAST_TAG:
    case RS_SAVE_TAG:
        return tag_value(r, sv->source == RS_SAVE_TAG ? sv->header : NULL, why, len);
    }
    return NULL;
}

void rs_saves_do(rs_ctx *c, const rs_step *s, int idx, const rs_stepout *so, const rs_actor *a)
{
    for (int i = 0; i < s->nsaves; i++) {
        const rs_save *sv = &s->saves[i];
        char why[256] = "out of memory", reason[512];
        char *val = value_of(c, sv, so, a, why, sizeof(why));
        rs_ctx_check_open(c, s, idx, sv->line, sv->col, "save");
        if (val && rs_vars_set(&c->vars, sv->var, val) == 0) {
            rs_vars_unset(&c->unset_why, sv->var);
            free(val);
            rs_ctx_check_close(c);
            continue;
        }
        if (val || strcmp(why, "out of memory") == 0)
            c->nomem = 1; /* not the registry's doing: the scenario is an ERROR */
        free(val);
        rs_vars_unset(&c->vars, sv->var);
        rs_ctx_fail(c, s, idx, sv->line, sv->col, "save", "absent", "cannot save ${%s}: %s",
                    sv->var, why);
        snprintf(reason, sizeof(reason), "step %d (line %d) could not save it: %s", idx + 1,
                 s->line, why);
        if (rs_vars_set(&c->unset_why, sv->var, reason) != 0)
            rs_vars_unset(&c->unset_why, sv->var);
        rs_ctx_check_close(c);
    }
}

void rs_saves_skipped(rs_ctx *c, const rs_step *s, int idx, const char *why)
{
    for (int i = 0; i < s->nsaves; i++) {
        char reason[512];
        if (rs_vars_get(&c->vars, s->saves[i].var))
            continue; /* an earlier step's value stands (when: branches save the same name) */
        snprintf(reason, sizeof(reason), "step %d (line %d), which saves it, %s", idx + 1, s->line,
                 why);
        if (rs_vars_set(&c->unset_why, s->saves[i].var, reason) != 0)
            rs_vars_unset(&c->unset_why, s->saves[i].var);
    }
}
