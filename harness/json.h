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

/* cJSON_Parse(text) that tells why it failed: *oom is set when text starts with a well-formed
 * JSON value (as cJSON reads it: nesting up to CJSON_NESTING_LIMIT, \u surrogates paired) and the
 * parse failed all the same -- for want of memory, not because of what the registry sent. */
cJSON *rs_json_parse(const char *text, int *oom);

#endif
