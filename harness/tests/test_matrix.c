/* Unit tests of the authorization matrix (matrix.c, matrix_gen.c): a good matrix expands into
 * one scenario per operation x relation with the cells the grants decide; every kind of bad
 * input is refused with the matrix file's line:col and a message naming what is wrong. */
#include "../matrix.h"
#include "../scenario.h"
#include "tests.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Line 1 on; the operations follow at line 17. */
#define GOOD_HEAD                                                                                  \
    "matrix: m\n"                                                                                  \
    "level: MUST\n"                                                                                \
    "refs: [r]\n"                                                                                  \
    "blobs: {b: {size: 3, seed: 1}}\n"                                                             \
    "kinds:\n"                                                                                     \
    "  priv:\n"                                                                                    \
    "    repo: \"${ns.owner}/m-${run}\"\n"                                                         \
    "    setup:\n"                                                                                 \
    "      blob:\n"                                                                                \
    "        - push_blob: {as: owner, repo: \"{{repo}}\", blob: b}\n"                              \
    "  none: {repo: \"${ns.owner}/none-${run}\"}\n"                                                \
    "relations:\n"                                                                                 \
    "  own: {as: owner, grants: {priv: [pull], none: [pull]}, refused: {status: 403}}\n"           \
    "  out:\n"                                                                                     \
    "    {as: other, grants: {}, refused: {status: [401, 403, 404]}}\n"                            \
    "operations:\n"

#define GOOD_OP                                                                                    \
    "  head:\n"                                                                                    \
    "    title: HEAD\n"                                                                            \
    "    ref: a sentence\n"                                                                        \
    "    fixture: blob\n"                                                                          \
    "    needs: {repo: [pull]}\n"                                                                  \
    "    allowed:\n"                                                                               \
    "      - head_blob: {as: \"{{as}}\", repo: \"{{repo}}\", blob: b}\n"                           \
    "        expect: {status: 200}\n"                                                              \
    "    allowed_none:\n"                                                                          \
    "      - head_blob: {as: \"{{as}}\", repo: \"{{repo}}\", blob: b}\n"                           \
    "        expect: {status: 404}\n"                                                              \
    "    refused:\n"                                                                               \
    "      - head_blob: {as: \"{{as}}\", repo: \"{{repo}}\", blob: b}\n"                           \
    "        expect: \"{{refused}}\"\n"

typedef struct {
    rs_scenario *sc;
    int n, cap;
} arr;

static rs_scenario *slot(void *ctx)
{
    arr *a = ctx;
    return a->n < a->cap ? &a->sc[a->n++] : NULL;
}

/* Loads text as d/m.matrix.yaml into a fresh array a (at most 8 scenarios). */
static rs_status load(const char *text, arr *a, rs_err *err)
{
    a->sc = calloc(8, sizeof(rs_scenario));
    a->n = 0;
    a->cap = a->sc ? 8 : 0;
    return rs_matrix_load_mem("d/m.matrix.yaml", text, slot, a, err);
}

static void free_all(arr *a)
{
    for (int i = 0; i < a->n; i++)
        rs_scenario_free(&a->sc[i]);
    free(a->sc);
}

