/* Unit tests (CUnit) of configuration inputs: Docker config.json of every wrong shape, token
 * responses, YAML booleans, the feature table (and fixtures/README.md listing it), option values,
 * target URLs. Registered by test_units.c's main via rs_test_config_register(). */
#include "../auth.h"
#include "../cli.h"
#include "../dockercfg.h"
#include "../fileio.h"
#include "../preflight.h"
#include "../target.h"

#include <CUnit/Basic.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

void rs_test_config_register(void);

static int auth_of(const char *json, char *u, char *p)
{
    u[0] = p[0] = '\0';
    return rs_docker_auth_parse(json, "https://reg.example:5000", "", u, 128, p, 256);
}

static void test_docker_config_shapes(void)
{
    char u[128], p[256];
    /* "alice:pw" */
    CU_ASSERT_EQUAL(auth_of("{\"auths\":{\"reg.example:5000\":{\"auth\":\"YWxpY2U6cHc=\"}}}", u, p),
                    0);
    CU_ASSERT_STRING_EQUAL(u, "alice");
    CU_ASSERT_STRING_EQUAL(p, "pw");
    CU_ASSERT_EQUAL(
        auth_of("{\"auths\":{\"https://reg.example:5000/v1/\":{\"auth\":\"YWxpY2U6cHc=\"}}}", u, p),
        0);
    static const char *bad[] = {
        "",
        "not json",
        "[]",
        "\"str\"",
        "42",
        "null",
        "{\"auths\":[{\"auth\":\"YWxpY2U6cHc=\"}]}",
        "{\"auths\":{\"reg.example:5000\":\"YWxpY2U6cHc=\"}}",
        "{\"auths\":{\"reg.example:5000\":[\"YWxpY2U6cHc=\"]}}",
        "{\"auths\":{\"reg.example:5000\":{\"auth\":42}}}",
        "{\"auths\":{\"reg.example:5000\":{\"auth\":null}}}",
        "{\"auths\":{\"reg.example:5000\":{\"auth\":\"not base64!\"}}}",
        "{\"auths\":{\"reg.example:5000\":{\"auth\":\"YWxpY2U=\"}}}", /* "alice": no colon */
        "{\"auths\":{\"reg.example:5000\":{\"auth\":\"\"}}}",
        "{\"auths\":{\"reg.example:50001\":{\"auth\":\"YWxpY2U6cHc=\"}}}",
        "{\"auths\":\"x\"}",
        "{\"auths\":null}",
        "{\"auths\":{\"reg.example:5000\":{\"auth\":\"AGFsaWNlOnB3\"}}}", /* NUL inside */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CU_ASSERT_EQUAL(auth_of(bad[i], u, p), -1);
        CU_ASSERT_STRING_EQUAL(p, "");
    }
    CU_ASSERT_EQUAL(rs_docker_auth_parse(NULL, "https://x", "", u, 128, p, 256), -1);
    /* a huge auth value: refused, not overflowing */
    size_t n = 1 << 16;
    char *big = malloc(n + 64);
    strcpy(big, "{\"auths\":{\"reg.example:5000\":{\"auth\":\"");
    size_t off = strlen(big);
    memset(big + off, 'Q', n);
    strcpy(big + off + n, "\"}}}");
    CU_ASSERT_EQUAL(auth_of(big, u, p), -1);
    free(big);
    /* only the wanted user's entry counts */
    CU_ASSERT_EQUAL(
        rs_docker_auth_parse("{\"auths\":{\"reg.example:5000\":{\"auth\":\"YWxpY2U6cHc=\"}}}",
                             "https://reg.example:5000", "bob", u, 128, p, 256),
        -1);
}

