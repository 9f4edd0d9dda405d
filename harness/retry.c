#include "retry.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const DAYS[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const LONG_DAYS[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};

static int month_of(const char *m)
{
    for (int i = 0; i < 12; i++)
        if (strcmp(m, MONTHS[i]) == 0)
            return i;
    return -1;
}

static int day_ok(const char *d, const char *const *names)
{
    for (int i = 0; i < 7; i++)
        if (strcmp(d, names[i]) == 0)
            return 1;
    return 0;
}

typedef struct {
    char wd[16], mon[8], zone[8];
    int d, y, hh, mm, ss;
} date_parts;

/* "Sun, 06 Nov 1994 08:49:37 GMT" */
static int imf_fixdate(const char *s, date_parts *t)
{
    int n = -1;
    return sscanf(s, "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d %3[A-Z]%n", t->wd, &t->d, t->mon,
                  &t->y, &t->hh, &t->mm, &t->ss, t->zone, &n) == 8 &&
           n > 0 && !s[n] && day_ok(t->wd, DAYS) && strcmp(t->zone, "GMT") == 0;
}

/* "Sunday, 06-Nov-94 08:49:37 GMT" (obsolete RFC 850 form) */
static int rfc850_date(const char *s, date_parts *t)
{
    int n = -1;
    if (sscanf(s, "%9[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d %3[A-Z]%n", t->wd, &t->d, t->mon,
               &t->y, &t->hh, &t->mm, &t->ss, t->zone, &n) != 8 ||
        n <= 0 || s[n] || !day_ok(t->wd, LONG_DAYS) || strcmp(t->zone, "GMT") != 0)
        return 0;
    t->y += t->y < 70 ? 2000 : 1900; /* the 50-years rule, for any date a registry would send */
    return 1;
}

/* "Sun Nov  6 08:49:37 1994" (asctime form) */
static int asctime_date(const char *s, date_parts *t)
{
    int n = -1;
    return sscanf(s, "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", t->wd, t->mon, &t->d, &t->hh,
                  &t->mm, &t->ss, &t->y, &n) == 7 &&
           n > 0 && !s[n] && day_ok(t->wd, DAYS);
}

/* The time an HTTP-date names, or -1 (RFC 9110 5.6.7: names are case-sensitive, the zone GMT). */
static time_t http_date(const char *s)
{
    date_parts t = {.d = 0};
    if (!imf_fixdate(s, &t) && !rfc850_date(s, &t) && !asctime_date(s, &t))
        return -1;
    int m = month_of(t.mon);
    if (m < 0 || t.d < 1 || t.d > 31 || t.hh < 0 || t.hh > 23 || t.mm < 0 || t.mm > 59 ||
        t.ss < 0 || t.ss > 60 || t.y < 1900)
        return -1;
    struct tm tm = {.tm_year = t.y - 1900,
                    .tm_mon = m,
                    .tm_mday = t.d,
                    .tm_hour = t.hh,
                    .tm_min = t.mm,
                    .tm_sec = t.ss};
    return timegm(&tm);
}

long rs_retry_after(const char *v, time_t now)
{
    if (!v)
        return -1;
    while (*v == ' ' || *v == '\t')
        v++;
    size_t len = strlen(v);
    while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
        len--;
    if (len == 0 || len > 64)
        return -1;
    char s[65];
    memcpy(s, v, len);
    s[len] = '\0';
    if (isdigit((unsigned char)s[0])) {
        long secs = 0;
        for (const char *p = s; *p; p++) {
            if (!isdigit((unsigned char)*p))
                return -1;
            secs = secs > RS_RETRY_FAR / 10 ? RS_RETRY_FAR : secs * 10 + (*p - '0');
        }
        return secs > RS_RETRY_FAR ? RS_RETRY_FAR : secs;
    }
    time_t t = http_date(s);
    if (t == (time_t)-1)
        return -1;
    if (t <= now)
        return 0;
    return t - now > RS_RETRY_FAR ? RS_RETRY_FAR : (long)(t - now);
}

/* The path of url (after scheme and authority, before the query). */
static const char *path_of(const char *url, size_t *len)
{
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    if (!p)
        p = "";
    *len = strcspn(p, "?#");
    return p;
}

rs_retry_kind rs_retry_kind_of(const char *method, const char *url)
{
    static const char *const IDEMPOTENT[] = {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"};
    for (size_t i = 0; i < sizeof(IDEMPOTENT) / sizeof(IDEMPOTENT[0]); i++)
        if (strcmp(method, IDEMPOTENT[i]) == 0)
            return RS_RETRY_RESEND;
    if (strcmp(method, "PATCH") == 0)
        return RS_RETRY_RECHECK;
    size_t n;
    const char *p = path_of(url ? url : "", &n);
    static const char UP[] = "/blobs/uploads/";
    if (strcmp(method, "POST") == 0 && n > sizeof(UP) - 1 && strncmp(p, "/v2/", 4) == 0 &&
        strncmp(p + n - (sizeof(UP) - 1), UP, sizeof(UP) - 1) == 0)
        return RS_RETRY_RESEND;
    return RS_RETRY_NEVER;
}

double rs_retry_wait(const char *ra, int n, double cap, time_t now, char *why, size_t len)
{
    long secs = ra ? rs_retry_after(ra, now) : -1;
    if (secs >= 0) {
        snprintf(why, len, "Retry-After: %.80s", ra);
        return (double)secs > cap ? -1 : (double)secs;
    }
    double backoff = 1;
    for (int i = 1; i < n && backoff < cap; i++)
        backoff *= 2;
    if (backoff > cap)
        backoff = cap;
    if (ra)
        snprintf(why, len, "Retry-After '%.80s' unreadable: backoff", ra);
    else
        snprintf(why, len, "no Retry-After: backoff");
    return backoff;
}

const char *rs_retry_reason(long status)
{
    return status == 429 ? "Too Many Requests" : status == 503 ? "Service Unavailable" : "";
}
