/* Unit tests of the concurrently step (steps_race.c) against a server that never answers: when
 * its steps time out, or the run is stopped, every thread is joined and every connection closed
 * (the process has the threads and file descriptors it had before), within the timeouts. */
#include "../guard.h"
#include "../run.h"
#include "../scenario.h"
#include "tests.h"

#include <CUnit/Basic.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char SCENARIO[] = "id: t\ntitle: t\nlevel: MUST\nrefs: [x]\n"
                               "blobs: {a: {size: 3, seed: 1}}\nsteps:\n"
                               "  - concurrently:\n"
                               "      times: 2\n"
                               "      steps:\n"
                               "        - head_blob: {as: owner, repo: r, blob: a}\n"
                               "        - head_blob: {as: other, repo: r, blob: a}\n"
                               "        - get_blob: {as: owner, repo: r, blob: a}\n"
                               "  - head_blob: {as: owner, repo: r, blob: a}\n";

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

/* A socket on 127.0.0.1 that listens and never accepts: connections complete in its backlog and
 * no byte ever comes back. -1 when it cannot be made. */
static int silent_server(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

/* Runs SCENARIO against the silent server with guard g (may be NULL) into res; the thread and
 * descriptor counts before and after must be equal. */
static void run_silent(rs_guard *g, rs_result *res, double *seconds)
{
    int port = 0, srv = silent_server(&port);
    CU_ASSERT_FATAL(srv >= 0);
    char text[512];
    snprintf(text, sizeof(text),
             "url: http://127.0.0.1:%d\ntimeout: 1\nactors:\n"
             "  owner: {username: alice, password: pw1}\n"
             "  other: {username: mallory, password: pw2}\n",
             port);
    static rs_target t;
    rs_err e = {{0}};
    CU_ASSERT_EQUAL_FATAL(rs_target_load_mem(&t, "t.yaml", text, strlen(text), &e), RS_OK);
    rs_scenario *s = calloc(1, sizeof(*s));
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL_FATAL(rs_scenario_load_mem(s, "t/t.yaml", SCENARIO, &e), RS_OK);
    int threads = entries("/proc/self/task"), fds = entries("/proc/self/fd");
    rs_run_opts o = {.target = &t, .run_id = "rtest", .guard = g};
    double t0 = rs_now();
    rs_run_scenario(&o, s, 0, res);
    *seconds = rs_now() - t0;
    CU_ASSERT_EQUAL(entries("/proc/self/task"), threads); /* every thread joined */
    CU_ASSERT_EQUAL(entries("/proc/self/fd"), fds);       /* every connection closed */
    rs_scenario_free(s);
    free(s);
    close(srv);
}

static void test_timeout_joins_all(void)
{
    rs_result res;
    double secs;
    run_silent(NULL, &res, &secs);
    CU_ASSERT_EQUAL(res.outcome, RS_RES_ERROR);
    if (!strstr(res.reason, "run at once by step 1"))
        fprintf(stderr, "\n  reason: %s\n", res.reason);
    CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "run at once by step 1"));
    CU_ASSERT_TRUE(secs < 15); /* one round of 1 s timeouts at once, not three in a row */
    rs_result_free(&res);
}

static void test_stopped_run_joins_all(void)
{
    rs_guard g; /* the deadline passes while the threads wait on the silent server */
    rs_guard_init(&g, 0, 0.3);
    rs_result res;
    double secs;
    run_silent(&g, &res, &secs);
    CU_ASSERT_EQUAL(res.outcome, RS_RES_ERROR);
    if (!strstr(res.reason, "deadline"))
        fprintf(stderr, "\n  reason: %s (%.2f s)\n", res.reason, secs);
    CU_ASSERT_PTR_NOT_NULL(strstr(res.reason, "deadline"));
    CU_ASSERT_TRUE(secs < 1.0); /* the deadline, not the 1 s timeouts, ended the threads */
    rs_result_free(&res);
}

void rs_test_race_register(void)
{
    CU_pSuite s = CU_add_suite("concurrently", NULL, NULL);
    CU_add_test(s, "steps timing out: threads joined, connections closed", test_timeout_joins_all);
    CU_add_test(s, "the deadline mid-round: threads joined, connections closed",
                test_stopped_run_joins_all);
}
