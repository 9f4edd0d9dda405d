/* Unit tests (CUnit) of the harness and the token server's pure parts: challenge parsing, scope
 * sets, redaction, placeholders, YAML errors, JUnit escaping, digest streaming, scopes, ACL, JWT.
 */
#include "../auth.h"
#include "../blob.h"
#include "../expand.h"
#include "../report.h"
#include "../scenario.h"
#include "../trace.h"
#include "../../fixtures/authd/acl.h"
#include "../../fixtures/authd/token.h"
#include "tests.h"

#include <CUnit/Basic.h>
#include <crypt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_challenge(void)
{
    rs_challenge c;
    CU_ASSERT_EQUAL(rs_challenge_parse("Bearer realm=\"https://a/token\",service=\"reg\","
                                       "scope=\"repository:a/b:pull,push repository:c:pull\","
                                       "error=\"insufficient_scope\"",
                                       &c),
                    0);
    CU_ASSERT_EQUAL(c.scheme, RS_SCHEME_BEARER);
    CU_ASSERT_STRING_EQUAL(c.realm, "https://a/token");
    CU_ASSERT_STRING_EQUAL(c.scope, "repository:a/b:pull,push repository:c:pull");
    CU_ASSERT_STRING_EQUAL(c.error, "insufficient_scope");
    CU_ASSERT_EQUAL(rs_challenge_parse("Basic realm=\"x \\\"y\\\"\"", &c), 0);
    CU_ASSERT_EQUAL(c.scheme, RS_SCHEME_BASIC);
    CU_ASSERT_STRING_EQUAL(c.realm, "x \"y\"");
    CU_ASSERT_EQUAL(rs_challenge_parse("Bearer realm=\"unterminated", &c), -1);
    CU_ASSERT_EQUAL(rs_challenge_parse("Bearer realm", &c), -1);
    CU_ASSERT_EQUAL(rs_challenge_parse("", &c), -1);
}

static void test_scope_union(void)
{
    char out[256];
    rs_scope_union("repository:b:pull repository:a:push", "repository:a:push", out, sizeof(out));
    CU_ASSERT_STRING_EQUAL(out, "repository:a:push repository:b:pull");
    rs_scope_union(NULL, NULL, out, sizeof(out));
    CU_ASSERT_STRING_EQUAL(out, "");
}

static void test_redaction(void)
{
    char *secrets[] = {"hunter22"};
    char *r = rs_redact("> Authorization: Bearer abc.def\n< {\"token\":\"xyz\",\"a\":1}\n"
                        "pw hunter22 and eyJhbGciOi.eyJzdWIiOiJ4In0.c2lnbmF0dXJl end\n",
                        secrets, 1);
    CU_ASSERT_PTR_NULL(strstr(r, "abc.def"));
    CU_ASSERT_PTR_NULL(strstr(r, "xyz"));
    CU_ASSERT_PTR_NULL(strstr(r, "hunter22"));
    CU_ASSERT_PTR_NULL(strstr(r, "eyJzdWIiOiJ4In0"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r, "\"a\":1"));
    CU_ASSERT_PTR_NOT_NULL(strstr(r, " end"));
    free(r);
}

/* A token response body: exactly the token values go, every other byte of the body stays; a body
 * the trace cut inside the token loses only the token's part, not the lines after it. */
static void test_redaction_token_body(void)
{
    char *r =
        rs_redact("< {\"token\":\"T1.x\",\"access_token\":\"T1.x\",\"expires_in\":300,"
                  "\"issued_at\":\"2026-01-01T00:00:00Z\",\"refresh_token\":\"R\\\"2\"}\n< 200\n",
                  NULL, 0);
    CU_ASSERT_STRING_EQUAL(r, "< {\"token\":\"[redacted]\",\"access_token\":\"[redacted]\","
                              "\"expires_in\":300,\"issued_at\":\"2026-01-01T00:00:00Z\","
                              "\"refresh_token\":\"[redacted]\"}\n< 200\n");
    free(r);
    r = rs_redact("< {\"token\": \"abcdefabcdef ...\n\n[owner] > GET /v2/x \"a\"\n", NULL, 0);
    CU_ASSERT_STRING_EQUAL(r, "< {\"token\": \"[redacted] ...\n\n[owner] > GET /v2/x \"a\"\n");
    free(r);
    r = rs_redact("{\"password\":\"p w\"} {\"token\":\"\"}", NULL, 0);
    CU_ASSERT_STRING_EQUAL(r, "{\"password\":\"[redacted]\"} {\"token\":\"\"}");
    free(r);
}

