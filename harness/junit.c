/* junit: the JUnit XML report. Every check evaluated is a testcase of its own, so that a failed
 * check is visible as itself and two runs compare check by check; a skipped scenario, a runtime
 * error and failed cleanup are testcases of the scenario. Secrets were redacted before. */
#include "report.h"
#include "schema.h"
#include "version.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int tests, fails, errors, skips, warns;
    double secs;
} counts;

/* The testcases one result becomes, counted: a failed check of an expected failure (XFAIL) is a
 * skipped testcase; a listed one that passes (XPASS) has a testcase of its own. */
static void count_one(const rs_result *r, counts *c)
{
    c->secs += r->seconds;
    if (r->outcome == RS_RES_SKIP) {
        c->tests++;
        c->skips++;
        return;
    }
    for (int i = 0; i < r->ncr; i++) {
        c->tests++;
        int failed = r->cr[i].verdict == RS_CHECK_FAIL;
        c->fails += failed && r->base != RS_BASE_XFAIL;
        c->skips += failed && r->base == RS_BASE_XFAIL;
        c->warns += r->cr[i].verdict == RS_CHECK_WARN;
    }
    c->tests +=
        (r->outcome == RS_RES_ERROR) + (r->cleanup_failures > 0) + (r->base == RS_BASE_XPASS);
    c->errors += r->outcome == RS_RES_ERROR;
    c->fails += r->base_fails;
}

static counts count(const rs_result *res, int n, const char *suite)
{
    counts c = {0};
    for (int i = 0; i < n; i++)
        if (!suite || strcmp(res[i].sc->suite, suite) == 0)
            count_one(&res[i], &c);
    return c;
}

static void suite_open(rs_buf *b, const rs_target *t, const char *suite, const rs_result *res,
                       int n, const char *partial, const char *stamp, const char *host)
{
    counts c = count(res, n, suite);
    char name[256];
    snprintf(name, sizeof(name), "%s.%s", t->name, suite); /* targets merge without collisions */
    rs_buf_cat(b, "  <testsuite", 12);
    rs_xml_attr(b, "name", name);
    rs_xml_attr(b, "id", name);
    rs_xml_attr(b, "package", t->name);
    rs_xml_attr(b, "timestamp", stamp);
    rs_xml_attr(b, "hostname", host);
    rs_buf_catf(b, " tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n",
                c.tests, c.fails, c.errors, c.skips, c.secs);
    rs_buf_cat(b, "    <properties><property name=\"target\"", 39);
    rs_xml_attr(b, "value", t->name);
    rs_buf_cat(b, "/><property name=\"registry\"", 27);
    rs_xml_attr(b, "value", t->registry[0] ? t->registry : "unknown");
    if (n > 0) {
        rs_buf_cat(b, "/><property name=\"spec\"", 23);
        rs_xml_attr(b, "value", RS_SPECS[res[0].sc->spec].name);
    }
    rs_buf_cat(b, "/><property name=\"url\"", 22);
    rs_xml_attr(b, "value", t->url);
    rs_buf_cat(b, "/><property name=\"regsuite_version\"", 35);
    rs_xml_attr(b, "value", RS_VERSION);
    rs_buf_catf(b, "/><property name=\"warnings\" value=\"%d\"", c.warns);
    if (partial) {
        rs_buf_cat(b, "/><property name=\"partial\"", 26);
        rs_xml_attr(b, "value", partial);
    }
    rs_buf_cat(b, "/></properties>\n", 16);
}

/* <testcase classname=target.suite.scenario name=... time=...>: only the attributes Jenkins'
 * schema accepts (docs/junit.xsd); the scenario file and line are in the failure's text. */
static void case_open(rs_buf *b, const rs_target *t, const rs_result *r, const char *name,
                      double secs)
{
    char cls[512];
    snprintf(cls, sizeof(cls), "%s.%s.%s", t->name, r->sc->suite, r->sc->id);
    rs_buf_cat(b, "    <testcase", 13);
    rs_xml_attr(b, "classname", cls);
    rs_xml_attr(b, "name", name);
    rs_buf_catf(b, " time=\"%.3f\">\n", secs);
}

/* The trace goes with the first testcase of a scenario that failed or errored. */
static void system_out(rs_buf *b, const char *warning, const char *trace)
{
    if (!warning && !trace)
        return;
    rs_buf_cat(b, "      <system-out>", 18);
    if (warning) {
        rs_buf_cat(b, "WARNING (a SHOULD or MAY check not met; not failing the run): ", 62);
        rs_xml_escape(b, warning);
    }
    if (trace) {
        rs_buf_cat(b, "HTTP trace (credentials redacted):\n", 35);
        rs_xml_escape(b, trace);
    }
    rs_buf_cat(b, "</system-out>\n", 14);
}

