#include "manifest_arg.h"

#include <stdlib.h>
#include <string.h>

/* A manifest saved earlier, by its variable; NULL after a failed check when the step that saves it
 * was skipped or its save failed (the loader knows the name, not whether it ran). */
static const rs_saved_manifest *saved_manifest(rs_stepcall *k, const rs_val *v)
{
    const rs_saved_manifest *m = rs_ctx_manifest(k->c, v->text);
    if (!m) {
        const char *why = rs_vars_get(&k->c->unset_why, v->text);
        rs_ctx_fail(k->c, k->s, k->idx, v->line, v->col, "manifest", "unset",
                    "manifest '%s' has no value: %s; the step was not sent", v->text,
                    why ? why : "no earlier step saved it");
        k->not_sent = 1;
    }
    return m;
}

static int blob_list(rs_stepcall *k, const rs_val *v, const rs_blob **out, int max)
{
    int n = 0;
    for (int i = 0; v && i < v->nitems && n < max; i++)
        out[n++] = rs_ctx_blob(k->c, v->items[i].text);
    return n;
}

static int index_entries(rs_stepcall *k, const rs_val *f, rs_manifest_spec *spec)
{
    for (int j = 0; j < f->nitems && spec->nmanifests < 16; j++) {
        const rs_saved_manifest *sm = saved_manifest(k, &f->items[j]);
        if (!sm)
            return 0;
        spec->manifests[spec->nmanifests].digest = sm->digest;
        spec->manifests[spec->nmanifests].size = sm->size;
        spec->manifests[spec->nmanifests].media_type = sm->media_type;
        spec->nmanifests++;
    }
    return 1;
}

static int expand_urls(rs_stepcall *k, const rs_val *f, rs_manifest_spec *spec, char **urls)
{
    for (int j = 0; j < f->nitems && j < 4; j++) {
        if (!(urls[j] = rs_ctx_expand(k->c, k->s, k->idx, "urls", &f->items[j], RS_X_NONEMPTY))) {
            k->not_sent = 1;
            return 0;
        }
        spec->urls[spec->nurls++] = urls[j];
    }
    return 1;
}

/* One key of the map into spec; 0 when a value is missing (a failed check says which). */
static int manifest_key(rs_stepcall *k, const rs_val *f, rs_manifest_spec *spec, char **urls)
{
    const rs_saved_manifest *sm;
    if (strcmp(f->key, "media_type") == 0)
        spec->media_type = RS_PARAMS[RS_P_MEDIA_TYPE].type.words[f->num];
    else if (strcmp(f->key, "artifact_type") == 0)
        spec->artifact_type = f->text;
    else if (strcmp(f->key, "config") == 0)
        spec->config = rs_ctx_blob(k->c, f->text);
    else if (strcmp(f->key, "layers") == 0)
        spec->nlayers = blob_list(k, f, spec->layers, 32);
    else if (strcmp(f->key, "foreign_layers") == 0)
        spec->nforeign = blob_list(k, f, spec->foreign, 8);
    else if (strcmp(f->key, "pad_bytes") == 0)
        spec->pad_bytes = (uint64_t)f->num;
    else if (strcmp(f->key, "platforms") == 0)
        for (int j = 0; j < f->nitems && j < 16; j++)
            spec->platforms[j] = f->items[j].text;
    else if (strcmp(f->key, "urls") == 0)
        return expand_urls(k, f, spec, urls);
    else if (strcmp(f->key, "manifests") == 0)
        return index_entries(k, f, spec);
    else if (strcmp(f->key, "subject") == 0) {
        if (!(sm = saved_manifest(k, f)))
            return 0;
        spec->subject_digest = sm->digest;
        spec->subject_size = sm->size;
        spec->subject_media_type = sm->media_type;
    }
    return 1;
}

int rs_manifest_arg(rs_stepcall *k, rs_manifest_spec *spec, char **urls)
{
    const rs_val *m = k->s->args[RS_P_MANIFEST];
    memset(spec, 0, sizeof(*spec));
    for (int i = 0; i < m->nitems; i++)
        if (!manifest_key(k, &m->items[i], spec, urls)) {
            rs_manifest_arg_free(urls);
            return 0;
        }
    return 1;
}

void rs_manifest_arg_free(char **urls)
{
    for (int j = 0; j < 4; j++) {
        free(urls[j]);
        urls[j] = NULL;
    }
}
