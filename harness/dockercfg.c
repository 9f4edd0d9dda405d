#include "dockercfg.h"

#include "fileio.h"
#include "status.h"

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "https://host:5000/x" and "host:5000" name the same registry as "host:5000". */
static int same_host(const char *key, const char *url)
{
    const char *host = strstr(url, "://"), *kh = strstr(key, "://");
    host = host ? host + 3 : url;
    kh = kh ? kh + 3 : key;
    size_t hl = strcspn(host, "/");
    return hl > 0 && strncmp(kh, host, hl) == 0 && (kh[hl] == '\0' || kh[hl] == '/');
}

/* Decodes strict base64 "user:pass" into the buffers; -1 on anything else. */
static int decode_auth(const char *b64, char *user, size_t ulen, char *pass, size_t plen)
{
    unsigned char dec[1024];
    size_t alen = strlen(b64);
    if (alen == 0 || alen % 4 != 0 || alen >= 1360)
        return -1;
    for (size_t i = 0; i < alen; i++) {
        char ch = b64[i];
        int ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
                 ch == '+' || ch == '/' || (ch == '=' && i + 2 >= alen);
        if (!ok)
            return -1;
    }
    int dl = EVP_DecodeBlock(dec, (const unsigned char *)b64, (int)alen);
    while (dl > 0 && alen > 0 && b64[--alen] == '=')
        dl--;
    if (dl <= 0)
        return -1;
    dec[dl] = '\0';
    char *colon = memchr(dec, ':', (size_t)dl);
    int rc = -1;
    if (colon && strlen((char *)dec) == (size_t)dl) {
        *colon = '\0';
        size_t ul = strlen((char *)dec), pl = strlen(colon + 1);
        if (ul > 0 && ul < ulen && pl < plen) {
            memcpy(user, dec, ul + 1);
            memcpy(pass, colon + 1, pl + 1);
            rc = 0;
        }
    }
    memset(dec, 0, sizeof(dec));
    return rc;
}

int rs_docker_auth_parse(const char *json, const char *url, const char *want_user, char *user,
                         size_t ulen, char *pass, size_t plen)
{
    cJSON *j = json ? cJSON_Parse(json) : NULL;
    const cJSON *auths = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "auths") : NULL;
    const cJSON *e;
    int rc = -1;
    if (!cJSON_IsObject(auths)) {
        cJSON_Delete(j);
        return -1;
    }
    cJSON_ArrayForEach(e, auths)
    {
        if (!e->string || !cJSON_IsObject(e) || !same_host(e->string, url))
            continue;
        const cJSON *au = cJSON_GetObjectItemCaseSensitive(e, "auth");
        char u[256], p[512];
        if (!cJSON_IsString(au) || !au->valuestring ||
            decode_auth(au->valuestring, u, sizeof(u), p, sizeof(p)) != 0)
            continue;
        if (!want_user || !want_user[0] || strcmp(want_user, u) == 0) {
            rc = snprintf(user, ulen, "%s", u) < (int)ulen &&
                         snprintf(pass, plen, "%s", p) < (int)plen
                     ? 0
                     : -1;
        }
        memset(p, 0, sizeof(p));
        break;
    }
    cJSON_Delete(j);
    return rc;
}

int rs_docker_auth_lookup(const char *url, const char *want_user, char *user, size_t ulen,
                          char *pass, size_t plen)
{
    const char *home = getenv("DOCKER_CONFIG");
    char path[1024];
    if (home)
        snprintf(path, sizeof(path), "%s/config.json", home);
    else if ((home = getenv("HOME")))
        snprintf(path, sizeof(path), "%s/.docker/config.json", home);
    else
        return -1;
    rs_err ferr;
    char *buf = rs_read_file(path, 1 << 20, NULL, &ferr); /* absent or unreadable: none */
    int rc = buf ? rs_docker_auth_parse(buf, url, want_user, user, ulen, pass, plen) : -1;
    if (buf) {
        memset(buf, 0, strlen(buf));
        free(buf);
    }
    return rc;
}
