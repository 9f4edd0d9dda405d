/* url: RFC 3986 reference resolution (section 5.2), origins, and query parameters added with the
 * right separator. No libcurl URL parsing: the rules are ours and unit-tested. */
#include "http.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *s;
    size_t n;
    int def; /* the component is present (an empty query "?" is present) */
} part;

typedef struct {
    part scheme, auth, path, query;
} uri;

/* Splits s into scheme, authority, path and query (RFC 3986 appendix B); the fragment is
 * dropped. */
static void uri_split(const char *s, uri *u)
{
    memset(u, 0, sizeof(*u));
    const char *p = s;
    if (isalpha((unsigned char)*p)) {
        const char *q = p;
        while (isalnum((unsigned char)*q) || *q == '+' || *q == '-' || *q == '.')
            q++;
        if (*q == ':')
            u->scheme = (part){p, (size_t)(q - p), 1}, p = q + 1;
    }
    if (p[0] == '/' && p[1] == '/') {
        p += 2;
        size_t n = strcspn(p, "/?#");
        u->auth = (part){p, n, 1};
        p += n;
    }
    size_t n = strcspn(p, "?#");
    u->path = (part){p, n, 1};
    p += n;
    if (*p == '?') {
        p++;
        u->query = (part){p, strcspn(p, "#"), 1};
    }
}

/* RFC 3986 5.2.4: in (changed while working) with its dot segments removed, into out (at least
 * strlen(in) + 1 bytes). */
static void remove_dots(char *in, char *out)
{
    size_t o = 0;
    while (*in) {
        if (strncmp(in, "../", 3) == 0)
            in += 3;
        else if (strncmp(in, "./", 2) == 0 || strncmp(in, "/./", 3) == 0)
            in += 2;
        else if (strcmp(in, "/.") == 0)
            in[1] = '/', in += 1;
        else if (strncmp(in, "/../", 4) == 0 || strcmp(in, "/..") == 0) {
            in += in[3] ? 3 : 2;
            in[0] = '/';
            while (o > 0 && out[--o] != '/')
                ;
        } else if (strcmp(in, ".") == 0 || strcmp(in, "..") == 0)
            break;
        else {
            size_t seg = in[0] == '/' ? 1 + strcspn(in + 1, "/") : strcspn(in, "/");
            memcpy(out + o, in, seg);
            o += seg, in += seg;
        }
    }
    out[o] = '\0';
}

/* remove_dots on a copy of the n bytes at s; malloc'd. */
static char *without_dots(const char *s, size_t n)
{
    char *raw = strndup(s ? s : "", n), *out = raw ? malloc(n + 1) : NULL;
    if (out)
        remove_dots(raw, out);
    free(raw);
    return out;
}

/* The merged path of 5.2.3 (before dot removal), malloc'd. */
static char *merge_paths(const uri *b, const part *ref)
{
    size_t keep = 0; /* up to and including the base path's last "/" */
    for (size_t i = 0; i < b->path.n; i++)
        if (b->path.s[i] == '/')
            keep = i + 1;
    char *m = malloc(keep + ref->n + 2);
    if (m)
        snprintf(m, keep + ref->n + 2, "%s%.*s%.*s", b->auth.def && b->path.n == 0 ? "/" : "",
                 (int)keep, b->path.s, (int)ref->n, ref->s);
    return m;
}

/* 5.2.2: the target's path (dots removed) and query for a reference without scheme/authority. */
static char *target_path(const uri *b, const uri *r, part *query)
{
    *query = r->query;
    if (r->path.n == 0) {
        if (!r->query.def)
            *query = b->query;
        return without_dots(b->path.s, b->path.n);
    }
    if (r->path.s[0] == '/')
        return without_dots(r->path.s, r->path.n);
    char *m = merge_paths(b, &r->path), *out = m ? without_dots(m, strlen(m)) : NULL;
    free(m);
    return out;
}

char *rs_url_resolve(const char *base, const char *location)
{
    if (!base || !location)
        return NULL;
    uri b, r;
    uri_split(base, &b);
    uri_split(location, &r);
    if (!b.scheme.def && !r.scheme.def)
        return NULL; /* the base must be absolute */
    part scheme = r.scheme.def ? r.scheme : b.scheme;
    part auth = r.scheme.def || r.auth.def ? r.auth : b.auth, query = r.query;
    char *path;
    if (r.scheme.def || r.auth.def)
        path = without_dots(r.path.s, r.path.n);
    else
        path = target_path(&b, &r, &query);
    if (!path)
        return NULL;
    size_t len = scheme.n + auth.n + strlen(path) + query.n + 8;
    char *out = malloc(len);
    if (out)
        snprintf(out, len, "%.*s:%s%.*s%s%s%.*s", (int)scheme.n, scheme.s, auth.def ? "//" : "",
                 (int)auth.n, auth.s ? auth.s : "", path, query.def ? "?" : "", (int)query.n,
                 query.s ? query.s : "");
    free(path);
    return out;
}