static void test_expand(void)
{
    arr a;
    rs_err err = {{0}};
    rs_status st = load(GOOD_HEAD GOOD_OP, &a, &err);
    if (st != RS_OK)
        fprintf(stderr, "%s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(st, RS_OK);
    CU_ASSERT_EQUAL_FATAL(a.n, 2);
    rs_scenario *sc = a.sc;
    CU_ASSERT_STRING_EQUAL(sc[0].id, "m-head-own");
    CU_ASSERT_STRING_EQUAL(sc[1].id, "m-head-out");
    CU_ASSERT_STRING_EQUAL(sc[0].suite, "d");
    CU_ASSERT_STRING_EQUAL(sc[0].path, "d/m.matrix.yaml");
    /* the fixture, then one cell per kind */
    CU_ASSERT_EQUAL(sc[0].nsteps, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(sc[0].steps[1].name, "priv, own allowed"));
    CU_ASSERT_PTR_NOT_NULL(strstr(sc[1].steps[2].name, "none, out refused"));
    CU_ASSERT_EQUAL(sc[1].steps[2].as, RS_ROLE_OTHER);
    CU_ASSERT_STRING_EQUAL(sc[0].requires[0], "access_control");
    /* positions are the matrix file's: the allowed cell's step is at line 23 */
    CU_ASSERT_EQUAL(sc[0].steps[1].line, 23);
    CU_ASSERT_EQUAL(sc[0].steps[0].line, 10);
    free_all(&a);
}

static const struct {
    const char *text; /* after GOOD_HEAD, or the whole file when it starts with "matrix" */
    const char *error;
} BAD[] = {
    {GOOD_OP "    relations: [own, nobody]\n", "31:22: unknown relation 'nobody'"},
    {GOOD_OP "    colour: red\n", "31:5: unknown operation key 'colour'"},
    {GOOD_OP "    allowed_elsewhere: []\n", "31:5: unknown operation key 'allowed_elsewhere'"},
    {"  head: {title: t, ref: r, needs: {repo: [pull]}, allowed: []}\n",
     "17:9: an operation needs title, ref, needs, allowed and refused (no refused)"},
    {"  head: {title: t, ref: r, needs: {repo: [read]}, allowed: [], refused: []}\n",
     "17:43: needs (pull, push, delete, catalog): unknown name 'read'"},
    {"  head: {title: t, ref: r, needs: {disk: [pull]}, allowed: [], refused: []}\n",
     "17:36: unknown needs scope 'disk'"},
    {"  head: {title: t, ref: r, needs: [pull], allowed: [], refused: []}\n",
     "17:35: needs must be a map, found a list"},
    {"  head: {title: t, ref: r, needs: {}, allowed: x, refused: []}\n",
     "17:48: allowed must be a list, found a scalar"},
    {"  head: {title: t, ref: r, needs: {}, allowed: [], refused: [], fixture: lots}\n",
     "17:74: unknown fixture 'lots'"},
    {"  head: {title: t, ref: r, needs: {}, may: {}, allowed: [], refused: []}\n",
     "17:9: an operation with may"},
    {"  head: {title: t, ref: r, needs: {}, allowed: [{head_blob: {as: \"{{who}}\", repo: r, blob: "
     "b}}], refused: []}\n",
     "17:66: unknown placeholder '{{who}}'"},
    {"  head: {title: t, ref: r, needs: {}, allowed: [{head_blob: {as: owner, repo: r, blob: b}, "
     "expect: {statuz: 1}}], refused: []}\n",
     "17:101: unknown check 'statuz'"},
    {"matrix: m\nlevel: MUST\nrefs: [r]\nkinds: {}\nrelations:\n  x: {as: ghost, grants: {}, "
     "refused: {}}\noperations: {}\n",
     "6:11: unknown role 'ghost'"},
    {"matrix: m\nlevel: MUST\nrefs: [r]\nkinds: {a: {}}\nrelations:\n  x: {as: owner, grants: "
     "{b: [pull]}, refused: {}}\noperations: {}\n",
     "6:27: unknown grant scope 'b'"},
    {"matrix: m\nlevel: MUST\nrefs: [r]\nkinds: {a: {}}\nrelations:\n  x: {as: owner, grants: "
     "{a: [sudo]}, refused: {}}\noperations: {}\n",
     "6:31: a grant (pull, push, delete, catalog): unknown name 'sudo'"},
    {"matrix: m\nlevel: MUST\nrefs: [r]\nkinds: {a: {}}\nrelations:\n  x: {as: owner, grants: "
     "{}}\noperations: {}\n",
     "6:6: a relation needs as, grants and refused"},
    {"matrix: m\nlevel: MUST\nkinds: {}\nrelations: {}\noperations: {}\n",
     "1:1: a matrix needs matrix, level, refs, kinds, relations and operations (no refs)"},
    {"matrix: m\nlevel: MUST\nrefs: [r]\nflavour: x\nkinds: {}\nrelations: {}\noperations: {}\n",
     "4:1: unknown matrix key 'flavour'"},
    {"matrix: m\nlevel: MUST\nrefs: [r]\nkinds: {a: {repo: [x]}}\nrelations: {}\noperations: {}\n",
     "4:19: a kind's placeholder value must be a string"},
    {"matrix: m\nlevel: MUST\nrefs: [r]\nrequires: [warp]\nkinds: {}\nrelations: {}\noperations: "
     "{}\n",
     "4:12: requires names an unknown feature 'warp'"},
    {"matrix: m\nlevel: MUST\nrefs: [r]\nkinds: {}\nrelations: {}\noperations: {}\n",
     "6:13: the matrix generates no scenario"},
};

static void test_bad(void)
{
    char text[4096];
    for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++) {
        snprintf(text, sizeof(text), "%s%s", strncmp(BAD[i].text, "matrix", 6) ? GOOD_HEAD : "",
                 BAD[i].text);
        arr a;
        rs_err err = {{0}};
        rs_status st = load(text, &a, &err);
        free_all(&a);
        char want[512];
        snprintf(want, sizeof(want), "d/m.matrix.yaml:%s", BAD[i].error);
        int ok = st == RS_ERR_PARSE && strncmp(err.msg, want, strlen(want)) == 0;
        if (!ok)
            fprintf(stderr, "\nbad matrix %zu: got '%s'\n  wanted '%s...'\n", i, err.msg, want);
        CU_ASSERT(ok);
    }
}

static void test_path(void)
{
    CU_ASSERT(rs_matrix_path("suites/authz/authz.matrix.yaml"));
    CU_ASSERT(!rs_matrix_path("suites/authz/authz.yaml"));
    CU_ASSERT(!rs_matrix_path(".matrix.yaml"));
}

void rs_test_matrix_register(void)
{
    CU_pSuite s = CU_add_suite("matrix", NULL, NULL);
    CU_add_test(s, "a matrix expands: ids, cells by grants, positions", test_expand);
    CU_add_test(s, "bad matrices: file:line:col and what is wrong", test_bad);
    CU_add_test(s, "matrix files are *.matrix.yaml", test_path);
}
