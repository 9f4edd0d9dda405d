#include "json.h"

cJSON *rs_json_add(rs_json *j, cJSON *parent, const char *key, cJSON *item)
{
    int ok = parent && item &&
             (key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item));
    if (ok)
        return item;
    cJSON_Delete(item);
    j->oom = 1;
    return NULL;
}

void rs_json_str(rs_json *j, cJSON *parent, const char *key, const char *s)
{
    if (s)
        rs_json_add(j, parent, key, cJSON_CreateString(s));
}

void rs_json_num(rs_json *j, cJSON *parent, const char *key, double v)
{
    rs_json_add(j, parent, key, cJSON_CreateNumber(v));
}

void rs_json_bool(rs_json *j, cJSON *parent, const char *key, int v)
{
    rs_json_add(j, parent, key, cJSON_CreateBool(v));
}

cJSON *rs_json_obj(rs_json *j)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        j->oom = 1;
    return o;
}
