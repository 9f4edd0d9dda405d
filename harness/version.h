/* version: regsuite's version, printed by `regsuite --version` and written into every report.
 * Bumped by hand with each release (the JSON report's schema version is docs/report.schema.json's).
 */
#ifndef RS_VERSION_H
#define RS_VERSION_H

#ifndef RS_VERSION
#define RS_VERSION "0.11.0"
#endif
#define RS_REPORT_FORMAT 2 /* the JSON report's format ("format"); docs/report.schema.json */

#endif
