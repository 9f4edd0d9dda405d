/* compare: `regsuite expect` and `regsuite detect`; each returns an exit code (exitcode.h). */
#ifndef RS_COMPARE_H
#define RS_COMPARE_H

/* argv: the arguments after the command word. */
int rs_cmd_expect(int argc, char **argv);
int rs_cmd_detect(int argc, char **argv);

#endif
