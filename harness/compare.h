/* compare: `regsuite expect` (compare.c) and `regsuite detect` (detect.c); each returns an exit
 * code (exitcode.h). compare.c also reads JSON reports for both. */
#ifndef RS_COMPARE_H
#define RS_COMPARE_H

#include <cjson/cJSON.h>

/* argv: the arguments after the command word. */
int rs_cmd_expect(int argc, char **argv);
int rs_cmd_detect(int argc, char **argv);

/* A regsuite JSON report (an object with a results array), or NULL with a message on stderr. */
cJSON *rs_report_read(const char *path);
/* A string member of an object, or "" for anything else (a report of the wrong shape). */
const char *rs_jstr(const cJSON *o, const char *k);

#endif
