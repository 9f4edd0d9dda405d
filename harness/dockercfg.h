/* dockercfg: credentials from a Docker client config (~/.docker/config.json or $DOCKER_CONFIG).
 * Any shape is accepted without crashing: what is not {"auths": {"host": {"auth": "base64"}}}
 * simply yields no credentials. */
#ifndef RS_DOCKERCFG_H
#define RS_DOCKERCFG_H

#include <stddef.h>

/* Finds the entry of json's "auths" whose key names url's host[:port] and decodes its "auth"
 * (base64 "user:password"). When want_user is non-empty, only that user's entry counts.
 * 0 and user/pass filled, or -1 (no such entry, wrong shape, not base64, too long). */
int rs_docker_auth_parse(const char *json, const char *url, const char *want_user, char *user,
                         size_t ulen, char *pass, size_t plen);
/* The same from the config file on disk; -1 when absent or unreadable. */
int rs_docker_auth_lookup(const char *url, const char *want_user, char *user, size_t ulen,
                          char *pass, size_t plen);

#endif
