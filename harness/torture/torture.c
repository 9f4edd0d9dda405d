/* torture: the allocation-failure build (make TORTURE=1, build/torture): every malloc, calloc,
 * realloc, strdup and strndup of regsuite's own objects (and cJSON's, through its hooks) is counted
 * and the Nth one fails (RS_TORTURE_FAIL_AT=N; 0 or unset: none fails, the total is printed). */
#include <cjson/cJSON.h>
#include <execinfo.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The linker (-Wl,--wrap=malloc,...) sends the harness's calls here and the __real_ names to libc.
 * The only process-wide state of the build: a test mode, counted atomically for threads. */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static atomic_long rs_torture_count;
static long rs_torture_fail_at; /* set once, before main */
static int rs_torture_trace;    /* RS_TORTURE_TRACE set: the failing call's stack is printed */

/* 1 when this allocation is the one to fail. */
static int rs_torture_fails(void)
{
    long n = atomic_fetch_add(&rs_torture_count, 1) + 1;
    if (rs_torture_fail_at > 0 && n == rs_torture_fail_at) {
        fprintf(stderr, "torture: allocation %ld fails\n", n);
        if (rs_torture_trace) {
            void *frames[16];
            backtrace_symbols_fd(frames, backtrace(frames, 16), 2);
        }
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n)
{
    return rs_torture_fails() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return rs_torture_fails() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
    return rs_torture_fails() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
    return rs_torture_fails() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return rs_torture_fails() ? NULL : __real_strndup(s, n);
}

static void *rs_torture_cjson_malloc(size_t n)
{
    return __wrap_malloc(n);
}

__attribute__((constructor)) static void rs_torture_start(void)
{
    const char *v = getenv("RS_TORTURE_FAIL_AT");
    rs_torture_fail_at = v ? strtol(v, NULL, 10) : 0;
    rs_torture_trace = getenv("RS_TORTURE_TRACE") != NULL;
    cJSON_Hooks hooks = {rs_torture_cjson_malloc, free};
    cJSON_InitHooks(&hooks);
}

__attribute__((destructor)) static void rs_torture_end(void)
{
    if (rs_torture_fail_at <= 0)
        fprintf(stderr, "torture: %ld allocations\n", atomic_load(&rs_torture_count));
}
