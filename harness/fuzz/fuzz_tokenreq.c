/* fuzz_tokenreq: authd's token request as it arrives -- the first line is the Authorization header
 * (rs_basic_parse), the rest the query string or form body (rs_form_parse, then every scope
 * parameter through rs_scope_parse_list and the other parameters looked up, as main.c does). */
#include "fuzz.h"

#include "../../fixtures/authd/request.h"
#include "../../fixtures/authd/scope.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t hlen = nl ? (size_t)(nl - data) : size;
    char *header = rs_fuzz_str(data, hlen);
    rs_form *f = malloc(sizeof(*f));
    rs_scope *scopes = malloc(32 * sizeof(*scopes));
    if (header && f && scopes) {
        char user[64], pass[256], err[160];
        if (rs_basic_parse(header, user, sizeof(user), pass, sizeof(pass)) == 0 &&
            (strlen(user) >= sizeof(user) || strlen(pass) >= sizeof(pass)))
            abort();
        const char *rest = nl ? (const char *)nl + 1 : "";
        size_t rlen = nl ? size - hlen - 1 : 0;
        if (rs_form_parse(rest, rlen, f, err, sizeof(err)) == 0) {
            static const char *keys[] = {"service",     "grant_type",    "client_id",
                                         "username",    "password",      "refresh_token",
                                         "access_type", "offline_token", "kind"};
            for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
                (void)rs_form_get(f, keys[k]);
            for (int i = 0, n = 0; i < f->n; i++)
                if (strcmp(f->key[i], "scope") == 0 && n < 32) {
                    int got =
                        rs_scope_parse_list(f->value[i], scopes + n, 32 - n, err, sizeof(err));
                    n += got > 0 ? got : 0;
                }
        }
    }
    free(scopes);
    free(f);
    free(header);
    return 0;
}
