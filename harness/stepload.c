#include "loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const LEVEL_WORDS[] = {"MUST", "SHOULD", "MAY", NULL};
const rs_vtype RS_LEVEL_T = {RS_B_ENUM, RS_C_ONE, LEVEL_WORDS, 1};
const rs_vtype RS_TEXT_T = {RS_B_STR, RS_C_ONE, NULL, 1};
const rs_vtype RS_TEXTS_T = {RS_B_STR, RS_C_LIST, NULL, 1};
static const rs_vtype WHEN_T = {RS_B_STR, RS_C_ONE_OR_LIST, NULL, 0};
int rs_in_list(const char *const *list, int n, const char *s)
{
    for (int i = 0; i < n || (n < 0 && list[i]); i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* Parses n as t; a literal value that needs no allocation beyond the call (level, counts). */
rs_status rs_parse_tmp(loader *L, yaml_node_t *n, const rs_vtype *t, const char *what, rs_val *v)
{
    rs_status st = rs_vparse(&L->p, n, t, what, v, L->err);
    if (st != RS_OK)
        rs_val_free(v);
    return st;
}

/* ---- levels: a word, or a level per spec release ------------------------------------- */

static rs_status level_word(loader *L, yaml_node_t *n, rs_level *out)
{
    rs_val v;
    if (rs_parse_tmp(L, n, &RS_LEVEL_T, "level", &v) != RS_OK)
        return RS_ERR_PARSE;
    *out = (rs_level)v.num;
    rs_val_free(&v);
    return RS_OK;
}

rs_status rs_load_levels(loader *L, yaml_node_t *n, rs_levels *out)
{
    rs_level lv;
    if (n->type != YAML_MAPPING_NODE) {
        if (level_word(L, n, &lv) != RS_OK)
            return RS_ERR_PARSE;
        for (int i = 0; i < RS_SPEC_COUNT; i++)
            out->at[i] = lv;
        return RS_OK;
    }
    char names[256];
    rs_spec_names(names, sizeof(names));
    int prev = -1;
    RS_YMAP_EACH(L->p.doc, n, q)
    {
        yaml_node_t *kn = rs_ydoc_node(L->p.doc, q->key), *v = rs_ydoc_node(L->p.doc, q->value);
        const char *key = rs_ydoc_str(kn) ? rs_ydoc_str(kn) : "?";
        int r = rs_spec_find(key);
        if (r < 0)
            return ERR(L, kn, "unknown spec release '%s' (known: %s)", key, names);
        if (prev < 0 && r != 0)
            return ERR(L, kn,
                       "a level map starts at the first release, %s (it says the level of every "
                       "release from it on), not at '%s'",
                       RS_SPECS[0].name, key);
        if (r <= prev)
            return ERR(L, kn, "spec release '%s' out of order: releases go oldest first (%s)", key,
                       names);
        if (level_word(L, v, &lv) != RS_OK)
            return RS_ERR_PARSE;
        for (int i = r; i < RS_SPEC_COUNT; i++)
            out->at[i] = lv;
        prev = r;
    }
    if (prev < 0)
        return ERR(L, n, "an empty level map: write a level (MUST, SHOULD, MAY) or {%s: ...}",
                   RS_SPECS[0].name);
    return RS_OK;
}

/* check_levels: {check: level}: each names a check of this step's expect. */
static rs_status load_check_levels(loader *L, yaml_node_t *n, rs_step *st)
{
    if (n->type != YAML_MAPPING_NODE)
        return ERR(L, n, "check_levels must be a map of check: level, found %s", rs_ydoc_kind(n));
    RS_YMAP_EACH(L->p.doc, n, q)
    {
        yaml_node_t *kn = rs_ydoc_node(L->p.doc, q->key), *v = rs_ydoc_node(L->p.doc, q->value);
        const char *key = rs_ydoc_str(kn) ? rs_ydoc_str(kn) : "?";
        rs_check *c = NULL;
        for (int i = 0; i < st->nchecks && !c; i++)
            if (strcmp(st->checks[i].kind->name, key) == 0)
                c = &st->checks[i];
        if (!c)
            return ERR(L, kn, "check_levels names '%s', which this step's expect does not check",
                       key);
        if (c->own_level)
            return ERR(L, kn, "check_levels names '%s' twice", key);
        if (rs_load_levels(L, v, &c->levels) != RS_OK)
            return RS_ERR_PARSE;
        c->own_level = 1;
    }
    return RS_OK;
}

/* ---- placeholders: every ${name} must be known where it is used ------------------------ */

static rs_status placeholder_known(loader *L, yaml_node_t *n, const char *name)
{
    rs_scenario *s = L->s;
    if (strcmp(name, "run") == 0 || strcmp(name, "url") == 0 ||
        (strcmp(name, "fixture") == 0 && s->fixture[0]) || rs_in_list(L->saved, L->nsaved, name))
        return RS_OK;
    if (strcmp(name, "probe.url") == 0)
        return s->probe ? RS_OK : ERR(L, n, "${probe.url} needs the scenario key probe: true");
    if (strncmp(name, "ns.", 3) == 0 && name[3]) {
        for (int i = 0; i < s->nns_used; i++)
            if (strcmp(s->ns_used[i], name + 3) == 0)
                return RS_OK;
        if (s->nns_used == RS_MAX_NS_USED || strlen(name + 3) >= 32)
            return ERR(L, n, "more than %d namespaces, or a name over 31 bytes: ${%s}",
                       RS_MAX_NS_USED, name);
        snprintf(s->ns_used[s->nns_used++], 32, "%s", name + 3);
        return RS_OK;
    }
    for (int r = 0; strncmp(name, "user.", 5) == 0 && r < RS_ROLE_COUNT; r++)
        if (strcmp(name + 5, RS_ROLE_NAMES[r]) == 0) {
            s->roles_used[r] = 1;
            return RS_OK;
        }
    if ((strncmp(name, "digest.", 7) == 0 && rs_scenario_blob(s, name + 7)) ||
        (strncmp(name, "size.", 5) == 0 && rs_scenario_blob(s, name + 5)))
        return RS_OK;
    return ERR(L, n,
               "unknown placeholder ${%s} (known here: run, url, ns.<namespace>, user.<role>, "
               "digest.<blob>, size.<blob>, probe.url with probe: true, fixture with fixture:, and "
               "names saved by earlier steps)",
               name);
}

static rs_status check_text(loader *L, yaml_node_t *n, const char *text)
{
    for (const char *p = text; p && (p = strstr(p, "${"));) {
        if (p > text && p[-1] == '$') { /* $${ is a literal */
            p += 2;
            continue;
        }
        const char *end = strchr(p + 2, '}');
        if (!end || end == p + 2 || end - p - 2 > 120)
            return ERR(L, n, "malformed placeholder at '%.20s' (write ${name})", p);
        char name[128];
        snprintf(name, sizeof(name), "%.*s", (int)(end - p - 2), p + 2);
        rs_status st = placeholder_known(L, n, name);
        if (st != RS_OK)
            return st;
        p = end + 1;
    }
    return RS_OK;
}

/* Checks every placeholder under node n (a YAML subtree that was parsed into the model). */
rs_status rs_check_placeholders(loader *L, yaml_node_t *n)
{
    rs_status st = RS_OK;
    if (!n)
        return RS_OK;
    if (n->type == YAML_SCALAR_NODE)
        return check_text(L, n, rs_ydoc_str(n));
    if (n->type == YAML_SEQUENCE_NODE)
        RS_YSEQ_EACH(L->p.doc, n, it)
    if (st == RS_OK)
        st = rs_check_placeholders(L, rs_ydoc_node(L->p.doc, *it));
    if (n->type == YAML_MAPPING_NODE)
        RS_YMAP_EACH(L->p.doc, n, q)
    if (st == RS_OK)
        st = rs_check_placeholders(L, rs_ydoc_node(L->p.doc, q->value));
    return st;
}

/* ---- one step ------------------------------------------------------------------------------ */

static const char *const MANIFEST_KEYS[] = {
    "media_type", "artifact_type",  "config", "layers",    "subject", "manifests",
    "platforms",  "foreign_layers", "urls",   "pad_bytes", NULL};
#define MANIFEST_KEY_LIST                                                                          \
    "media_type, artifact_type, config, layers, subject, manifests, platforms, foreign_layers, "   \
    "urls, pad_bytes"

/* "os/arch" or "os/arch/variant", no segment empty. */
static int platform_ok(const char *p)
{
    int slashes = 0;
    for (const char *c = p; c && *c; c++)
        if (*c == '/' && (c == p || c[1] == '/' || !c[1] || ++slashes > 2))
            return 0;
    return p && slashes >= 1;
}

/* Limits of the manifest keys after the first six: how many items, or the largest value. */
static rs_status manifest_extra(loader *L, yaml_node_t *v, int which, const rs_val *it)
{
    static const int max_items[] = {16, 8, 4};
    if (which >= 6 && which <= 8 && it->nitems > max_items[which - 6])
        return ERR(L, v, "a manifest has at most %d %s", max_items[which - 6],
                   MANIFEST_KEYS[which]);
    for (int i = 0; which == 6 && i < it->nitems; i++)
        if (!platform_ok(it->items[i].text))
            return ERR(L, v,
                       "a platform is os/arch or os/arch/variant (linux/arm64/v8), found '%s'",
                       it->items[i].text ? it->items[i].text : "");
    if (which == 9 && (it->is_template || it->num < 1 || it->num > 64ll * 1024 * 1024))
        return ERR(L, v, "pad_bytes is a whole number from 1 to 67108864 (64 MiB)");
    return RS_OK;
}

/* A saved manifest's name, known from an earlier step's save: {name: manifest}. */
static rs_status manifest_ref(loader *L, yaml_node_t *n, const char *name)
{
    if (name && rs_in_list(L->manifests, L->nmanifests, name))
        return RS_OK;
    return ERR(L, n, "'%s' is not a manifest saved by an earlier step (save: {%s: manifest})",
               name ? name : "?", name ? name : "name");
}

static rs_status load_manifest(loader *L, yaml_node_t *n, rs_val *out)
{
    if (n->type != YAML_MAPPING_NODE)
        return ERR(L, n, "manifest must be a map of %s", MANIFEST_KEY_LIST);
    int cnt = (int)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    out->line = (int)n->start_mark.line + 1;
    out->col = (int)n->start_mark.column + 1;
    if (!(out->items = calloc((size_t)cnt + 1, sizeof(rs_val))))
        return rs_errf(L->err, RS_ERR_NOMEM, "out of memory");
    RS_YMAP_EACH(L->p.doc, n, q)
    {
        yaml_node_t *k = rs_ydoc_node(L->p.doc, q->key), *v = rs_ydoc_node(L->p.doc, q->value);
        const char *key = rs_ydoc_str(k) ? rs_ydoc_str(k) : "?";
        int which = -1;
        for (int i = 0; MANIFEST_KEYS[i]; i++)
            if (strcmp(MANIFEST_KEYS[i], key) == 0)
                which = i;
        static const rs_vtype BLOBS_T = {RS_B_BLOB, RS_C_LIST, NULL, 1};
        static const rs_vtype NAMES_T = {RS_B_STR, RS_C_LIST, NULL, 1};
        static const rs_vtype BLOB_T = {RS_B_BLOB, RS_C_ONE, NULL, 1};
        static const rs_vtype INT_T = {RS_B_INT, RS_C_ONE, NULL, 1};
        const rs_vtype *types[] = {&RS_PARAMS[RS_P_MEDIA_TYPE].type,
                                   &RS_TEXT_T,
                                   &BLOB_T,
                                   &BLOBS_T,
                                   &RS_TEXT_T,
                                   &NAMES_T,
                                   &NAMES_T,
                                   &BLOBS_T,
                                   &NAMES_T,
                                   &INT_T};
        if (which < 0)
            return ERR(L, k, "unknown manifest key '%s' (expected " MANIFEST_KEY_LIST ")", key);
        rs_val *it = &out->items[out->nitems++];
        rs_status st = rs_vparse(&L->p, v, types[which], key, it, L->err);
        if (st == RS_OK && !(it->key = strdup(key)))
            st = rs_errf(L->err, RS_ERR_NOMEM, "out of memory");
        if (st == RS_OK && which == 3 && it->nitems > 32)
            st = ERR(L, v, "a manifest has at most 32 layers");
        if (st == RS_OK && which == 4)
            st = manifest_ref(L, v, it->text);
        for (int i = 0; st == RS_OK && which == 5 && i < it->nitems; i++)
            st = manifest_ref(L, v, it->items[i].text);
        if (st == RS_OK && which == 5 && it->nitems > 16)
            st = ERR(L, v, "an index has at most 16 manifests");
        if (st == RS_OK)
            st = manifest_extra(L, v, which, it);
        if (st != RS_OK)
            return st;
    }
    return RS_OK;
}

/* The steps of a concurrently step, into the scenario's steps after it (group is the last one
 * read). They run at once: what one saves is known after the group, not to the others. */
static rs_status load_substeps(loader *L, yaml_node_t *n, rs_step *group)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return ERR(L, n, "steps must be a list of steps to run at once, found %s", rs_ydoc_kind(n));
    int cnt = (int)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (cnt < 2 || cnt > RS_MAX_SUBSTEPS)
        return ERR(L, n, "concurrently runs 2 to %d steps at once, found %d", RS_MAX_SUBSTEPS, cnt);
    const char *saved[RS_MAX_SUBSTEPS * RS_MAX_SAVES], *mans[RS_MAX_SUBSTEPS * RS_MAX_SAVES];
    int nsaved = 0, nmans = 0, saved0 = L->nsaved, mans0 = L->nmanifests;
    rs_status st = RS_OK;
    L->in_group = 1;
    RS_YSEQ_EACH(L->p.doc, n, it)
    {
        if (st == RS_OK && L->s->nsteps == RS_MAX_STEPS)
            st = ERR(L, n, "more than %d steps (with those of concurrently); split the scenario",
                     RS_MAX_STEPS);
        if (st != RS_OK)
            break;
        rs_step *sub = &L->s->steps[L->s->nsteps++];
        sub->sub = 1;
        group->nsub++;
        st = rs_load_step(L, rs_ydoc_node(L->p.doc, *it), sub);
        group->forges |= sub->forges;
        while (L->nsaved > saved0) /* hidden from the other steps of the group until its end */
            saved[nsaved++] = L->saved[--L->nsaved];
        while (L->nmanifests > mans0)
            mans[nmans++] = L->manifests[--L->nmanifests];
    }
    L->in_group = 0;
    while (nsaved > 0)
        L->saved[L->nsaved++] = saved[--nsaved];
    while (nmans > 0)
        L->manifests[L->nmanifests++] = mans[--nmans];
    return st;
}

static const rs_param_use *param_use(const rs_step_kind *k, const char *key)
{
    for (int i = 0; i < RS_STEP_MAX_PARAMS && k->params[i].id != RS_P_COUNT; i++)
        if (strcmp(RS_PARAMS[k->params[i].id].name, key) == 0)
            return &k->params[i];
    return NULL;
}

static rs_status load_args(loader *L, yaml_node_t *n, rs_step *st)
{
    const rs_step_kind *k = st->kind;
    if (n->type != YAML_MAPPING_NODE)
        return ERR(L, n, "the parameters of '%s' must be a map", k->name);
    RS_YMAP_EACH(L->p.doc, n, q)
    {
        yaml_node_t *kn = rs_ydoc_node(L->p.doc, q->key), *v = rs_ydoc_node(L->p.doc, q->value);
        const char *key = rs_ydoc_str(kn) ? rs_ydoc_str(kn) : "?";
        const rs_param_use *u = param_use(k, key);
        if (!u) {
            char allowed[512] = "";
            for (int i = 0; i < RS_STEP_MAX_PARAMS && k->params[i].id != RS_P_COUNT; i++)
                snprintf(allowed + strlen(allowed), sizeof(allowed) - strlen(allowed), "%s%s",
                         i ? ", " : "", RS_PARAMS[k->params[i].id].name);
            return ERR(L, kn, "unknown parameter '%s' (%s takes %s)", key, k->name, allowed);
        }
        if (st->args[u->id])
            return ERR(L, kn, "parameter '%s' is given twice", key);
        rs_val *x = calloc(1, sizeof(*x));
        if (!x)
            return rs_errf(L->err, RS_ERR_NOMEM, "out of memory");
        st->args[u->id] = x;
        const rs_vtype *t = &RS_PARAMS[u->id].type;
        rs_status s = t->base == RS_B_MANIFEST ? load_manifest(L, v, x)
                      : t->base == RS_B_STEPS  ? load_substeps(L, v, st)
                                               : rs_vparse(&L->p, v, t, key, x, L->err);
        if (s == RS_OK && u->id == RS_P_TIMES && !x->is_template &&
            (x->num < 1 || x->num > RS_MAX_ROUNDS))
            s = ERR(L, v, "times must be 1 to %d rounds, found %lld", RS_MAX_ROUNDS, x->num);
        if (s == RS_OK && u->id == RS_P_HEADERS && x->nitems > 15)
            s = ERR(L, v, "at most 15 headers");
        if (s == RS_OK && u->id == RS_P_LAYERS && x->nitems > 32)
            s = ERR(L, v, "at most 32 layers");
        if (s == RS_OK && u->id == RS_P_AUTH && x->num >= 2) /* expired, foreign, audience */
            st->forges = 1;
        if (s != RS_OK)
            return s;
        if (u->id != RS_P_MANIFEST && u->id != RS_P_STEPS &&
            (s = rs_check_placeholders(L, v)) != RS_OK)
            return s;
    }
    rs_status s = rs_step_arg_rules(L, n, st); /* first: without `as:` there is no role */
    if (s != RS_OK)
        return s;
    if (st->args[RS_P_AS]) {
        st->as = (rs_role)st->args[RS_P_AS]->num;
        L->s->roles_used[st->as] = 1;
    }
    return RS_OK;
}

static rs_status load_expect(loader *L, yaml_node_t *n, rs_step *st)
{
    if (n->type != YAML_MAPPING_NODE)
        return ERR(L, n, "expect must be a map of checks, found %s", rs_ydoc_kind(n));
    st->has_expect = 1;
    RS_YMAP_EACH(L->p.doc, n, q)
    {
        yaml_node_t *kn = rs_ydoc_node(L->p.doc, q->key), *v = rs_ydoc_node(L->p.doc, q->value);
        const char *key = rs_ydoc_str(kn) ? rs_ydoc_str(kn) : "?";
        const rs_check_kind *ck = rs_check_kind_find(key);
        if (!ck) {
            char names[768];
            rs_kind_names(RS_NAMES_CHECKS, names, sizeof(names));
            return ERR(L, kn, "unknown check '%s' (expected %s)", key, names);
        }
        if (!rs_applies(ck->steps, st->kind))
            return ERR(L, kn, "check '%s' does not apply to a %s step (only to %s)", key,
                       st->kind->name, ck->steps);
        if (strcmp(key, "probe_requests") == 0 && !L->s->probe)
            return ERR(L, kn, "check 'probe_requests' needs the scenario key probe: true");
        if (st->nchecks == RS_MAX_CHECKS)
            return ERR(L, kn, "more than %d checks in one step; split it", RS_MAX_CHECKS);
        rs_check *c = &st->checks[st->nchecks++];
        c->kind = ck;
        rs_status s = rs_vparse(&L->p, v, &ck->type, key, &c->val, L->err);
        if (s == RS_OK)
            s = rs_check_placeholders(L, v);
        if (s != RS_OK)
            return s;
    }
    return RS_OK;
}

static int reserved_name(const char *v)
{
    static const char *const pre[] = {"ns.", "user.", "digest.", "size.", NULL};
    for (int i = 0; pre[i]; i++)
        if (strncmp(v, pre[i], strlen(pre[i])) == 0)
            return 1;
    return strcmp(v, "run") == 0 || strcmp(v, "url") == 0;
}

static rs_status load_saves(loader *L, yaml_node_t *n, rs_step *st)
{
    if (n->type != YAML_MAPPING_NODE)
        return ERR(L, n, "save must be a map of variable: source");
    RS_YMAP_EACH(L->p.doc, n, q)
    {
        yaml_node_t *kn = rs_ydoc_node(L->p.doc, q->key), *v = rs_ydoc_node(L->p.doc, q->value);
        const char *var = rs_ydoc_str(kn), *src = rs_ydoc_str(v);
        const rs_save_kind *sk = rs_save_kind_find(src);
        if (!var || !var[0] || strlen(var) > 63 ||
            strspn(var, "abcdefghijklmnopqrstuvwxyz"
                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "0123456789_") != strlen(var))
            return ERR(L, kn, "a variable name is letters, digits and _ (up to 63)");
        if (reserved_name(var))
            return ERR(L, kn, "'%s' is a built-in placeholder; pick another name", var);
        if (!sk)
            return ERR(L, v,
                       "unknown save source '%s' (expected location, digest, manifest, "
                       "digest_tag, body_digest, status, error_code, body, header.<Name>, "
                       "last_tag, tag.<i>)",
                       src ? src : rs_ydoc_kind(v));
        if (sk->source == RS_SAVE_TAG && strspn(src + 4, "0123456789") != strlen(src + 4))
            return ERR(L, v, "'%s': tag.<i> needs an index, digits only", src);
        if (!rs_applies(sk->steps, st->kind))
            return ERR(L, v, "'%s' cannot be saved from a %s step (only from %s)", src,
                       st->kind->name, sk->steps);
        if (st->nsaves == RS_MAX_SAVES)
            return ERR(L, kn, "more than %d saves in one step", RS_MAX_SAVES);
        rs_save *sv = &st->saves[st->nsaves++];
        sv->source = sk->source;
        sv->line = (int)v->start_mark.line + 1;
        sv->col = (int)v->start_mark.column + 1;
        if (!(sv->var = strdup(var)) ||
            (sk->source == RS_SAVE_HEADER && !(sv->header = strdup(src + 7))) ||
            (sk->source == RS_SAVE_TAG && !(sv->header = strdup(src + 4))))
            return rs_errf(L->err, RS_ERR_NOMEM, "out of memory");
    }
    return RS_OK;
}

static rs_status load_whens(loader *L, yaml_node_t *n, rs_step *st)
{
    if (n->type != YAML_MAPPING_NODE)
        return ERR(L, n, "when must be a map of variable: value (or list of values)");
    RS_YMAP_EACH(L->p.doc, n, q)
    {
        yaml_node_t *kn = rs_ydoc_node(L->p.doc, q->key), *v = rs_ydoc_node(L->p.doc, q->value);
        const char *var = rs_ydoc_str(kn);
        if (!var || !rs_in_list(L->saved, L->nsaved, var))
            return ERR(L, kn, "when names '%s', which no earlier step saves", var ? var : "?");
        if (st->nwhens == RS_MAX_WHENS)
            return ERR(L, kn, "more than %d conditions in one when", RS_MAX_WHENS);
        rs_when *w = &st->whens[st->nwhens++];
        w->line = (int)kn->start_mark.line + 1;
        w->col = (int)kn->start_mark.column + 1;
        rs_status s = rs_vparse(&L->p, v, &WHEN_T, var, &w->values, L->err);
        if (s == RS_OK && !(w->var = strdup(var)))
            s = rs_errf(L->err, RS_ERR_NOMEM, "out of memory");
        if (s == RS_OK)
            s = rs_check_placeholders(L, v);
        if (s != RS_OK)
            return s;
    }
    return RS_OK;
}

/* A key a step of concurrently may not have: when, requires, another concurrently. */
static rs_status group_key_refused(loader *L, yaml_node_t *kn, const char *key,
                                   const rs_step_kind *k)
{
    if (strcmp(key, "when") == 0 || strcmp(key, "requires") == 0)
        return ERR(L, kn,
                   "a step of concurrently takes no '%s' (they all run at once): put it on the "
                   "concurrently step",
                   key);
    if (k && rs_step_is_group(k))
        return ERR(L, kn, "'%s' cannot hold another '%s': nested concurrency is refused", key, key);
    return RS_OK;
}

/* A step's keys in the order that makes placeholders resolve: the kind (arguments), when,
 * expect, then save (a step may not use what it saves itself). */
/* The parts of a step's map that are read after its kind and arguments. */
typedef struct {
    yaml_node_t *args, *expect, *save, *when, *clevels, *own_level;
} step_parts;

/* The keys of one step: its name, level, requires; its kind and the parts read later. */
static rs_status step_keys(loader *L, yaml_node_t *n, rs_step *st, step_parts *sp)
{
    RS_YMAP_EACH(L->p.doc, n, q)
    {
        yaml_node_t *kn = rs_ydoc_node(L->p.doc, q->key), *v = rs_ydoc_node(L->p.doc, q->value);
        const char *key = rs_ydoc_str(kn) ? rs_ydoc_str(kn) : "?";
        const rs_step_kind *k = rs_step_kind_find(key);
        if (L->in_group && group_key_refused(L, kn, key, k) != RS_OK)
            return RS_ERR_PARSE;
        if (strcmp(key, "name") == 0) {
            if (!rs_ydoc_str(v) || strlen(rs_ydoc_str(v)) >= sizeof(st->name))
                return ERR(L, v, "name must be a string of at most %zu bytes",
                           sizeof(st->name) - 1);
            snprintf(st->name, sizeof(st->name), "%s", rs_ydoc_str(v));
        } else if (strcmp(key, "level") == 0) {
            sp->own_level = kn;
            if (rs_load_levels(L, v, &st->levels) != RS_OK)
                return RS_ERR_PARSE;
        } else if (strcmp(key, "check_levels") == 0) {
            sp->clevels = v;
        } else if (strcmp(key, "requires") == 0) {
            rs_status s =
                rs_load_requires(L, v, st->requires, &st->nrequires, RS_MAX_STEP_REQUIRES);
            if (s != RS_OK)
                return s;
        } else if (strcmp(key, "expect") == 0 || strcmp(key, "save") == 0 ||
                   strcmp(key, "when") == 0) {
            *(key[0] == 'e' ? &sp->expect : key[0] == 's' ? &sp->save : &sp->when) = v;
        } else if (!k) {
            char kinds[512];
            rs_kind_names(RS_NAMES_STEPS, kinds, sizeof(kinds));
            return ERR(L, kn, "unknown step '%s' (expected %s)", key, kinds);
        } else if (st->kind) {
            return ERR(L, kn, "a step has one kind; '%s' follows '%s'", key, st->kind->name);
        } else {
            st->kind = k;
            sp->args = v;
        }
    }
    return RS_OK;
}

rs_status rs_load_step(loader *L, yaml_node_t *n, rs_step *st)
{
    if (n->type != YAML_MAPPING_NODE)
        return ERR(L, n, "a step must be a map like {push_blob: {...}, expect: {...}}");
    st->line = (int)n->start_mark.line + 1;
    st->col = (int)n->start_mark.column + 1;
    st->levels = L->s->levels;
    step_parts sp = {0};
    if (step_keys(L, n, st, &sp) != RS_OK)
        return RS_ERR_PARSE;
    if (!st->kind)
        return ERR(L, n, "a step needs a kind (push_image, mount, request, ...)");
    yaml_node_t *own = sp.expect    ? sp.expect
                       : sp.save    ? sp.save
                       : sp.clevels ? sp.clevels
                                    : sp.own_level;
    if (rs_step_is_group(st->kind) && own)
        return ERR(L, own,
                   "a %s step has no expect, save, level or check_levels of its own: put them "
                   "on its steps",
                   st->kind->name);
    rs_status s = load_args(L, sp.args, st);
    if (s == RS_OK && sp.when)
        s = load_whens(L, sp.when, st);
    if (s == RS_OK && sp.expect)
        s = load_expect(L, sp.expect, st);
    if (s == RS_OK && sp.clevels)
        s = load_check_levels(L, sp.clevels, st);
    if (s == RS_OK && sp.save)
        s = load_saves(L, sp.save, st);
    for (int i = 0; s == RS_OK && i < st->nsaves; i++) {
        L->saved[L->nsaved++] = st->saves[i].var;
        if (st->saves[i].source == RS_SAVE_MANIFEST)
            L->manifests[L->nmanifests++] = st->saves[i].var;
    }
    return s;
}
