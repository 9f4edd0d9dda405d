#include "json.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

cJSON *rs_json_add(rs_json *j, cJSON *parent, const char *key, cJSON *item)
{
    int ok = parent && item &&
             (key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item));
    if (ok)
        return item;
    cJSON_Delete(item);
    j->oom = 1;
    return NULL;
}

void rs_json_str(rs_json *j, cJSON *parent, const char *key, const char *s)
{
    if (s)
        rs_json_add(j, parent, key, cJSON_CreateString(s));
}

void rs_json_num(rs_json *j, cJSON *parent, const char *key, double v)
{
    rs_json_add(j, parent, key, cJSON_CreateNumber(v));
}

void rs_json_bool(rs_json *j, cJSON *parent, const char *key, int v)
{
    rs_json_add(j, parent, key, cJSON_CreateBool(v));
}

cJSON *rs_json_obj(rs_json *j)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        j->oom = 1;
    return o;
}

static const char *ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

/* The value of a \uXXXX escape at p (p at 'u'), or -1. */
static long hex4(const char *p)
{
    char h[5] = {0};
    for (int i = 0; i < 4; i++)
        if (!isxdigit((unsigned char)(h[i] = p[1 + i])))
            return -1;
    return strtol(h, NULL, 16);
}

/* After a well-formed string starting at p ('"'), or NULL. */
static const char *string_end(const char *p)
{
    for (p++; *p != '"'; p++) {
        if (!*p)
            return NULL;
        if (*p != '\\')
            continue;
        p++;
        if (*p == 'u') {
            long u = hex4(p);
            if (u < 0 || (u >= 0xDC00 && u <= 0xDFFF))
                return NULL;
            if (u >= 0xD800 && u <= 0xDBFF) { /* a high surrogate: a low one must follow */
                long lo = p[5] == '\\' && p[6] == 'u' ? hex4(p + 6) : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return NULL;
                p += 6;
            }
            p += 4;
        } else if (!*p || !strchr("\"\\/bfnrt", *p)) {
            return NULL;
        }
    }
    return p + 1;
}

/* After the well-formed value at p (whitespace skipped), or NULL. */
static const char *value_end(const char *p, int depth)
{
    p = ws(p);
    if (*p == '"')
        return string_end(p);
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        if (depth >= CJSON_NESTING_LIMIT)
            return NULL;
        p = ws(p + 1);
        if (*p == close)
            return p + 1;
        for (;;) {
            if (close == '}') {
                p = *p == '"' ? string_end(p) : NULL;
                p = p ? ws(p) : NULL;
                if (!p || *p++ != ':')
                    return NULL;
            }
            if (!(p = value_end(p, depth + 1)))
                return NULL;
            p = ws(p);
            if (*p == close)
                return p + 1;
            if (*p++ != ',')
                return NULL;
            p = ws(p);
        }
    }
    static const char *words[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++)
        if (strncmp(p, words[i], strlen(words[i])) == 0)
            return p + strlen(words[i]);
    char num[64], *end; /* as cJSON reads a number: strtod on the run of [0-9+-eE.] */
    size_t n = strspn(p, "0123456789+-eE.");
    if (n == 0 || n >= sizeof(num) || !(*p == '-' || isdigit((unsigned char)*p)))
        return NULL;
    memcpy(num, p, n);
    num[n] = '\0';
    (void)strtod(num, &end);
    return end > num ? p + (end - num) : NULL;
}

cJSON *rs_json_parse(const char *text, int *oom)
{
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    *oom = !j && text && value_end(text, 0) != NULL;
    return j;
}
