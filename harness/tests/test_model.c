/* Unit tests of the scenario loader: every kind of bad input is refused with file:line:col and a
 * message naming what is wrong; a good file becomes typed structs. */
#include "../scenario.h"
#include "../schema.h"
#include "tests.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define C1 "{head_blob: {as: owner, repo: r, blob: a}}"
#define C2 C1 ", " C1
#define C9 C2 ", " C2 ", " C2 ", " C2 ", " C1
#define HEAD "id: t\ntitle: t\nlevel: MUST\nrefs: [x]\nblobs: {a: {size: 3, seed: 1}}\nsteps:\n"

static const struct {
    const char *steps; /* appended to HEAD (line 7 on) */
    const char *error; /* expected in the message, after "t/t.yaml:" */
} BAD[] = {
    {"  - push_blob: {as: owner, repo: r, blob: a}\n    expect: {uploaded_bytes: \"1OO\"}\n",
     "8:30: 'uploaded_bytes' must be a whole number (digits only) or one ${placeholder}, found "
     "'1OO'"},
    {"  - push_blob: {as: owner, repo: r, blob: a, method: chunked, chunk_size: 0}\n",
     "7:75: chunk_size must be at least 1 byte (without it: 1 MiB)"},
    {"  - push_blob: {as: owner, repo: r, blob: a, chunk_size: 65536}\n",
     "7:58: chunk_size applies to chunked uploads only: add method: chunked (the upload here is "
     "monolithic, the default)"},
    {"  - push_image: {as: owner, repo: r, layers: [a], upload: stream, chunk_size: 9}\n",
     "chunk_size applies to chunked uploads only: add upload: chunked (the upload here is stream)"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    expect: {status: ok}\n",
     "8:22: 'status' must be a whole number"},
    {"  - push_image: {as: owner, repo: r, layers: [a]}\n    expect: {tags_count_max: 1}\n",
     "8:14: check 'tags_count_max' does not apply to a push_image step (only to "
     "tags_list,request)"},
    {"  - push_image: {as: owner, repo: r, layers: [a, b]}\n",
     "7:50: 'layers' names no blob of this scenario: 'b'"},
    {"  - push_image: {as: owner, repo: r, layers: [a]}\n    expect: {layers: {a: [existed]}}\n",
     "8:26: 'layers' must be a single value, found a list"},
    {"  - push_image: {as: owner, repo: r, layers: [a]}\n    expect: {layers: {a: teleported}}\n",
     "8:26: 'layers' must be one of existed, mounted, uploaded; found 'teleported'"},
    {"  - head_blob: {as: nobody, repo: r, blob: a}\n",
     "7:21: 'as' must be one of owner, other, third, admin, anonymous; found 'nobody'"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    expect: {body_contains: \"\"}\n",
     "8:29: 'body_contains' must not be empty"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    expect: {header_contains: {X: \"\"}}\n",
     "8:35: 'header_contains' must not be empty"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    expect: {no_header_mentions: [\"\"]}\n",
     "8:35: 'no_header_mentions' must not be empty"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    save: {x: headers.Location}\n",
     "8:15: unknown save source 'headers.Location'"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    save: {run: status}\n",
     "8:12: 'run' is a built-in placeholder"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    when: {x: 201}\n",
     "8:12: when names 'x', which no earlier step saves"},
    {"  - head_blob: {as: owner, repo: \"${nope}\", blob: a}\n",
     "7:34: unknown placeholder ${nope}"},
    {"  - head_blob: {as: owner, repo: \"${s}\", blob: a}\n    save: {s: status}\n",
     "7:34: unknown placeholder ${s}"},
    {"  - head_blob: {as: owner, repo: \"${user.nobody}\", blob: a}\n",
     "unknown placeholder ${user.nobody}"},
    {"  - tags_list: {as: owner, repo: r}\n    expect: {status: 200, tags_sorted: maybe}\n",
     "8:40: 'tags_sorted' must be true or false (yes/no, on/off), found 'maybe'"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    expect: {status: 200, tags_sorted: true}\n",
     "8:27: check 'tags_sorted' does not apply to a head_blob step (only to tags_list,request)"},
    {"  - head_blob: {as: owner, repo: r, blob: a, level: MUST}\n",
     "7:46: unknown parameter 'level' (head_blob takes as, repo, blob, digest, range, auth)"},
    {"  - head_blobz: {as: owner, repo: r, blob: a}\n", "7:5: unknown step 'head_blobz'"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    expect: {statuz: 200}\n",
     "8:14: unknown check 'statuz'"},
    {"  - head_blob: {as: owner, repo: r}\n", "'head_blob' needs 'blob' or 'digest'"},
    {"  - request: {as: owner, method: GET}\n", "'request' needs 'path' or 'url'"},
    {"  - wait: {as: owner, seconds: soon}\n", "'seconds' must be a whole number"},
    {"  - put_manifest: {as: owner, repo: r, body: x, manifest: {layers: [a]}}\n",
     "'put_manifest' takes 'manifest' or 'body', not both"},
    {"  - put_manifest: {as: owner, repo: r, manifest: {subject: m}}\n",
     "'m' is not a manifest saved by an earlier step"},
    {"  - put_manifest: {as: owner, repo: r, manifest: {layer: [a]}}\n",
     "unknown manifest key 'layer'"},
    {"  - push_blob: {as: owner, repo: r, blob: a, method: chunky}\n",
     "7:54: 'method' must be one of monolithic, chunked, stream, single_post; found 'chunky'"},
    {"  - request: {as: owner, method: FETCH, path: /v2/}\n", "'method' must be one of GET"},
    {"  - push_image: {as: owner, repo: r, layers: [a], chunk_size: -1}\n",
     "'chunk_size' must be a whole number"},
    {"  - get_blob: {as: owner, repo: r, blob: a}\n    expect: {body_digest: nonsense}\n",
     "'body_digest' must be a blob's name, a digest (algo:hex) or a ${placeholder}"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    expect: {content_digest: true}\n",
     "8:14: check 'content_digest' does not apply to a head_blob step (only to "
     "get_blob,get_manifest,request)"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    expect: {status: [200, [201]]}\n",
     "8:28: 'status' must be a single value, found a list"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    expect: [status]\n",
     "expect must be a map of checks"},
    {"  - {}\n", "a step needs a kind"},
    /* found by fuzz_scenario: a step without `as:` was read as role NULL->num (a crash) */
    {"  - push_blob: {}\n", "'push_blob' needs the parameter 'as'"},
    {"  - catalog: {n: 1}\n", "'catalog' needs the parameter 'as'"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    get_blob: {as: owner, repo: r, blob: a}\n",
     "a step has one kind; 'get_blob' follows 'head_blob'"},
    /* levels by spec release: closed table, oldest first, starting at the first */
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    level: {v1.0.0: MAY, v1.2: MUST}\n",
     "8:26: unknown spec release 'v1.2' (known: v1.0.0, v1.0.1, v1.1.0, v1.1.1 (default), main)"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    level: {v1.1.0: MUST}\n",
     "8:13: a level map starts at the first release, v1.0.0"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    level: {v1.0.0: MAY, main: MUST, v1.1.0: "
     "SHOULD}\n",
     "8:38: spec release 'v1.1.0' out of order"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    level: {v1.0.0: must}\n",
     "8:21: 'level' must be one of MUST, SHOULD, MAY; found 'must'"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    level: {}\n", "8:12: an empty level map"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    expect: {status: 200}\n"
     "    check_levels: {header: MAY}\n",
     "9:20: check_levels names 'header', which this step's expect does not check"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    check_levels: [status]\n",
     "8:19: check_levels must be a map of check: level"},
    {"  - head_blob: {as: owner, repo: r, blob: a}\n    expect: {status: 200}\n"
     "    check_levels: {status: {v1.0.0: SHOULD, v1.0.0: MUST}}\n",
     "9:45: key 'v1.0.0' is written twice in this map"},
    /* concurrently: its steps are ordinary steps, 2 to 8, not nested, saves known after it */
    {"  - concurrently:\n      steps:\n        - head_blobz: {as: owner, repo: r, blob: a}\n"
     "        - head_blob: {as: owner, repo: r, blob: a}\n",
     "9:11: unknown step 'head_blobz'"},
    {"  - concurrently:\n      steps:\n        - head_blob: {as: owner, repo: r, blob: a}\n"
     "        - concurrently: {steps: [{head_blob: {as: owner, repo: r, blob: a}}]}\n",
     "10:11: 'concurrently' cannot hold another 'concurrently': nested concurrency is refused"},
    {"  - concurrently:\n      steps: [" C9 "]\n",
     "8:14: concurrently runs 2 to 8 steps at once, found 9"},
    {"  - concurrently:\n      steps: [{head_blob: {as: owner, repo: r, blob: a}}]\n",
     "8:14: concurrently runs 2 to 8 steps at once, found 1"},
    {"  - concurrently: {steps: {head_blob: {as: owner, repo: r, blob: a}}}\n",
     "7:27: steps must be a list of steps to run at once, found a map"},
    {"  - concurrently: {times: 11, steps: [" C2 "]}\n",
     "7:27: times must be 1 to 10 rounds, found 11"},
    {"  - concurrently: {times: 0, steps: [" C2 "]}\n", "times must be 1 to 10 rounds, found 0"},
    {"  - concurrently: {steps: [" C2 "]}\n    expect: {status: 200}\n",
     "8:13: a concurrently step has no expect, save, level or check_levels of its own"},
    {"  - concurrently: {steps: [" C2 "]}\n    level: SHOULD\n",
     "8:5: a concurrently step has no expect, save, level or check_levels of its own"},
    {"  - concurrently: {as: owner, steps: [" C2 "]}\n",
     "7:20: unknown parameter 'as' (concurrently takes steps, times)"},
    {"  - concurrently:\n      steps:\n        - head_blob: {as: owner, repo: r, blob: a}\n"
     "          when: {x: 1}\n        - head_blob: {as: owner, repo: r, blob: a}\n",
     "10:11: a step of concurrently takes no 'when' (they all run at once)"},
    {"  - concurrently:\n      steps:\n        - head_blob: {as: owner, repo: r, blob: a}\n"
     "          save: {s: status}\n        - head_blob: {as: owner, repo: \"${s}\", blob: a}\n",
     "11:40: unknown placeholder ${s}"},
    {"  - concurrently: {}\n", "7:19: 'concurrently' needs the parameter 'steps'"},
};

static void test_bad_input(void)
{
    char text[2048], want[512];
    for (size_t i = 0; i < sizeof(BAD) / sizeof(BAD[0]); i++) {
        rs_scenario *s = calloc(1, sizeof(*s));
        rs_err e = {{0}};
        snprintf(text, sizeof(text), "%s%s", HEAD, BAD[i].steps);
        snprintf(want, sizeof(want), "%s", BAD[i].error);
        CU_ASSERT_EQUAL(rs_scenario_load_mem(s, "t/t.yaml", text, &e), RS_ERR_PARSE);
        if (!strstr(e.msg, want) || strncmp(e.msg, "t/t.yaml:", 9) != 0) {
            fprintf(stderr, "\n  case %zu: wanted '%s', got '%s'\n", i, want, e.msg);
            CU_FAIL("the message does not say what and where");
        }
        rs_scenario_free(s);
        free(s);
    }
}

static const struct {
    const char *text;
    const char *error;
} BAD_TOP[] = {
    {"id: t\ntitle: t\nrefs: [x]\nsteps: []\n", "1:1: a scenario needs a level"},
    {"id: t\ntitle: t\nlevel: MUST\nsteps: []\n", "a scenario names its source in refs"},
    {"id: t\ntitle: t\nlevel: must\nrefs: [x]\nsteps: []\n",
     "3:8: 'level' must be one of MUST, SHOULD, MAY; found 'must'"},
    {"id: t\ntitle: t\nlevel: {v1.0.0: MAY, v2: MUST}\nrefs: [x]\nsteps: []\n",
     "3:22: unknown spec release 'v2'"},
    {"id: other\ntitle: t\nlevel: MUST\nrefs: [x]\nsteps: []\n",
     "1:5: id 'other' must match the file name (t.yaml)"},
    {"id: t\ntitle: t\nlevel: MUST\nrefs: [x]\nsteps: []\nstepz: []\n", "6:1: unknown key 'stepz'"},
    {"id: t\ntitle: t\nlevel: MUST\nrefs: [x]\nrequires: [teleport]\nsteps: []\n",
     "unknown feature 'teleport'"},
    {"id: t\ntitle: t\nlevel: MUST\nrefs: [x]\nblobs: {a: {size: 1, content: x}}\nsteps: []\n",
     "blob 'a' needs exactly one of size (with seed), content or file"},
    {"id: t\ntitle: t\nlevel: MUST\nrefs: [x]\nblobs: {a.b: {size: 1}}\nsteps: []\n",
     "a blob name is a short string without dots"},
    {"id: t\ntitle: t\nlevel: MUST\nrefs: [x]\nblobs: {a: {size: 1, algo: md5}}\nsteps: []\n",
     "'algo' must be one of sha256, sha512"},
    {"id: t\ntitle: t\nlevel: MUST\nrefs: [x]\nblobs: {a: {size: 8MiB, seed: 1}}\nsteps: []\n",
     "5:19: blob size must be a whole number of bytes, e.g. 8388608 for 8 MiB (digits only: it is "
     "known before the run, no ${placeholder}), found '8MiB'"},
    {"id: t\ntitle: t\nlevel: MUST\nrefs: [x]\nblobs: {a: {size: -1, seed: 1}}\nsteps: []\n",
     "5:19: blob size must be a whole number of bytes"},
    {"id: t\ntitle: t\nlevel: MUST\nrefs: [x]\nblobs: {a: {size: 1, seed: \"${run}\"}}\nsteps: "
     "[]\n",
     "blob seed must be a whole number (digits only: it is known before the run"},
    {"id: t\ntitle: t\nlevel: MUST\nrefs: [x]\nblobs: {a: {size: 1000000000000000000, seed: 1}}\n"
     "steps: []\n",
     "5:19: 'size' is too big: at most 18 digits, found '1000000000000000000'"},
    {"id: t\ntitle: [unclosed\n", "t/t.yaml:"},
    {"- a\n- b\n", "a scenario is a map"},
};

static void test_bad_top(void)
{
    for (size_t i = 0; i < sizeof(BAD_TOP) / sizeof(BAD_TOP[0]); i++) {
        rs_scenario *s = calloc(1, sizeof(*s));
        rs_err e = {{0}};
        CU_ASSERT_EQUAL(rs_scenario_load_mem(s, "t/t.yaml", BAD_TOP[i].text, &e), RS_ERR_PARSE);
        if (!strstr(e.msg, BAD_TOP[i].error)) {
            fprintf(stderr, "\n  case %zu: wanted '%s', got '%s'\n", i, BAD_TOP[i].error, e.msg);
            CU_FAIL("the message does not say what and where");
        }
        rs_scenario_free(s);
        free(s);
    }
}

static void test_typed(void)
{
    rs_scenario *s = calloc(1, sizeof(*s));
    rs_err e = {{0}};
    const char *text = HEAD "  - mount: {as: other, repo: \"${ns.other}/x\", blob: a}\n"
                            "    expect: {status: [201, 202], header_present: [Location]}\n"
                            "    save: {st: status, loc: location}\n"
                            "  - request: {as: third, method: GET, url: \"${loc}\"}\n"
                            "    when: {st: 202}\n"
                            "    expect: {status: \"${st}\", tags_sorted: Yes}\n"
                            "    level: MAY\n";
    CU_ASSERT_EQUAL_FATAL(rs_scenario_load_mem(s, "t/t.yaml", text, &e), RS_OK);
    CU_ASSERT_EQUAL(s->nsteps, 2);
    const rs_step *m = &s->steps[0], *r = &s->steps[1];
    CU_ASSERT_STRING_EQUAL(m->kind->name, "mount");
    CU_ASSERT_EQUAL(m->as, RS_ROLE_OTHER);
    CU_ASSERT_EQUAL(m->nchecks, 2);
    CU_ASSERT_EQUAL(m->checks[0].val.nitems, 2);
    CU_ASSERT_EQUAL(m->checks[0].val.items[1].num, 202);
    CU_ASSERT_EQUAL(m->nsaves, 2);
    CU_ASSERT_EQUAL(m->saves[1].source, RS_SAVE_LOCATION);
    CU_ASSERT_EQUAL(r->as, RS_ROLE_THIRD);
    CU_ASSERT_EQUAL(r->level, RS_LEVEL_MAY);
    CU_ASSERT_TRUE(r->checks[0].val.items[0].is_template);
    CU_ASSERT_EQUAL(r->checks[1].val.num, 1); /* Yes */
    CU_ASSERT_EQUAL(r->nwhens, 1);
    CU_ASSERT_TRUE(s->roles_used[RS_ROLE_OTHER] && s->roles_used[RS_ROLE_THIRD]);
    CU_ASSERT_FALSE(s->roles_used[RS_ROLE_ADMIN]);
    CU_ASSERT_EQUAL(s->nns_used, 1);
    CU_ASSERT_STRING_EQUAL(s->ns_used[0], "other");
    rs_scenario_free(s);
    free(s);
}

/* concurrently: its steps follow it in the scenario, marked; saves are known after the group
 * (not to its other steps); a forging step makes the group forge. */
static void test_concurrently(void)
{
    rs_scenario *s = calloc(1, sizeof(*s));
    rs_err e = {{0}};
    const char *text = HEAD "  - concurrently:\n"
                            "      times: 3\n"
                            "      steps:\n"
                            "        - head_blob: {as: owner, repo: r, blob: a}\n"
                            "          save: {s1: status}\n"
                            "        - head_blob: {as: other, repo: r, blob: a, auth: expired}\n"
                            "          expect: {status: 401}\n"
                            "  - head_blob: {as: owner, repo: \"${s1}\", blob: a}\n"
                            "    when: {s1: 200}\n";
    CU_ASSERT_EQUAL_FATAL(rs_scenario_load_mem(s, "t/t.yaml", text, &e), RS_OK);
    CU_ASSERT_EQUAL(s->nsteps, 4);
    CU_ASSERT_STRING_EQUAL(s->steps[0].kind->name, "concurrently");
    CU_ASSERT_TRUE(rs_step_is_group(s->steps[0].kind));
    CU_ASSERT_EQUAL(s->steps[0].nsub, 2);
    CU_ASSERT_EQUAL(s->steps[0].args[RS_P_TIMES]->num, 3);
    CU_ASSERT_TRUE(s->steps[0].forges);
    CU_ASSERT_TRUE(s->steps[1].sub && s->steps[2].sub && !s->steps[3].sub);
    CU_ASSERT_EQUAL(s->steps[2].as, RS_ROLE_OTHER);
    CU_ASSERT_TRUE(s->roles_used[RS_ROLE_OTHER]);
    CU_ASSERT_EQUAL(s->steps[3].nwhens, 1);
    rs_scenario_free(s);
    free(s);
}

/* The release table: closed, oldest first, the default the latest release; names resolve. */
static void test_spec_table(void)
{
    CU_ASSERT_STRING_EQUAL(RS_SPECS[0].name, "v1.0.0");
    CU_ASSERT_STRING_EQUAL(RS_SPECS[RS_SPEC_DEFAULT].name, "v1.1.1");
    CU_ASSERT_STRING_EQUAL(RS_SPECS[RS_SPEC_COUNT - 1].name, "main");
    for (int i = 0; i < RS_SPEC_COUNT; i++) {
        CU_ASSERT_EQUAL(rs_spec_find(RS_SPECS[i].name), i);
        CU_ASSERT_PTR_NOT_NULL(RS_SPECS[i].what);
    }
    CU_ASSERT_EQUAL(rs_spec_find("v1.1"), -1);
    CU_ASSERT_EQUAL(rs_spec_find("V1.1.1"), -1);
    CU_ASSERT_EQUAL(rs_spec_find(""), -1);
    CU_ASSERT_EQUAL(rs_spec_find(NULL), -1);
    char names[256], tiny[8];
    rs_spec_names(names, sizeof(names));
    CU_ASSERT_STRING_EQUAL(names, "v1.0.0, v1.0.1, v1.1.0, v1.1.1 (default), main");
    rs_spec_names(tiny, sizeof(tiny)); /* cut, never overrun */
    CU_ASSERT_EQUAL(strlen(tiny), sizeof(tiny) - 1);
}

/* A level map gives each release the level of the last key at or before it; steps inherit the
 * scenario's map; check_levels gives one check its own; apply_spec resolves all three. */
static void test_levels_by_release(void)
{
    rs_scenario *s = calloc(1, sizeof(*s));
    rs_err e = {{0}};
    const char *text = "id: t\ntitle: t\nlevel: {v1.0.0: MAY, main: SHOULD}\nrefs: [x]\n"
                       "blobs: {a: {size: 3, seed: 1}}\nsteps:\n"
                       "  - head_blob: {as: owner, repo: r, blob: a}\n"
                       "    expect: {status: 200, header: {X: y}}\n"
                       "    level: MUST\n"
                       "    check_levels: {header: {v1.0.0: MAY, v1.1.0: SHOULD, main: MUST}}\n"
                       "  - head_blob: {as: owner, repo: r, blob: a}\n"
                       "    expect: {status: 200}\n";
    CU_ASSERT_EQUAL_FATAL(rs_scenario_load_mem(s, "t/t.yaml", text, &e), RS_OK);
    static const struct {
        const char *spec;
        rs_level sc, status, header, step2;
    } W[] = {
        {"v1.0.0", RS_LEVEL_MAY, RS_LEVEL_MUST, RS_LEVEL_MAY, RS_LEVEL_MAY},
        {"v1.0.1", RS_LEVEL_MAY, RS_LEVEL_MUST, RS_LEVEL_MAY, RS_LEVEL_MAY},
        {"v1.1.0", RS_LEVEL_MAY, RS_LEVEL_MUST, RS_LEVEL_SHOULD, RS_LEVEL_MAY},
        {"v1.1.1", RS_LEVEL_MAY, RS_LEVEL_MUST, RS_LEVEL_SHOULD, RS_LEVEL_MAY},
        {"main", RS_LEVEL_SHOULD, RS_LEVEL_MUST, RS_LEVEL_MUST, RS_LEVEL_SHOULD},
    };
    CU_ASSERT_EQUAL(s->spec, RS_SPEC_DEFAULT); /* loading resolves for the latest release */
    CU_ASSERT_EQUAL(s->steps[0].checks[1].level, RS_LEVEL_SHOULD);
    for (size_t i = 0; i < sizeof(W) / sizeof(W[0]); i++) {
        rs_scenario_apply_spec(s, rs_spec_find(W[i].spec));
        CU_ASSERT_EQUAL(s->level, W[i].sc);
        CU_ASSERT_EQUAL(s->steps[0].level, W[i].status);
        CU_ASSERT_FALSE(s->steps[0].checks[0].own_level);
        CU_ASSERT_EQUAL(s->steps[0].checks[0].level, W[i].status);
        CU_ASSERT_TRUE(s->steps[0].checks[1].own_level);
        CU_ASSERT_EQUAL(s->steps[0].checks[1].level, W[i].header);
        CU_ASSERT_EQUAL(s->steps[1].level, W[i].step2);
    }
    rs_scenario_apply_spec(s, -1); /* out of the table: nothing changes */
    CU_ASSERT_EQUAL(s->level, RS_LEVEL_SHOULD);
    rs_scenario_free(s);
    free(s);
}

/* Every table entry has a name, a doc and a function: docs and validation come from them. */
static void test_tables(void)
{
    int n;
    const rs_step_kind *k = rs_step_kinds(&n);
    for (int i = 0; i < n; i++)
        CU_ASSERT_TRUE(k[i].name && k[i].doc && k[i].run &&
                       (k[i].params[0].id == RS_P_AS || rs_step_is_group(&k[i])));
    const rs_check_kind *c = rs_check_kinds(&n);
    for (int i = 0; i < n; i++)
        CU_ASSERT_TRUE(c[i].name && c[i].doc && c[i].run && rs_check_kind_find(c[i].name) == &c[i]);
    for (int i = 0; i < RS_P_COUNT; i++)
        CU_ASSERT_TRUE(RS_PARAMS[i].name && RS_PARAMS[i].doc);
}

void rs_test_model_register(void)
{
    CU_pSuite s = CU_add_suite("scenario model", NULL, NULL);
    CU_add_test(s, "bad steps refused with file:line:col", test_bad_input);
    CU_add_test(s, "bad files refused with file:line:col", test_bad_top);
    CU_add_test(s, "a good file becomes typed structs", test_typed);
    CU_add_test(s, "concurrently: its steps, rounds and saves", test_concurrently);
    CU_add_test(s, "tables complete", test_tables);
    CU_add_test(s, "the spec release table", test_spec_table);
    CU_add_test(s, "levels by spec release, check_levels", test_levels_by_release);
}