static void test_expand(void)
{
    rs_vars v;
    rs_vars_init(&v);
    CU_ASSERT_EQUAL(rs_vars_set(&v, "run", "r1"), 0);
    CU_ASSERT_EQUAL(rs_vars_set(&v, "ns.owner", "alice"), 0);
    rs_err err;
    char *s = NULL;
    CU_ASSERT_EQUAL(rs_expand(&v, "${ns.owner}/app-${run} costs $$5", &s, &err), RS_OK);
    CU_ASSERT_STRING_EQUAL(s, "alice/app-r1 costs $5");
    free(s);
    CU_ASSERT_EQUAL(rs_expand(&v, "${nope}", &s, &err), RS_ERR_PARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "${nope} has no value"));
    CU_ASSERT_EQUAL(rs_expand(&v, "${unterminated", &s, &err), RS_ERR_PARSE);
    rs_vars_free(&v);
}

static const char *write_tmp(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof(path), "/tmp/regsuite-unit-%d/%s", (int)getpid(), name);
    char dir[256];
    snprintf(dir, sizeof(dir), "/tmp/regsuite-unit-%d", (int)getpid());
    mkdir(dir, 0700);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_yaml_errors(void)
{
    rs_scenario s;
    rs_err e;
    const char *p =
        write_tmp("bad-key.yaml", "id: bad-key\ntitle: t\nlevel: MUST\nrefs: [x]\n"
                                  "steps:\n  - head_blob: {as: owner, repo: r, blobb: x}\n");
    CU_ASSERT_EQUAL(rs_scenario_load(&s, p, &e), RS_ERR_PARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "bad-key.yaml:6:"));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "unknown parameter 'blobb'"));
    rs_scenario_free(&s);
    p = write_tmp("bad-type.yaml", "id: bad-type\ntitle: t\nlevel: MUST\nrefs: [x]\nsteps:\n"
                                   "  - push_image: {as: owner, repo: r, layers: notalist}\n");
    CU_ASSERT_EQUAL(rs_scenario_load(&s, p, &e), RS_ERR_PARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "bad-type.yaml:6:"));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "'layers' must be a list"));
    rs_scenario_free(&s);
    p = write_tmp("syntax.yaml", "id: syntax\ntitle: [unclosed\n");
    CU_ASSERT_EQUAL(rs_scenario_load(&s, p, &e), RS_ERR_PARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "syntax.yaml:"));
    rs_scenario_free(&s);
    p = write_tmp("alias.yaml", "id: alias\ntitle: &t x\nlevel: MUST\nrefs: [*t]\nsteps: []\n");
    CU_ASSERT_EQUAL(rs_scenario_load(&s, p, &e), RS_ERR_PARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "aliases"));
    rs_scenario_free(&s);
    p = write_tmp("good.yaml", "id: good\ntitle: t\nlevel: SHOULD\nrefs: [x]\nkeywords: [a, b]\n"
                               "steps:\n  - head_blob: {as: owner, repo: r, digest: d}\n"
                               "    expect: {status: [200, 404]}\n");
    CU_ASSERT_EQUAL(rs_scenario_load(&s, p, &e), RS_OK);
    CU_ASSERT_EQUAL(s.level, RS_LEVEL_SHOULD);
    CU_ASSERT_EQUAL(s.nsteps, 1);
    CU_ASSERT_TRUE(rs_scenario_has_keyword(&s, "b"));
    CU_ASSERT_FALSE(rs_scenario_has_keyword(&s, "x"));
    rs_scenario_free(&s);
}

static void test_xml_escape(void)
{
    rs_buf b;
    rs_buf_init(&b, 1024);
    rs_xml_escape(&b, "a<b>&\"c'\x01\n");
    CU_ASSERT_STRING_EQUAL(rs_buf_str(&b), "a&lt;b&gt;&amp;&quot;c&apos;\n");
    rs_buf_free(&b);
}

