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
    if (t->nsecrets == RS_TRACE_MAX_SECRETS) { /* oldest out: tokens rotate, passwords come first */
        free(t->secrets[4]);
        memmove(&t->secrets[4], &t->secrets[5], sizeof(char *) * (RS_TRACE_MAX_SECRETS - 5));
        t->nsecrets--;
    }
    t->secrets[t->nsecrets] = strdup(secret);
    if (t->secrets[t->nsecrets])
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
            size_t v = 0;
            while (s[k + v] && s[k + v] != '"')
                v += s[k + v] == '\\' && s[k + v + 1] ? 2 : 1;
            *skip = k;
            return v;
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
            rs_buf_add(&out, s, skip);
            rs_buf_add(&out, REDACTED, strlen(REDACTED));
            s += skip + n;
        } else if ((n = jwt_len(s)) > 0 || (n = secret_at(s, secrets, nsecrets)) > 0) {
            rs_buf_add(&out, REDACTED, strlen(REDACTED));
            s += n;
        } else {
            rs_buf_add(&out, s, 1);
            s++;
        }
    }
    if (!out.data)
        return strdup("");
    return out.data;
}

void rs_trace_add(rs_trace *t, const char *text)
{
    char *r = rs_redact(text, t->secrets, t->nsecrets);
    if (r)
        rs_buf_add(&t->text, r, strlen(r));
    free(r);
}

void rs_trace_free(rs_trace *t)
{
    for (int i = 0; i < t->nsecrets; i++)
        free(t->secrets[i]);
    rs_buf_free(&t->text);
    t->nsecrets = 0;
}
