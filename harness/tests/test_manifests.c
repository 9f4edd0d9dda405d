/* Unit tests of the manifest additions: index and list platforms, foreign layers with urls,
 * padding (manifest.c); the SSRF probe (probe.c) and its check; what the loader refuses about
 * them (probe: true, platforms, pad_bytes). */
#include "../checks.h"
#include "../oci.h"
#include "../probe.h"
#include "../scenario.h"
#include "tests.h"

#include <CUnit/Basic.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void test_build_lists(void)
{
    rs_blob l = {.name = "l", .size = 3}, f = {.name = "f", .size = 9};
    snprintf(l.digest, sizeof(l.digest), "sha256:%064d", 1);
    snprintf(f.digest, sizeof(f.digest), "sha256:%064d", 2);
    rs_manifest_spec m = {.media_type = "docker_list", .nmanifests = 2};
    m.manifests[0].digest = l.digest;
    m.manifests[0].media_type = "application/vnd.docker.distribution.manifest.v2+json";
    m.manifests[1] = m.manifests[0];
    m.platforms[0] = "linux/amd64";
    m.platforms[1] = "linux/arm64/v8";
    const char *ct = NULL;
    char *body = rs_manifest_build(&m, &ct);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    CU_ASSERT_STRING_EQUAL(ct, "application/vnd.docker.distribution.manifest.list.v2+json");
    CU_ASSERT_PTR_NOT_NULL(strstr(
        body, "\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "{\"architecture\":\"amd64\",\"os\":\"linux\"}"));
    free(body);
    rs_manifest_spec o = {.media_type = "oci",
                          .layers = {&l},
                          .nlayers = 1,
                          .foreign = {&f},
                          .nforeign = 1,
                          .urls = {"http://127.0.0.1:1/x"},
                          .nurls = 1};
    body = rs_manifest_build(&o, &ct);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "application/vnd.oci.image.layer.nondistributable.v1.tar"
                                        "+gzip\",\"digest\":\"sha256:0000"));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "\"urls\":[\"http://127.0.0.1:1/x\"]"));
    free(body);
    o.media_type = "docker";
    o.pad_bytes = 5000000;
    body = rs_manifest_build(&o, &ct);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(body, "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip"));
    CU_ASSERT_TRUE(strlen(body) > 5000000 && strlen(body) < 5001000);
    free(body);
}

/* One HTTP request to url's port; the status line's code, or -1. */
static int request_probe(const char *url)
{
    const char *port = strrchr(url, ':');
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_port = htons((unsigned short)atoi(port + 1));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0), code = -1;
    char buf[256] = "";
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0) {
        const char req[] = "GET /layer HTTP/1.1\r\nHost: x\r\n\r\n";
        if (send(fd, req, sizeof(req) - 1, 0) > 0 && recv(fd, buf, sizeof(buf) - 1, 0) > 12)
            code = atoi(buf + 9);
    }
    if (fd >= 0)
        close(fd);
    return code;
}

static void test_probe(void)
{
    rs_probe *a = NULL, *b = NULL;
    rs_err e;
    CU_ASSERT_EQUAL_FATAL(rs_probe_start(&a, &e), RS_OK);
    CU_ASSERT_EQUAL_FATAL(rs_probe_start(&b, &e), RS_OK);
    CU_ASSERT_STRING_NOT_EQUAL(rs_probe_url(a), rs_probe_url(b)); /* one port per scenario */
    CU_ASSERT_EQUAL(strncmp(rs_probe_url(a), "http://127.0.0.1:", 17), 0);
    CU_ASSERT_EQUAL(rs_probe_count(a), 0);
    CU_ASSERT_EQUAL(request_probe(rs_probe_url(a)), 404);
    CU_ASSERT_EQUAL(request_probe(rs_probe_url(a)), 404);
    CU_ASSERT_EQUAL(rs_probe_count(a), 2);
    CU_ASSERT_EQUAL(rs_probe_count(b), 0);
    char url[64];
    snprintf(url, sizeof(url), "%s", rs_probe_url(a));
    rs_probe_stop(a);
    rs_probe_stop(b);
    rs_probe_stop(NULL);
    CU_ASSERT_EQUAL(request_probe(url), -1); /* closed: nothing listens any more */
}

#define HEAD "id: t\ntitle: t\nlevel: MUST\nrefs: [x]\n"

