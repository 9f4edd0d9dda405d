#include "probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PROBE_READ_MS 2000 /* one connection is read for at most this long */
#define PROBE_TICK_MS 1000 /* the thread looks at its stop pipe at least this often */

struct rs_probe {
    int lfd;     /* the listening socket */
    int wake[2]; /* a byte written to wake[1] stops the thread */
    pthread_t thread;
    atomic_long count;
    char url[64];
};

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads the request head (bounded in time and size), answers 404 and closes fd. */
static void serve(int fd, int wake)
{
    char buf[8192];
    size_t got = 0;
    long end = now_ms() + PROBE_READ_MS;
    for (long left; (left = end - now_ms()) > 0 && got < sizeof(buf) - 1;) {
        struct pollfd p[2] = {{fd, POLLIN, 0}, {wake, POLLIN, 0}};
        if (poll(p, 2, (int)left) <= 0 || p[1].revents)
            break;
        ssize_t n = recv(fd, buf + got, sizeof(buf) - 1 - got, 0);
        if (n <= 0)
            break;
        got += (size_t)n;
        buf[got] = '\0';
        if (strstr(buf, "\r\n\r\n"))
            break;
    }
    static const char answer[] = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                                 "Connection: close\r\n\r\n";
    (void)!send(fd, answer, sizeof(answer) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
    close(fd);
}

static void *probe_main(void *arg)
{
    rs_probe *p = arg;
    for (;;) {
        struct pollfd f[2] = {{p->lfd, POLLIN, 0}, {p->wake[0], POLLIN, 0}};
        int n = poll(f, 2, PROBE_TICK_MS);
        if (n < 0 && errno != EINTR)
            break;
        if (n > 0 && f[1].revents)
            break;
        if (n <= 0 || !(f[0].revents & POLLIN))
            continue;
        int c = accept(p->lfd, NULL, NULL);
        if (c < 0)
            continue;
        atomic_fetch_add(&p->count, 1);
        serve(c, p->wake[0]);
    }
    return NULL;
}

static rs_status probe_listen(rs_probe *p, rs_err *err)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    socklen_t al = sizeof(a);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if ((p->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) < 0 ||
        bind(p->lfd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(p->lfd, 16) != 0 ||
        getsockname(p->lfd, (struct sockaddr *)&a, &al) != 0)
        return rs_errf(err, RS_ERR_IO, "probe: cannot listen on 127.0.0.1: %s", strerror(errno));
    snprintf(p->url, sizeof(p->url), "http://127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
    return RS_OK;
}

static void probe_close(rs_probe *p)
{
    if (p->lfd >= 0)
        close(p->lfd);
    if (p->wake[0] >= 0)
        close(p->wake[0]);
    if (p->wake[1] >= 0)
        close(p->wake[1]);
    free(p);
}

rs_status rs_probe_start(rs_probe **out, rs_err *err)
{
    rs_probe *p = calloc(1, sizeof(*p));
    *out = NULL;
    if (!p)
        return rs_errf(err, RS_ERR_NOMEM, "probe: out of memory");
    p->lfd = p->wake[0] = p->wake[1] = -1;
    atomic_init(&p->count, 0);
    rs_status st = probe_listen(p, err);
    if (st == RS_OK && pipe2(p->wake, O_CLOEXEC) != 0)
        st = rs_errf(err, RS_ERR_IO, "probe: pipe: %s", strerror(errno));
    if (st == RS_OK && pthread_create(&p->thread, NULL, probe_main, p) != 0)
        st = rs_errf(err, RS_ERR_IO, "probe: cannot start its thread");
    if (st != RS_OK) {
        probe_close(p);
        return st;
    }
    *out = p;
    return RS_OK;
}

const char *rs_probe_url(const rs_probe *p)
{
    return p->url;
}

long rs_probe_count(const rs_probe *p)
{
    return atomic_load(&((rs_probe *)p)->count);
}

void rs_probe_stop(rs_probe *p)
{
    if (!p)
        return;
    (void)!write(p->wake[1], "x", 1);
    pthread_join(p->thread, NULL);
    probe_close(p);
}
