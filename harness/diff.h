/* diff: `regsuite diff OLD.json NEW.json`: what changed between two runs -- new failures, fixes,
 * changed answers, new and removed scenarios -- as text and JSON; exit 1 when one regressed. */
#ifndef RS_DIFF_H
#define RS_DIFF_H

/* argv: the arguments after the command word. Returns an exit code (exitcode.h): 0 nothing
 * regressed, 1 something did, 2 usage or a report that is not a regsuite JSON report. */
int rs_cmd_diff(int argc, char **argv);

#endif