/* probe_requests passes at the count the probe saw, fails at another. */
static void test_probe_check(void)
{
    rs_scenario *sc = calloc(1, sizeof(*sc));
    rs_target t = {.url = "https://r"};
    rs_run_opts o = {.target = &t, .run_id = "r1"};
    rs_result res = {.outcome = RS_RES_PASS};
    rs_ctx c = {.o = &o, .sc = sc, .res = &res};
    rs_err e;
    rs_buf_init(&res.failures, 4096);
    const char *text = HEAD "probe: true\nsteps:\n"
                            "  - request: {as: owner, method: GET, url: \"${probe.url}/a\"}\n"
                            "    expect: {probe_requests: 1}\n";
    CU_ASSERT_EQUAL_FATAL(rs_scenario_load_mem(sc, "t/t.yaml", text, &e), RS_OK);
    CU_ASSERT_EQUAL_FATAL(rs_probe_start(&c.probe, &e), RS_OK);
    rs_stepout so = {.resp = {.status = 404}};
    rs_checks_run(&c, &sc->steps[0], 0, &so);
    CU_ASSERT_EQUAL(res.failed_checks, 1); /* nothing reached it yet */
    CU_ASSERT_EQUAL(request_probe(rs_probe_url(c.probe)), 404);
    rs_checks_run(&c, &sc->steps[0], 0, &so);
    CU_ASSERT_EQUAL(res.failed_checks, 1); /* no new failure: one request seen */
    rs_probe_stop(c.probe);
    rs_vars_free(&c.vars);
    rs_vars_free(&c.unset_why);
    rs_result_free(&res);
    rs_scenario_free(sc);
    free(sc);
}

static void test_load_refusals(void)
{
    static const struct {
        const char *steps, *want;
    } bad[] = {
        {"  - request: {as: owner, method: GET, url: \"${probe.url}\"}\n", "probe: true"},
        {"  - request: {as: owner, method: GET, path: /v2/}\n    expect: {probe_requests: 0}\n",
         "probe: true"},
        {"  - put_manifest: {as: owner, repo: r, manifest: {platforms: [linux]}}\n", "os/arch"},
        {"  - put_manifest: {as: owner, repo: r, manifest: {platforms: [linux//v8]}}\n", "os/arch"},
        {"  - put_manifest: {as: owner, repo: r, manifest: {platforms: [a/b/c/d]}}\n", "os/arch"},
        {"  - put_manifest: {as: owner, repo: r, manifest: {pad_bytes: 0}}\n", "pad_bytes"},
        {"  - put_manifest: {as: owner, repo: r, manifest: {urls: [a, b, c, d, e]}}\n",
         "at most 4"},
        {"  - put_manifest: {as: owner, repo: r, manifest: {foreign_layers: [nope]}}\n", "nope"},
    };
    char text[1024];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        rs_scenario *sc = calloc(1, sizeof(*sc));
        rs_err e = {{0}};
        snprintf(text, sizeof(text), HEAD "blobs: {a: {size: 3}}\nsteps:\n%s", bad[i].steps);
        CU_ASSERT_NOT_EQUAL(rs_scenario_load_mem(sc, "t/t.yaml", text, &e), RS_OK);
        if (!strstr(e.msg, bad[i].want))
            fprintf(stderr, "\n  case %zu: '%s' does not say '%s'\n", i, e.msg, bad[i].want);
        CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, bad[i].want));
        rs_scenario_free(sc);
        free(sc);
    }
    rs_scenario *sc = calloc(1, sizeof(*sc));
    rs_err e = {{0}};
    snprintf(text, sizeof(text),
             HEAD "probe: true\nblobs: {a: {size: 3}}\nsteps:\n"
                  "  - put_manifest: {as: owner, repo: r, manifest: {media_type: docker, "
                  "foreign_layers: [a], urls: [\"${probe.url}/x\"], pad_bytes: 10}}\n"
                  "    expect: {probe_requests: 0}\n");
    CU_ASSERT_EQUAL(rs_scenario_load_mem(sc, "t/t.yaml", text, &e), RS_OK);
    CU_ASSERT_EQUAL(sc->probe, 1);
    rs_scenario_free(sc);
    free(sc);
}

void rs_test_manifests_register(void)
{
    CU_pSuite s = CU_add_suite("manifests", NULL, NULL);
    CU_add_test(s, "manifest: lists with platforms, foreign layers, padding", test_build_lists);
    CU_add_test(s, "probe: one port each, counts requests, closed when stopped", test_probe);
    CU_add_test(s, "probe_requests: passes at the count seen, fails at another", test_probe_check);
    CU_add_test(s, "loader: probe, platforms, pad_bytes, urls refused where wrong",
                test_load_refusals);
}
