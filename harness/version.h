/* version: regsuite's version, in the User-Agent and every JSON report (merge refuses to join
 * reports of different versions). */
#ifndef RS_VERSION_H
#define RS_VERSION_H

#ifndef RS_VERSION
#define RS_VERSION "0.1"
#endif

#endif