/* the digest of a reader's bytes, 1031 at a time (the plain path rs_blob_digest must agree with) */
static void reader_digest(const rs_blob *b, char *out)
{
    rs_hasher h;
    rs_hasher_init(&h, b->algo);
    rs_blob_reader rd;
    rs_blob_reader_init(&rd, b, 0, b->size);
    unsigned char buf[1031];
    size_t n;
    while ((n = rs_blob_reader_read(&rd, buf, sizeof(buf))) > 0)
        rs_hasher_update(&h, buf, n);
    rs_hasher_final(&h, out);
}

static void test_digest_streaming(void)
{
    rs_blob lit = {0};
    CU_ASSERT_EQUAL(rs_blob_set_literal(&lit, "x", "hello world", 11, RS_SHA256), 0);
    CU_ASSERT_STRING_EQUAL(
        lit.digest, "sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
    rs_blob_free(&lit);
    /* a generated blob hashes the same whether read whole or in odd-sized pieces */
    rs_blob g = {.size = 300007, .seed = 42, .algo = RS_SHA256};
    CU_ASSERT_EQUAL(rs_blob_digest(&g), 0);
    char out[160];
    reader_digest(&g, out);
    CU_ASSERT_STRING_EQUAL(out, g.digest);
    rs_algo a;
    CU_ASSERT_EQUAL(rs_digest_algo(g.digest, &a), 0);
    CU_ASSERT_EQUAL(rs_digest_algo("sha256:XYZ", &a), -1);
    rs_blob g512 = {.size = 10, .seed = 1, .algo = RS_SHA512};
    rs_blob_digest(&g512);
    CU_ASSERT_EQUAL(strncmp(g512.digest, "sha512:", 7), 0);
    CU_ASSERT_EQUAL(strlen(g512.digest), 7 + 128);
}

/* a second thread generates while rs_blob_digest_piped hashes (blob.c; rs_blob_digest from
 * 4 MiB): the same digest as the reader's, around its 128 KiB slots, for both algorithms */
static void test_digest_piped(void)
{
    const uint64_t sizes[] = {0, 1, 131071, 131072, 131073, 4u << 20, 7340033};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        for (int a = RS_SHA256; a <= RS_SHA512; a++) {
            rs_blob g = {.size = sizes[i], .seed = 1000 + i, .algo = (rs_algo)a};
            CU_ASSERT_EQUAL(rs_blob_digest_piped(&g, NULL, NULL), 0);
            char want[160];
            reader_digest(&g, want);
            CU_ASSERT_STRING_EQUAL(g.digest, want);
            rs_blob plain = {.size = sizes[i], .seed = 1000 + i, .algo = (rs_algo)a};
            CU_ASSERT_EQUAL(rs_blob_digest(&plain), 0); /* piped from 4 MiB, plain below */
            CU_ASSERT_STRING_EQUAL(plain.digest, want);
        }
    rs_blob lit = {0};
    CU_ASSERT_EQUAL(rs_blob_set_literal(&lit, "x", "abc", 3, RS_SHA256), 0);
    CU_ASSERT_EQUAL(rs_blob_digest_piped(&lit, NULL, NULL), -1); /* literal: not generated */
    rs_blob_free(&lit);
}

static int stop_after(void *arg) /* says stop from its 3rd question on */
{
    return ++*(int *)arg > 2;
}

/* a stop asked for ends the hashing of a blob of any size at once: 1, no digest (a deadline or
 * a signal must not wait for a 1 TiB blob), through the pipe (from 4 MiB) and without */
static void test_digest_stop(void)
{
    const uint64_t sizes[] = {1ull << 40, 3u << 20};
    for (size_t i = 0; i < 2; i++) {
        int asked = 0;
        rs_blob g = {.size = sizes[i], .seed = 7, .algo = RS_SHA256};
        CU_ASSERT_EQUAL(rs_blob_digest_until(&g, stop_after, &asked), 1);
        CU_ASSERT_EQUAL(asked, 3); /* the 3 MiB one: asked at 0, 1 and 2 MiB */
        CU_ASSERT_STRING_EQUAL(g.digest, "");
        asked = -1000000; /* never says stop here: the whole digest */
        rs_blob small = {.size = sizes[1], .seed = 7, .algo = RS_SHA256};
        CU_ASSERT_EQUAL(rs_blob_digest_until(&small, stop_after, &asked), 0);
        CU_ASSERT_EQUAL(strncmp(small.digest, "sha256:", 7), 0);
    }
    int asked = 0;
    rs_blob big = {.size = 1ull << 40, .seed = 7, .algo = RS_SHA256};
    CU_ASSERT_EQUAL(rs_blob_digest_piped(&big, stop_after, &asked), 1);
}

static void test_scope_parse(void)
{
    rs_scope s[8];
    char err[128];
    CU_ASSERT_EQUAL(
        rs_scope_parse_list("repository:127.0.0.1:5000/a/b:push,pull", s, 8, err, sizeof(err)), 1);
    CU_ASSERT_STRING_EQUAL(s[0].type, "repository");
    CU_ASSERT_STRING_EQUAL(s[0].name, "127.0.0.1:5000/a/b");
    CU_ASSERT_EQUAL(s[0].actions, RS_ACT_PULL | RS_ACT_PUSH);
    CU_ASSERT_EQUAL(rs_scope_parse_list("repository(plugin):x/y:pull registry:catalog:*", s, 8, err,
                                        sizeof(err)),
                    2);
    CU_ASSERT_STRING_EQUAL(s[0].klass, "plugin");
    CU_ASSERT_STRING_EQUAL(s[0].type, "repository");
    CU_ASSERT_EQUAL(s[1].actions, RS_ACT_ALL);
    CU_ASSERT_EQUAL(rs_scope_parse_list("repository:a:fly,pull", s, 8, err, sizeof(err)), 1);
    CU_ASSERT_EQUAL(s[0].actions, RS_ACT_PULL);
    CU_ASSERT_EQUAL(rs_scope_parse_list("repository", s, 8, err, sizeof(err)), -1);
    CU_ASSERT_EQUAL(rs_scope_parse_list("repository::pull", s, 8, err, sizeof(err)), -1);
}

static const char *ACL_YAML =
    "service: svc\nissuer: iss\nusers:\n"
    "  - {name: alice, password: \"HASH\"}\n  - {name: mallory, password: \"HASH\"}\n"
    "rules:\n"
    "  - {resource: \"repository:${user}/*\", who: [\"*\"], actions: [pull, push, delete]}\n"
    "  - {resource: \"repository:public/*\", who: [\"*\", anonymous], actions: [pull]}\n"
    "  - {resource: \"registry:catalog\", who: [alice2], actions: [\"*\"]}\n";

static void load_acl(rs_acl *acl)
{
    struct crypt_data cd;
    memset(&cd, 0, sizeof(cd));
    const char *h = crypt_r("pw", "$6$saltsalt$", &cd);
    char text[2048];
    snprintf(text, sizeof(text), "%s", ACL_YAML);
    for (char *p; (p = strstr(text, "HASH"));) {
        char rest[2048];
        snprintf(rest, sizeof(rest), "%s", p + 4);
        snprintf(p, sizeof(text) - (size_t)(p - text), "%s%s", h, rest);
    }
    rs_err e;
    CU_ASSERT_EQUAL_FATAL(rs_acl_load_mem(acl, "acl", text, strlen(text), &e), RS_OK);
}

static void test_acl(void)
{
    rs_acl acl;
    load_acl(&acl);
    CU_ASSERT_TRUE(rs_acl_check_password(&acl, "alice", "pw"));
    CU_ASSERT_FALSE(rs_acl_check_password(&acl, "alice", "pW"));
    CU_ASSERT_FALSE(rs_acl_check_password(&acl, "nobody", "pw"));
    CU_ASSERT_EQUAL(rs_acl_allowed(&acl, "alice", "repository", "alice/app"),
                    RS_ACT_PULL | RS_ACT_PUSH | RS_ACT_DELETE);
    CU_ASSERT_EQUAL(rs_acl_allowed(&acl, "mallory", "repository", "alice/app"), 0u);
    CU_ASSERT_EQUAL(rs_acl_allowed(&acl, NULL, "repository", "public/base"), RS_ACT_PULL);
    CU_ASSERT_EQUAL(rs_acl_allowed(&acl, NULL, "repository", "alice/app"), 0u);
    CU_ASSERT_EQUAL(rs_acl_allowed(&acl, "alice", "registry", "catalog"), 0u);
    CU_ASSERT_EQUAL(rs_acl_allowed(&acl, "alice2", "registry", "catalog"), RS_ACT_ALL);
    CU_ASSERT_EQUAL(rs_acl_allowed(&acl, "alice", "weird", "alice/app"), 0u);
    /* grant = requested ∩ allowed, merged per resource */
    rs_scope sc[4];
    char err[128];
    int n = rs_scope_parse_list("repository:alice/a:pull repository:alice/a:push "
                                "repository:public/b:push,pull",
                                sc, 4, err, sizeof(err));
    cJSON *g = rs_token_grant(&acl, "mallory", sc, n);
    char *txt = cJSON_PrintUnformatted(g);
    CU_ASSERT_STRING_EQUAL(
        txt, "[{\"type\":\"repository\",\"name\":\"alice/a\",\"actions\":[]},"
             "{\"type\":\"repository\",\"name\":\"public/b\",\"actions\":[\"pull\"]}]");
    free(txt);
    cJSON_Delete(g);
    /* a malformed file fails with file:line */
    rs_acl bad;
    const char *t = "service: s\nissuer: i\nusers:\n  - {name: x, password: plain}\n";
    rs_err e;
    CU_ASSERT_EQUAL(rs_acl_load_mem(&bad, "users.yaml", t, strlen(t), &e), RS_ERR_PARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "users.yaml:4:"));
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "never plain text"));
}

