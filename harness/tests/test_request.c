/* test_request: authd's request parsing (request.c): query strings and form bodies, Basic
 * credentials; bad input refused with a reason, never cut or guessed. */
#include "../../fixtures/authd/request.h"
#include "tests.h"

#include <CUnit/Basic.h>
#include <stdlib.h>
#include <string.h>

static int parse(rs_form *f, const char *s, char *err)
{
    return rs_form_parse(s, strlen(s), f, err, 160);
}

static void test_form(void)
{
    rs_form *f = malloc(sizeof(*f));
    char err[160];
    CU_ASSERT_FATAL(f != NULL);
    CU_ASSERT_EQUAL(
        parse(f, "service=regsuite-local&scope=repository%3Aa%2Fb%3Apull&scope=x+y&&flag", err), 0);
    CU_ASSERT_EQUAL(f->n, 4);
    CU_ASSERT_STRING_EQUAL(rs_form_get(f, "service"), "regsuite-local");
    CU_ASSERT_STRING_EQUAL(rs_form_get(f, "scope"), "repository:a/b:pull"); /* the first one */
    CU_ASSERT_STRING_EQUAL(f->value[2], "x y");
    CU_ASSERT_STRING_EQUAL(rs_form_get(f, "flag"), "");
    CU_ASSERT_PTR_NULL(rs_form_get(f, "absent"));
    CU_ASSERT_EQUAL(parse(f, "", err), 0);
    CU_ASSERT_EQUAL(f->n, 0);
    CU_ASSERT_EQUAL(parse(f, "a=%4", err), -1); /* cut escape */
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "%-escape"));
    CU_ASSERT_EQUAL(parse(f, "a=%zz", err), -1);
    CU_ASSERT_EQUAL(parse(f, "a=%00b", err), -1); /* a NUL would cut the value short */
    CU_ASSERT_EQUAL(rs_form_parse("a=b\0c", 5, f, err, sizeof(err)), -1);
    char many[400] = "";
    for (int i = 0; i <= RS_FORM_MAX_ARGS; i++)
        strcat(many, "a=b&");
    CU_ASSERT_EQUAL(parse(f, many, err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "parameters"));
    free(f);
}

static void test_basic(void)
{
    char u[64], p[256], small[4];
    CU_ASSERT_EQUAL(rs_basic_parse("Basic YWxpY2U6c2VjcjN0", u, sizeof(u), p, sizeof(p)), 0);
    CU_ASSERT_STRING_EQUAL(u, "alice");
    CU_ASSERT_STRING_EQUAL(p, "secr3t");
    CU_ASSERT_EQUAL(rs_basic_parse("basic  YTpiOmM=", u, sizeof(u), p, sizeof(p)), 0);
    CU_ASSERT_STRING_EQUAL(u, "a");
    CU_ASSERT_STRING_EQUAL(p, "b:c"); /* the first ':' splits */
    CU_ASSERT_EQUAL(rs_basic_parse("Basic YWxpY2U=", u, sizeof(u), p, sizeof(p)), -1); /* no ':' */
    CU_ASSERT_EQUAL(rs_basic_parse("Bearer YTpi", u, sizeof(u), p, sizeof(p)), -1);
    CU_ASSERT_EQUAL(rs_basic_parse("Basic YTpi!", u, sizeof(u), p, sizeof(p)), -1);
    CU_ASSERT_EQUAL(rs_basic_parse("Basic YTpi YTpi", u, sizeof(u), p, sizeof(p)), -1);
    CU_ASSERT_EQUAL(rs_basic_parse("Basic YWJjZGU6Yg==", small, sizeof(small), p, sizeof(p)), -1);
    CU_ASSERT_EQUAL(rs_basic_parse("Basic YQA6Yg==", u, sizeof(u), p, sizeof(p)), -1); /* "a\0:b" */
    CU_ASSERT_EQUAL(rs_basic_parse("Basic ", u, sizeof(u), p, sizeof(p)), -1);
    CU_ASSERT_EQUAL(rs_basic_parse(NULL, u, sizeof(u), p, sizeof(p)), -1);
}

void rs_test_request_register(void)
{
    CU_pSuite s = CU_add_suite("authd requests", NULL, NULL);
    CU_add_test(s, "query strings and form bodies", test_form);
    CU_add_test(s, "Basic credentials", test_basic);
}
