/* fixture: read-only setup shared by the scenarios of a run. A scenario's `fixture: NAME` names
 * NAME.fixture.yaml beside it; loading puts its blobs and steps first in the scenario (fixture.c),
 * and a run makes it once, for all its scenarios, and deletes it after the last (fixstore.c). */
#ifndef RS_FIXTURE_H
#define RS_FIXTURE_H

#include "context.h"

/* Loading is in loader.h (rs_fixture_load, rs_fixture_check_reads). */
/* 1 when path names a fixture file (*.fixture.yaml): no scenario, the plan skips it */
int rs_fixture_path(const char *path);

/* The run's fixtures (fixstore.c): each made by the first scenario that needs it while the
 * others wait, its outcome given to each of them, and cleaned up by the last of the plan. */
typedef struct rs_fixtures rs_fixtures;

/* What making a fixture left: its variables, manifests, check results, trace, cleanup list. */
typedef struct {
    char path[512];
    char id[96];       /* ${fixture}: unique in the run, like ${run} */
    int planned;       /* scenarios of the plan naming it that have not finished */
    int state;         /* 0 not made, 1 being made, 2 made */
    rs_vars vars;      /* what its steps saved, and fixture */
    rs_vars unset_why; /* what they could not save, and why */
    rs_saved_manifest manifests[RS_MAX_SAVED_MANIFESTS];
    int nmanifests;
    rs_result res;             /* its checks; outcome ERROR: it could not be made (reason) */
    rs_cleanup_entry *cleanup; /* what to delete after its last scenario */
    int ncleanup;
} rs_fixture;

rs_fixtures *rs_fixtures_new(const char *run_id);
void rs_fixtures_free(rs_fixtures *f);
/* The plan's scenario sc will run: counted for its fixture (none: nothing). -1 out of memory. */
int rs_fixtures_plan(rs_fixtures *f, const rs_scenario *sc) RS_MUST_USE;
/* The fixture of sc, made or being made by another scenario (waited for); *make = 1 when the
 * caller is to make it and then call rs_fixtures_made. NULL when the plan did not count sc. */
rs_fixture *rs_fixtures_claim(rs_fixtures *f, const rs_scenario *sc, int *make);
void rs_fixtures_made(rs_fixtures *f, rs_fixture *x);
/* sc has finished (run, skipped or stopped): its fixture when sc was the last of the plan to
 * use it and it was made -- the caller deletes what it created -- else NULL. */
rs_fixture *rs_fixtures_release(rs_fixtures *f, const rs_scenario *sc);

#endif
