/* json: building cJSON documents that notice a failed allocation -- each add that cannot attach
 * its item deletes it and marks the builder, so a document is whole or refused, never partial. */
#ifndef RS_JSON_H
#define RS_JSON_H

#include <cjson/cJSON.h>

typedef struct {
    int oom; /* an item could not be created or attached: the document is incomplete */
} rs_json;

/* Attaches item to parent under key (key NULL: appends to the array parent); returns item, or
 * NULL (item deleted, j->oom set) when either is NULL or attaching failed. */
cJSON *rs_json_add(rs_json *j, cJSON *parent, const char *key, cJSON *item);
/* A string member; s NULL adds nothing (as cJSON_AddStringToObject does). */
void rs_json_str(rs_json *j, cJSON *parent, const char *key, const char *s);
void rs_json_num(rs_json *j, cJSON *parent, const char *key, double v);
void rs_json_bool(rs_json *j, cJSON *parent, const char *key, int v);
/* A new object (NULL sets j->oom). */
cJSON *rs_json_obj(rs_json *j);

#endif