static void test_jwt(void)
{
    rs_acl acl;
    load_acl(&acl);
    rs_signer s;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(rs_signer_generate(&s, err, sizeof(err)), 0);
    cJSON *access = cJSON_CreateArray();
    char *tok =
        rs_token_issue(&acl, &s, NULL, "alice", access, RS_FORGE_EXPIRED, 100000, err, sizeof(err));
    CU_ASSERT_PTR_NOT_NULL_FATAL(tok);
    char *dot1 = strchr(tok, '.'), *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(dot2);
    CU_ASSERT_EQUAL(strlen(dot2 + 1), 86); /* 64 raw bytes of r||s, base64url */
    /* decode the claims */
    char claims[2048];
    size_t cl = (size_t)(dot2 - dot1 - 1);
    snprintf(claims, sizeof(claims), "%.*s", (int)cl, dot1 + 1);
    for (char *p = claims; *p; p++)
        *p = *p == '-' ? '+' : *p == '_' ? '/' : *p;
    while (strlen(claims) % 4)
        strcat(claims, "=");
    unsigned char dec[2048];
    int dl = EVP_DecodeBlock(dec, (unsigned char *)claims, (int)strlen(claims));
    CU_ASSERT_TRUE_FATAL(dl > 0);
    dec[dl] = 0;
    cJSON *j = cJSON_Parse((char *)dec);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "sub")->valuestring, "alice");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "aud")->valuestring, "svc");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(j, "iss")->valuestring, "iss");
    CU_ASSERT_TRUE(cJSON_GetObjectItem(j, "exp")->valuedouble < 100000); /* forged: expired */
    CU_ASSERT_PTR_NOT_NULL(cJSON_GetObjectItem(j, "jti"));
    cJSON_Delete(j);
    free(tok);
    cJSON_Delete(access);
    rs_signer_free(&s);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite h = CU_add_suite("harness", NULL, NULL);
    CU_add_test(h, "WWW-Authenticate parsing", test_challenge);
    CU_add_test(h, "scope sets", test_scope_union);
    CU_add_test(h, "redaction", test_redaction);
    CU_add_test(h, "redaction of token response bodies: exactly the values",
                test_redaction_token_body);
    CU_add_test(h, "placeholder expansion", test_expand);
    CU_add_test(h, "YAML errors with file:line:col", test_yaml_errors);
    CU_add_test(h, "JUnit escaping", test_xml_escape);
    CU_add_test(h, "digest streaming", test_digest_streaming);
    CU_add_test(h, "digest piped (a generating thread)", test_digest_piped);
    CU_add_test(h, "digest stopped (a deadline or signal mid-blob)", test_digest_stop);
    rs_test_model_register();
    rs_test_checks_register();
    rs_test_modules_register();
    CU_pSuite a = CU_add_suite("authd", NULL, NULL);
    CU_add_test(a, "scope parsing", test_scope_parse);
    CU_add_test(a, "ACL evaluation and grants", test_acl);
    CU_add_test(a, "JWT building", test_jwt);
    rs_test_config_register();
    rs_test_baseline_register();
    rs_test_html_register();
    rs_test_request_register();
    rs_test_wait_register();
    rs_test_share_register();
    rs_test_manifests_register();
    rs_test_retry_register();
    rs_test_race_register();
    rs_test_matrix_register();
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_tests_failed() + CU_get_number_of_failures();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}