static void test_token_lifetime(void)
{
    static const struct {
        const char *json;
        long want;
    } cases[] = {
        {"{\"expires_in\":300}", 300},  {"{\"expires_in\":1e300}", 86400},
        {"{\"expires_in\":-5}", 60},    {"{\"expires_in\":\"300\"}", 60},
        {"{\"expires_in\":[300]}", 60}, {"{}", 60},
        {"{\"expires_in\":0.5}", 60},   {"{\"expires_in\":null}", 60},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cJSON *j = cJSON_Parse(cases[i].json);
        CU_ASSERT_EQUAL(rs_token_lifetime(cJSON_GetObjectItemCaseSensitive(j, "expires_in")),
                        cases[i].want);
        cJSON_Delete(j);
    }
    CU_ASSERT_EQUAL(rs_token_lifetime(NULL), 60);
    /* renewed before it runs out: 5 s before, or a quarter of a short lifetime; never after */
    CU_ASSERT_EQUAL(rs_token_renew_after(60), 55);
    CU_ASSERT_EQUAL(rs_token_renew_after(300), 295);
    CU_ASSERT_EQUAL(rs_token_renew_after(20), 15);
    CU_ASSERT_EQUAL(rs_token_renew_after(8), 6);
    CU_ASSERT_EQUAL(rs_token_renew_after(3), 2);
    CU_ASSERT_EQUAL(rs_token_renew_after(2), 1);
    CU_ASSERT_EQUAL(rs_token_renew_after(1), 1);
    for (long l = 1; l <= 86400; l++)
        if (rs_token_renew_after(l) > l || rs_token_renew_after(l) < 1) {
            CU_FAIL("a token renewed after it runs out, or at once");
            break;
        }
}

static void test_booleans(void)
{
    static const char *yes[] = {"true", "True", "TRUE", "yes", "Yes", "on", "ON"};
    static const char *no[] = {"false", "False", "no", "NO", "off", "Off"};
    static const char *bad[] = {"ture", "0", "1", "", "y", "n", "truee", "2", NULL};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        CU_ASSERT_EQUAL(rs_parse_bool(yes[i]), 1);
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        CU_ASSERT_EQUAL(rs_parse_bool(no[i]), 0);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CU_ASSERT_EQUAL(rs_parse_bool(bad[i]), -1);
}

/* Every feature of the table is documented in fixtures/README.md's feature table, and every name
 * documented there is in the table. */
static void test_features_documented(void)
{
    int n;
    const rs_feature_def *f = rs_features(&n);
    rs_err e;
    char *readme = rs_read_file("fixtures/README.md", 1 << 20, NULL, &e);
    CU_ASSERT_PTR_NOT_NULL_FATAL(readme);
    for (int i = 0; i < n; i++) {
        char row[96];
        snprintf(row, sizeof(row), "| `%s` |", f[i].name);
        CU_ASSERT_PTR_NOT_NULL(strstr(readme, row));
        CU_ASSERT_TRUE(rs_feature_known(f[i].name));
    }
    /* the rows of the table under "| feature |", up to the first line not starting with '|' */
    int rows = 0;
    const char *p = strstr(readme, "\n| feature |");
    if (!p)
        free(readme);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    p = strchr(p + 1, '\n'); /* the header's separator row follows */
    p = p ? strchr(p + 1, '\n') : NULL;
    while (p && p[1] == '|') {
        char name[64] = "";
        if (sscanf(p, "\n| `%63[^`]`", name) == 1) {
            rows++;
            CU_ASSERT_TRUE(rs_feature_known(name));
        }
        p = strchr(p + 1, '\n');
    }
    CU_ASSERT_EQUAL(rows, n);
    free(readme);
    CU_ASSERT_FALSE(rs_feature_known("deletes"));
    CU_ASSERT_FALSE(rs_feature_known(NULL));
    CU_ASSERT_TRUE(rs_role_known("third"));
    CU_ASSERT_FALSE(rs_role_known("owmer"));
}

