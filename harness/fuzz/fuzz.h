/* fuzz: what the libFuzzer targets share. Each target is one file, fuzz_<name>.c, defining
 * LLVMFuzzerTestOneInput around one parser of hostile input from the harness or authd. */
#ifndef RS_FUZZ_H
#define RS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (malloc'd; NULL when out of memory). An embedded NUL ends
 * the text early, as it would for the C string the harness gets from libcurl or libyaml. */
static inline char *rs_fuzz_str(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

#endif
