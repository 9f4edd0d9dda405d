/* argrules: the rules a step's parameters follow together, checked once all are read: the
 * required ones, "this or that", and chunk_size only where an upload is chunked. */
#include "loader.h"

#include <string.h>

static rs_status missing_params(loader *L, yaml_node_t *n, const rs_step *st)
{
    const rs_step_kind *k = st->kind;
    for (int i = 0; i < RS_STEP_MAX_PARAMS && k->params[i].id != RS_P_COUNT; i++)
        if (k->params[i].required && !st->args[k->params[i].id])
            return ERR(L, n, "'%s' needs the parameter '%s'", k->name,
                       RS_PARAMS[k->params[i].id].name);
    if (k->either != RS_EITHER_NONE) {
        int a = st->args[k->either_of[0]] != NULL, b = st->args[k->either_of[1]] != NULL;
        const char *an = RS_PARAMS[k->either_of[0]].name, *bn = RS_PARAMS[k->either_of[1]].name;
        if (!a && !b)
            return ERR(L, n, "'%s' needs '%s' or '%s'", k->name, an, bn);
        if (a && b && k->either == RS_EITHER_ONE)
            return ERR(L, n, "'%s' takes '%s' or '%s', not both", k->name, an, bn);
    }
    return RS_OK;
}

/* chunk_size: at least a byte, and only where the upload is chunked (it would be ignored). */
static rs_status chunk_size_used(loader *L, yaml_node_t *n, const rs_step *st)
{
    const rs_val *cs = st->args[RS_P_CHUNK_SIZE];
    if (!cs)
        return RS_OK;
    yaml_node_t *v = rs_ydoc_get(L->p.doc, n, "chunk_size");
    if (!cs->is_template && cs->num < 1)
        return ERR(L, v ? v : n, "chunk_size must be at least 1 byte (without it: 1 MiB)");
    const rs_val *m =
        st->args[RS_P_UPLOAD_METHOD] ? st->args[RS_P_UPLOAD_METHOD] : st->args[RS_P_UPLOAD];
    const char *mkey = "upload"; /* push_image's; push_blob says method */
    for (int i = 0; i < RS_STEP_MAX_PARAMS && st->kind->params[i].id != RS_P_COUNT; i++)
        if (st->kind->params[i].id == RS_P_UPLOAD_METHOD)
            mkey = "method";
    if (!m || strcmp(m->text, "chunked") != 0)
        return ERR(L, v ? v : n,
                   "chunk_size applies to chunked uploads only: add %s: chunked "
                   "(the upload here is %s)",
                   mkey, m ? m->text : "monolithic, the default");
    return RS_OK;
}

rs_status rs_step_arg_rules(loader *L, yaml_node_t *n, const rs_step *st)
{
    rs_status s = missing_params(L, n, st);
    return s == RS_OK ? chunk_size_used(L, n, st) : s;
}