static void test_option_values(void)
{
    long v = 7;
    CU_ASSERT_EQUAL(rs_cli_long("abc", 1, 10, &v), -1);
    CU_ASSERT_EQUAL(rs_cli_long("-1", 1, 10, &v), -1);
    CU_ASSERT_EQUAL(rs_cli_long("", 1, 10, &v), -1);
    CU_ASSERT_EQUAL(rs_cli_long("5x", 1, 10, &v), -1);
    CU_ASSERT_EQUAL(rs_cli_long("99999999999999999999", 1, 10, &v), -1);
    CU_ASSERT_EQUAL(v, 7);
    CU_ASSERT_EQUAL(rs_cli_long("5", 1, 10, &v), 0);
    CU_ASSERT_EQUAL(v, 5);
    static char *bad[][3] = {{"--timeout", "abc", "x"},
                             {"--deadline", "-1", "x"},
                             {"--max-timeouts", "x", "p"},
                             {"--timeout", "0", "p"},
                             {"--bogus", "p", "p"}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        rs_cli_run o;
        rs_err e;
        CU_ASSERT_EQUAL(rs_cli_parse_run(3, bad[i], &o, &e), RS_ERR_USAGE);
        rs_cli_run_free(&o);
    }
    char *good[] = {"--timeout", "5", "--max-timeouts", "0", "--fail-on-skip", "suites"};
    rs_cli_run o;
    rs_err e;
    CU_ASSERT_EQUAL(rs_cli_parse_run(6, good, &o, &e), RS_OK);
    CU_ASSERT_EQUAL(o.timeout_s, 5);
    CU_ASSERT_EQUAL(o.max_timeouts, 0);
    CU_ASSERT_EQUAL(o.fail_on_skip, 1);
    CU_ASSERT_EQUAL(o.npaths, 1);
    rs_cli_run_free(&o);
}

static void test_target_urls(void)
{
    rs_err e;
    CU_ASSERT_EQUAL(rs_preflight_url("https://reg.example:5000", &e), RS_OK);
    CU_ASSERT_EQUAL(rs_preflight_url("http://127.0.0.1:80/", &e), RS_OK);
    static const char *bad[] = {"ftp://reg.example",
                                "https://reg.example/v2",
                                "https://reg.example?x=1",
                                "https://u:p@reg.example",
                                "https://reg.example#f",
                                "reg.example:5000",
                                "https://"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CU_ASSERT_NOT_EQUAL(rs_preflight_url(bad[i], &e), RS_OK);
}

static void test_target_from_memory(void)
{
    static const char good[] = "url: https://reg.example:5000//\n"
                               "actors:\n  owner: {username: alice, password: pw}\n"
                               "features: {delete: true}\n";
    rs_target t;
    rs_err e;
    CU_ASSERT_EQUAL_FATAL(rs_target_load_mem(&t, "m.yaml", good, sizeof(good) - 1, &e), RS_OK);
    CU_ASSERT_STRING_EQUAL(t.url, "https://reg.example:5000");
    CU_ASSERT_STRING_EQUAL(t.name, t.url);
    CU_ASSERT_STRING_EQUAL(rs_target_actor_get(&t, "owner")->password, "pw");
    CU_ASSERT_EQUAL(t.timeout_s, RS_DEFAULT_TIMEOUT_S);
    CU_ASSERT_TRUE(rs_target_has(&t, "delete"));
    static const char bad[] = "url: https://r\nurl: https://s\n";
    CU_ASSERT_EQUAL(rs_target_load_mem(&t, "m.yaml", bad, sizeof(bad) - 1, &e), RS_ERR_PARSE);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "m.yaml:2:"));
}

void rs_test_config_register(void)
{
    CU_pSuite s = CU_add_suite("config", NULL, NULL);
    CU_add_test(s, "docker config.json of any shape", test_docker_config_shapes);
    CU_add_test(s, "token expires_in of any shape; renewal before it runs out",
                test_token_lifetime);
    CU_add_test(s, "YAML booleans, 0 and 1 refused", test_booleans);
    CU_add_test(s, "features: one table, all documented", test_features_documented);
    CU_add_test(s, "option values", test_option_values);
    CU_add_test(s, "target URLs", test_target_urls);
    CU_add_test(s, "target file from memory", test_target_from_memory);
}