static void check_case(rs_buf *b, const rs_target *t, const rs_result *r, const rs_check_result *k,
                       const char **trace)
{
    const rs_step *s = &r->sc->steps[k->step];
    char name[512];
    snprintf(name, sizeof(name), "step %d: %s: %s", k->step + 1,
             s->name[0] ? s->name : s->kind->name, k->check);
    case_open(b, t, r, name, 0);
    if (k->verdict == RS_CHECK_FAIL && r->base == RS_BASE_XFAIL) {
        rs_buf_cat(b, "      <skipped", 14);
        rs_xml_attr(b, "message", r->base_note);
        rs_buf_cat(b, ">", 1);
        rs_xml_escape(b, k->message);
        rs_buf_cat(b, "</skipped>\n", 11);
    } else if (k->verdict == RS_CHECK_FAIL) {
        char first[512];
        snprintf(first, sizeof(first), "%.*s", (int)strcspn(k->message, "\n"), k->message);
        rs_buf_cat(b, "      <failure", 14);
        rs_xml_attr(b, "message", first);
        rs_xml_attr(b, "type", rs_level_name(k->level));
        rs_buf_cat(b, ">", 1);
        rs_xml_escape(b, k->message);
        rs_buf_cat(b, "refs: ", 6);
        rs_xml_escape(b, r->sc->refs);
        if (r->base_note[0]) {
            rs_buf_cat(b, "\n", 1);
            rs_xml_escape(b, r->base_note);
        }
        if (r->trace_file[0]) {
            rs_buf_cat(b, "\ntrace: ", 8);
            rs_xml_escape(b, r->trace_file);
        }
        rs_buf_cat(b, "</failure>\n", 11);
    }
    system_out(b, k->verdict == RS_CHECK_WARN ? k->message : NULL,
               k->verdict == RS_CHECK_FAIL ? *trace : NULL);
    if (k->verdict == RS_CHECK_FAIL)
        *trace = NULL;
    rs_buf_cat(b, "    </testcase>\n", 16);
}

/* What the scenario itself contributes: a skip, a runtime error, failed cleanup. */
static void scenario_case(rs_buf *b, const rs_target *t, const rs_result *r, const char *what,
                          const char **trace)
{
    char name[512];
    snprintf(name, sizeof(name), "%s: %s", r->sc->id, what);
    case_open(b, t, r, name, r->seconds);
    if (r->base == RS_BASE_XPASS) {
        rs_buf_catf(b, "      <%s", r->base_fails ? "failure" : "system-out");
        if (r->base_fails) {
            rs_xml_attr(b, "message", r->base_note);
            rs_xml_attr(b, "type", "XPASS");
            rs_buf_cat(b, "/>\n", 3);
        } else {
            rs_buf_cat(b, ">XPASS: ", 8);
            rs_xml_escape(b, r->base_note);
            rs_buf_cat(b, "</system-out>\n", 14);
        }
    } else if (r->outcome == RS_RES_SKIP || r->outcome == RS_RES_ERROR) {
        rs_buf_catf(b, "      <%s", r->outcome == RS_RES_ERROR ? "error" : "skipped");
        rs_xml_attr(b, "message", r->reason);
        if (r->outcome == RS_RES_ERROR)
            rs_xml_attr(b, "type", "runtime");
        rs_buf_cat(b, "/>\n", 3);
    }
    system_out(b, strcmp(what, "cleanup") == 0 ? rs_buf_str(&r->failures) : NULL,
               r->outcome == RS_RES_ERROR ? *trace : NULL);
    if (r->outcome == RS_RES_ERROR)
        *trace = NULL;
    rs_buf_cat(b, "    </testcase>\n", 16);
}

static void scenario_cases(rs_buf *b, const rs_target *t, const rs_result *r)
{
    const char *trace = r->trace && r->trace[0] ? r->trace : NULL;
    if (r->outcome == RS_RES_SKIP) {
        scenario_case(b, t, r, "skipped", &trace);
        return;
    }
    for (int i = 0; i < r->ncr; i++)
        check_case(b, t, r, &r->cr[i], &trace);
    if (r->base == RS_BASE_XPASS)
        scenario_case(b, t, r, "listed expected failure passes (XPASS)", &trace);
    if (r->outcome == RS_RES_ERROR)
        scenario_case(b, t, r, "runtime error", &trace);
    else if (r->cleanup_failures)
        scenario_case(b, t, r, "cleanup", &trace);
}

rs_status rs_report_junit(const char *path, const rs_target *t, const rs_result *res, int n,
                          const char *partial, rs_err *err)
{
    rs_buf b;
    char stamp[32] = "", host[256] = "localhost";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
    if (gethostname(host, sizeof(host) - 1) != 0)
        snprintf(host, sizeof(host), "localhost");
    rs_buf_init(&b, (size_t)512 * 1024 * 1024);
    counts all = count(res, n, NULL);
    rs_buf_cat(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", 50);
    rs_xml_attr(&b, "name", "regsuite");
    rs_buf_catf(&b, " tests=\"%d\" failures=\"%d\" errors=\"%d\" time=\"%.3f\">\n", all.tests,
                all.fails, all.errors, all.secs); /* Jenkins' schema: no skipped here */
    for (int i = 0; i < n; i++) {
        int first = 1; /* the first result of its suite opens the suite */
        for (int k = 0; k < i && first; k++)
            first = strcmp(res[k].sc->suite, res[i].sc->suite) != 0;
        if (!first)
            continue;
        suite_open(&b, t, res[i].sc->suite, res, n, partial, stamp, host);
        for (int j = i; j < n; j++)
            if (strcmp(res[j].sc->suite, res[i].sc->suite) == 0)
                scenario_cases(&b, t, &res[j]);
        rs_buf_cat(&b, "  </testsuite>\n", 15);
    }
    rs_buf_cat(&b, "</testsuites>\n", 14);
    return rs_report_write_buf(path, &b, err);
}
