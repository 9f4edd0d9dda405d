#include "trace.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REDACTED "[redacted]"

void rs_trace_init(rs_trace *t, size_t limit)
{
    memset(t, 0, sizeof(*t));
    rs_buf_init(&t->text, limit);
}

void rs_trace_secret(rs_trace *t, const char *secret)
{
    if (!secret || strlen(secret) < 3)
        return;
    for (int i = 0; i < t->nsecrets; i++)
        if (strcmp(t->secrets[i], secret) == 0)
            return;
    if (t->nsecrets == t->cap) {
        int cap = t->cap ? t->cap * 2 : 16;
        char **n = realloc(t->secrets, (size_t)cap * sizeof(char *));
        if (!n) {
            t->lost = 1;
            return;
        }
        t->secrets = n;
        t->cap = cap;
    }
    if (!(t->secrets[t->nsecrets] = strdup(secret)))
        t->lost = 1;
    else
        t->nsecrets++;
}

static int is_b64url(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* Length of a JWT-looking run at s (eyJ... . ... . ...), or 0. */
static size_t jwt_len(const char *s)
{
    if (strncmp(s, "eyJ", 3) != 0)
        return 0;
    size_t n = 0;
    int dots = 0;
    while (is_b64url(s[n]) || (s[n] == '.' && dots < 2 && (dots++, 1)))
        n++;
    return dots == 2 && n > 20 ? n : 0;
}

static size_t secret_at(const char *s, char *const *secrets, int n)
{
    for (int i = 0; i < n; i++) {
        size_t l = strlen(secrets[i]);
        if (l && strncmp(s, secrets[i], l) == 0)
            return l;
    }
    return 0;
}

/* The length of the JSON string value at s (after its opening quote): up to the closing quote, or,
 * when the trace cut the body inside the value, up to the line's end less the cut mark " ...";
 * never past the line, so the rest of the trace stays. */
static size_t string_value_len(const char *s)
{
    size_t v = 0;
    while (s[v] && s[v] != '"' && s[v] != '\n' && s[v] != '\r')
        v += s[v] == '\\' && s[v + 1] && s[v + 1] != '\n' ? 2 : 1;
    if (s[v] != '"' && v >= 4 && strncmp(s + v - 4, " ...", 4) == 0)
        v -= 4;
    return v;
}

/* After a header "Authorization:" or a JSON key "token"-like, the value to hide, or 0. */
static size_t sensitive_value(const char *s, size_t *skip)
{
    static const char *hdrs[] = {
        "authorization:", "proxy-authorization:", "cookie:", "set-cookie:"};
    for (size_t i = 0; i < sizeof(hdrs) / sizeof(hdrs[0]); i++) {
        size_t l = strlen(hdrs[i]);
        if (strncasecmp(s, hdrs[i], l) == 0) {
            *skip = l;
            while (s[*skip] == ' ')
                (*skip)++;
            return strcspn(s + *skip, "\r\n");
        }
    }
    static const char *keys[] = {"\"token\"", "\"access_token\"", "\"refresh_token\"",
                                 "\"password\""};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        size_t l = strlen(keys[i]);
        if (strncmp(s, keys[i], l) == 0) {
            size_t k = l;
            while (s[k] == ' ' || s[k] == ':')
                k++;
            if (s[k] != '"')
                return 0;
            k++;
            *skip = k;
            return string_value_len(s + k);
        }
    }
    return 0;
}

char *rs_redact(const char *text, char *const *secrets, int nsecrets)
{
    rs_buf out;
    rs_buf_init(&out, (size_t)-1);
    for (const char *s = text; *s;) {
        size_t skip = 0, n;
        /* a header name or JSON key only counts at a word boundary: "X-Authorization" is not one */
        int boundary = s == text || !isalnum((unsigned char)s[-1]);
        if (boundary && (n = sensitive_value(s, &skip)) > 0) {
            rs_buf_cat(&out, s, skip);
            rs_buf_cat(&out, REDACTED, strlen(REDACTED));
            s += skip + n;
        } else if ((n = jwt_len(s)) > 0 || (n = secret_at(s, secrets, nsecrets)) > 0) {
            rs_buf_cat(&out, REDACTED, strlen(REDACTED));
            s += n;
        } else {
            rs_buf_cat(&out, s, 1);
            s++;
        }
    }
    if (out.oom) { /* what could not be redacted is not shown at all */
        rs_buf_free(&out);
        return NULL;
    }
    return out.data ? out.data : strdup("");
}

void rs_trace_add(rs_trace *t, const char *text)
{
    char *r = t->lost ? NULL : rs_redact(text, t->secrets, t->nsecrets);
    if (!r)
        rs_buf_cat(&t->text, "(trace withheld: out of memory while redacting)\n", 49);
    else
        rs_buf_cat(&t->text, r, strlen(r));
    free(r);
}

void rs_trace_free(rs_trace *t)
{
    for (int i = 0; i < t->nsecrets; i++)
        free(t->secrets[i]);
    free(t->secrets);
    rs_buf_free(&t->text);
    t->secrets = NULL;
    t->nsecrets = t->cap = t->lost = 0;
}
