/* reference: the scenario format's reference (steps, parameters, checks, saves) printed from the
 * tables themselves, so README's section cannot drift from what the loader accepts. */
#include "schema.h"

#include <string.h>

void rs_vtype_describe(const rs_vtype *t, char *out, size_t len)
{
    static const char *base[] = {[RS_B_STR] = "text",
                                 [RS_B_INT] = "a whole number",
                                 [RS_B_BOOL] = "true or false",
                                 [RS_B_ENUM] = "one of",
                                 [RS_B_BLOB] = "a blob name",
                                 [RS_B_ROLE] = "a role",
                                 [RS_B_DIGEST] = "a blob name or digest",
                                 [RS_B_MANIFEST] = "a manifest map",
                                 [RS_B_STEPS] = "steps"};
    static const char *shape[] = {[RS_C_ONE] = "%s",
                                  [RS_C_LIST] = "a list of: %s",
                                  [RS_C_ONE_OR_LIST] = "%s, or a list of them",
                                  [RS_C_MAP] = "a map of name: %s"};
    char b[256];
    snprintf(b, sizeof(b), "%s", base[t->base]);
    for (int i = 0; t->base == RS_B_ENUM && t->words && t->words[i]; i++)
        snprintf(b + strlen(b), sizeof(b) - strlen(b), "%s%s", i ? ", " : ": ", t->words[i]);
    if (t->base == RS_B_MANIFEST)
        snprintf(out, len, "%s", b);
    else
        snprintf(out, len, shape[t->shape], b);
}

void rs_kind_names(rs_names_of which, char *out, size_t len)
{
    int n;
    const rs_step_kind *k = which == RS_NAMES_STEPS ? rs_step_kinds(&n) : NULL;
    const rs_check_kind *c = which == RS_NAMES_CHECKS ? rs_check_kinds(&n) : NULL;
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? ", " : "",
                 k ? k[i].name : c[i].name);
}

static void print_steps(FILE *f)
{
    int n;
    const rs_step_kind *k = rs_step_kinds(&n);
    fprintf(f, "### Steps\n\n| step | what it does | parameters (* required) |\n|---|---|---|\n");
    for (int i = 0; i < n; i++) {
        fprintf(f, "| `%s` | %s | ", k[i].name, k[i].doc);
        for (int p = 0; p < RS_STEP_MAX_PARAMS && k[i].params[p].id != RS_P_COUNT; p++)
            fprintf(f, "%s`%s`%s", p ? ", " : "", RS_PARAMS[k[i].params[p].id].name,
                    k[i].params[p].required ? "*" : "");
        if (k[i].either != RS_EITHER_NONE)
            fprintf(f, "; %s of `%s`, `%s`", k[i].either == RS_EITHER_ONE ? "exactly one" : "one",
                    RS_PARAMS[k[i].either_of[0]].name, RS_PARAMS[k[i].either_of[1]].name);
        fprintf(f, " |\n");
    }
}

static void print_params(FILE *f)
{
    char t[256];
    fprintf(f, "\n### Parameters\n\n| parameter | value | meaning |\n|---|---|---|\n");
    for (int i = 0; i < RS_P_COUNT; i++) {
        rs_vtype_describe(&RS_PARAMS[i].type, t, sizeof(t));
        fprintf(f, "| `%s` | %s | %s |\n", RS_PARAMS[i].name, t, RS_PARAMS[i].doc);
    }
}

static void print_checks(FILE *f)
{
    int n;
    char t[256];
    const rs_check_kind *c = rs_check_kinds(&n);
    fprintf(
        f, "\n### Checks (`expect:`)\n\n| check | value | on | passes when |\n|---|---|---|---|\n");
    for (int i = 0; i < n; i++) {
        rs_vtype_describe(&c[i].type, t, sizeof(t));
        fprintf(f, "| `%s` | %s%s | %s | %s |\n", c[i].name, t,
                c[i].type.nonempty && c[i].type.base == RS_B_STR ? " (not empty)" : "",
                c[i].steps ? c[i].steps : "any step", c[i].doc);
    }
}

static void print_saves(FILE *f)
{
    int n;
    const rs_save_kind *s = rs_save_kinds(&n);
    fprintf(f, "\n### Saves (`save: {var: source}`)\n\n| source | from | value |\n|---|---|---|\n");
    for (int i = 0; i < n; i++)
        fprintf(f, "| `%s%s` | %s | %s |\n", s[i].name,
                s[i].source == RS_SAVE_HEADER ? "<Name>"
                : s[i].source == RS_SAVE_TAG  ? "<i>"
                                              : "",
                s[i].steps ? s[i].steps : "any step", s[i].doc);
}

static void print_implicit(FILE *f)
{
    fprintf(f,
            "\n### Placeholders (`${name}`)\n\n"
            "`run` (unique per run and scenario), `url` (the target's), `ns.<name>` (the target's "
            "namespaces), `user.<role>` (the user name acting as that role), `digest.<blob>` and "
            "`size.<blob>` (the scenario's blobs), and every name an earlier step saves. `$$` is a "
            "literal `$`.\n");
    fprintf(
        f, "\n### Checks made without being asked\n\n"
           "`status` (a step without `expect` must answer 2xx), `http` (an answer whose framing is "
           "broken, or with more headers than regsuite reads), `save` (a source the answer lacks), "
           "`when` and argument names (a placeholder without a value: the step is not sent).\n");
}

void rs_reference_print(FILE *f)
{
    print_steps(f);
    print_params(f);
    print_checks(f);
    print_saves(f);
    print_implicit(f);
}