/* scheme://host:port of url, the port made explicit (80/443 by scheme), lower-cased. */
static int origin_of(const char *url, char *out, size_t len)
{
    uri u;
    uri_split(url, &u);
    if (!u.scheme.def || !u.auth.def)
        return -1;
    const char *at = memchr(u.auth.s, '@', u.auth.n);
    const char *host = at ? at + 1 : u.auth.s;
    size_t hn = u.auth.n - (size_t)(host - u.auth.s);
    const char *colon = NULL;
    for (size_t i = 0; i < hn; i++) /* the port's colon is after any [v6] literal */
        if (host[i] == ':')
            colon = host + i;
        else if (host[i] == ']')
            colon = NULL;
    const char *port = colon ? colon + 1 : NULL;
    size_t pn = colon ? hn - (size_t)(port - host) : 0;
    if (colon)
        hn = (size_t)(colon - host);
    const char *dflt = u.scheme.n == 5 && strncasecmp(u.scheme.s, "https", 5) == 0 ? "443" : "80";
    if (!pn)
        port = dflt, pn = strlen(dflt);
    snprintf(out, len, "%.*s://%.*s:%.*s", (int)u.scheme.n, u.scheme.s, (int)hn, host, (int)pn,
             port);
    for (char *c = out; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return 0;
}

int rs_url_same_origin(const char *a, const char *b)
{
    char oa[1024], ob[1024];
    return origin_of(a, oa, sizeof(oa)) == 0 && origin_of(b, ob, sizeof(ob)) == 0 &&
           strcmp(oa, ob) == 0;
}

char *rs_url_add_query(const char *url, const char *name, const char *value)
{
    char *en = curl_easy_escape(NULL, name, 0), *ev = curl_easy_escape(NULL, value, 0);
    char *out = NULL;
    if (en && ev) {
        size_t frag = strcspn(url, "#"), len = frag + strlen(en) + strlen(ev) + 4;
        const char *q = memchr(url, '?', frag);
        const char *sep = !q ? "?" : (url[frag - 1] == '?' || url[frag - 1] == '&') ? "" : "&";
        if ((out = malloc(len)))
            snprintf(out, len, "%.*s%s%s=%s", (int)frag, url, sep, en, ev);
    }
    curl_free(en);
    curl_free(ev);
    return out;
}

char *rs_url_last_segment(const char *url)
{
    uri u;
    uri_split(url, &u);
    size_t n = u.path.n;
    while (n > 0 && u.path.s[n - 1] == '/')
        n--; /* ".../uploads/<id>/" names <id> */
    size_t start = n;
    while (start > 0 && u.path.s[start - 1] != '/')
        start--;
    return n > start ? strndup(u.path.s + start, n - start) : NULL;
}

/* 1 when the space-separated relation types in v include t (compared without case) */
static int has_type(const char *v, const char *t)
{
    size_t tl = strlen(t);
    for (const char *p = v; *p;) {
        size_t n = strcspn(p, " \t");
        if (n == tl && strncasecmp(p, t, n) == 0)
            return 1;
        p += n;
        p += strspn(p, " \t");
    }
    return 0;
}

/* One link-param at *q (name, then = and a token or quoted string): 1 when it is a rel naming
 * "next"; *q moves past it (always by at least one character). */
static int rel_next_param(const char **q)
{
    const char *p = *q, *name = p;
    while (*p && !strchr("=;, \t", *p))
        p++;
    size_t nlen = (size_t)(p - name);
    p += strspn(p, " \t");
    char val[256];
    size_t vl = 0, cut = 0; /* a value longer than val is no relation type regsuite knows */
    if (*p == '=') {
        p++;
        p += strspn(p, " \t");
        int quoted = *p == '"';
        p += quoted;
        while (*p && (quoted ? *p != '"' : !strchr(";, \t", *p))) {
            if (quoted && *p == '\\' && p[1])
                p++;
            if (vl < sizeof(val) - 1)
                val[vl++] = *p;
            else
                cut = 1;
            p++;
        }
        p += quoted && *p == '"';
    }
    val[vl] = '\0';
    *q = p > *q ? p : *q + 1;
    return nlen == 3 && strncasecmp(name, "rel", 3) == 0 && !cut && has_type(val, "next");
}

char *rs_link_next(const char *h)
{
    const char *p = h;
    while (p && *p) {
        const char *lt = strchr(p, '<'), *gt = lt ? strchr(lt + 1, '>') : NULL;
        if (!gt)
            return NULL;
        const char *q = gt + 1;
        int next = 0;
        while (*q && *q != ',') { /* the params, up to the comma that ends this link-value */
            q += strspn(q, " \t;");
            if (*q && *q != ',')
                next |= rel_next_param(&q);
        }
        if (next)
            return strndup(lt + 1, (size_t)(gt - lt - 1));
        p = q;
    }
    return NULL;
}
