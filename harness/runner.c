#include "checks.h"
#include "fileio.h"
#include "fixture.h"
#include "saves.h"
#include "steps.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *rs_outcome_name(rs_outcome o)
{
    static const char *n[] = {"PASS", "FAIL", "WARN", "SKIP", "ERROR"};
    return n[o];
}

void rs_result_free(rs_result *r)
{
    for (int i = 0; i < r->ncr; i++)
        free(r->cr[i].message);
    free(r->cr);
    r->cr = NULL;
    r->ncr = r->capcr = 0;
    rs_buf_free(&r->failures);
    rs_buf_free(&r->steplog);
    free(r->trace);
    r->trace = NULL;
}

static rs_status set_var(rs_ctx *c, const char *name, const char *value)
{
    return rs_vars_set(&c->vars, name, value) == 0 ? RS_OK : RS_ERR_NOMEM;
}

/* rs_blob_digest_until's stop: the run's guard (signal, deadline, unresponsive). */
static int guard_stops(void *guard)
{
    return rs_guard_check(guard) != RS_STOP_NONE;
}

/* The run id goes into the seed: blobs differ between runs, so runs never share. */
static uint64_t run_seed(const char *run_id, uint64_t seed)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *q = run_id; *q; q++)
        h = (h ^ (unsigned char)*q) * 1099511628211ull;
    return seed ^ h;
}

static rs_status setup_blob(rs_ctx *c, const rs_blob_spec *bs, rs_blob *b, rs_err *err)
{
    const char *path =
        bs - c->sc->blobs < c->sc->nfixture_blobs ? c->sc->fixture_path : c->sc->path;
    rs_algo al = bs->sha512 ? RS_SHA512 : RS_SHA256;
    char *x = NULL;
    size_t len = 0;
    rs_err fe;
    if (bs->source == RS_BLOB_CONTENT) {
        rs_status st = rs_expand(&c->vars, bs->text, &x, &fe);
        if (st != RS_OK)
            return rs_errf(err, st, "%s:%d:%d: blob %s: %s", path, bs->line, bs->col, bs->name,
                           fe.msg);
        len = strlen(x);
    } else if (bs->source == RS_BLOB_FILE) { /* real bytes from a file (a gzip layer), whole */
        if (!(x = rs_read_file(bs->text, 64u << 20, &len, &fe)))
            return rs_errf(err, RS_ERR_IO, "%s:%d:%d: blob %s: %s", path, bs->line, bs->col,
                           bs->name, fe.msg);
    }
    if (x) {
        int rc = rs_blob_set_literal(b, bs->name, x, len, al);
        free(x);
        if (rc)
            rs_blob_free(b); /* not counted in nblobs: freed here */
        return rc ? rs_errf(err, RS_ERR_NOMEM, "out of memory") : RS_OK;
    }
    snprintf(b->name, sizeof(b->name), "%s", bs->name);
    b->size = bs->size;
    b->seed = run_seed(c->o->run_id, bs->seed);
    b->algo = al;
    int rc = rs_blob_digest_until(b, guard_stops, c->o->guard);
    if (rc == 1) {
        char why[256];
        return rs_errf(err, RS_ERR_STOPPED, "not run: stopped while hashing blob %s: %s", bs->name,
                       rs_guard_reason(c->o->guard, why, sizeof(why)));
    }
    return rc != 0 ? rs_errf(err, RS_ERR_NOMEM, "cannot hash blob %s", bs->name) : RS_OK;
}

/* The scenario's first n blobs (a fixture's: nfixture_blobs; all: nblobs). */
static rs_status setup_blobs(rs_ctx *c, int n, rs_err *err)
{
    for (int i = 0; i < n; i++) {
        rs_blob *b = &c->blobs[c->nblobs];
        rs_status st = setup_blob(c, &c->sc->blobs[i], b, err);
        if (st != RS_OK)
            return st;
        c->nblobs++;
        char k[96], sz[32];
        snprintf(k, sizeof(k), "digest.%s", b->name);
        if ((st = set_var(c, k, b->digest)) != RS_OK)
            return rs_errf(err, st, "out of memory");
        snprintf(k, sizeof(k), "size.%s", b->name);
        snprintf(sz, sizeof(sz), "%" PRIu64, b->size);
        if ((st = set_var(c, k, sz)) != RS_OK)
            return rs_errf(err, st, "out of memory");
    }
    return RS_OK;
}

/* Why the scenario cannot run on this target (a feature, an actor, a namespace it lacks). */
static int should_skip(const rs_ctx *c, char *why, size_t len)
{
    const rs_target *t = c->o->target;
    const rs_scenario *sc = c->sc;
    for (int i = 0; i < sc->nrequires; i++)
        if (!rs_target_has(t, sc->requires[i])) {
            snprintf(why, len, "the target does not declare feature '%s'", sc->requires[i]);
            return 1;
        }
    for (int r = 0; r < RS_ROLE_COUNT; r++)
        if (sc->roles_used[r] && !c->has_actor[r]) {
            snprintf(why, len, "the target has no actor '%s'", RS_ROLE_NAMES[r]);
            return 1;
        }
    for (int i = 0; i < sc->nns_used; i++)
        if (!rs_target_ns(t, sc->ns_used[i])) {
            snprintf(why, len, "the target has no namespace '%s'", sc->ns_used[i]);
            return 1;
        }
    return 0;
}

/* when: {var: value | [values]}: every variable must equal one of its values. 1 holds, 0 does
 * not, -1 a variable has no value (a failed check is recorded). */
static int when_holds(rs_ctx *c, const rs_step *s, int idx)
{
    for (int i = 0; i < s->nwhens; i++) {
        const rs_when *w = &s->whens[i];
        const char *val = rs_vars_get(&c->vars, w->var);
        if (!val) {
            const char *why = rs_vars_get(&c->unset_why, w->var);
            rs_ctx_fail(c, s, idx, w->line, w->col, "when", "unset", "${%s} has no value: %s",
                        w->var, why ? why : "no earlier step saved it");
            return -1;
        }
        int hit = 0;
        for (int j = 0; j < w->values.nitems && !hit; j++) {
            char *want = rs_ctx_expand(c, s, idx, "when", &w->values.items[j], RS_X_ARG);
            if (!want)
                return -1;
            hit = strcmp(want, val) == 0;
            free(want);
        }
        if (!hit)
            return 0;
    }
    return 1;
}

/* A step needing a feature the target does not declare (requires:, or a forged token without
 * features.forged_tokens) is skipped; the scenario's reason names it. 1 when skipped. */
static int step_unsupported(rs_ctx *c, const rs_step *s, int idx)
{
    const rs_target *t = c->o->target;
    const char *missing = NULL;
    if (s->forges && !rs_target_feature(t, "forged_tokens"))
        missing = "forged_tokens";
    const char(*needs)[32] = s->requires; /* (C++ tools read `requires` as a keyword) */
    for (int i = 0; !missing && i < s->nrequires; i++)
        if (!rs_target_has(t, needs[i]))
            missing = needs[i];
    if (!missing)
        return 0;
    char why[160];
    snprintf(why, sizeof(why), "was skipped: the target does not declare feature '%s'", missing);
    rs_saves_skipped(c, s, idx, why);
    size_t n = strlen(c->res->reason);
    snprintf(c->res->reason + n, sizeof(c->res->reason) - n,
             "%sstep %d skipped: the target does not declare feature '%s'", n ? "; " : "", idx + 1,
             missing);
    return 1;
}

/* -v: the step's line, with what came of it (the answer's status, a skip, an error). */
static void step_log(rs_ctx *c, const rs_step *s, int idx, const char *what)
{
    if (!c->o->verbose)
        return;
    rs_buf_catf(&c->res->steplog, "  step %d%s: %s%s%s: %s\n", idx + 1,
                s->in_fixture ? " (fixture, made once for the run)" : "", s->kind->name,
                s->name[0] ? " - " : "", s->name, what);
    const char *n = rs_buf_str(&c->notes); /* its retries (http.c), one line each */
    for (size_t len; *n; n += len + (n[len] == '\n')) {
        len = strcspn(n, "\n");
        rs_buf_catf(&c->res->steplog, "    %.*s\n", (int)len, n);
    }
    rs_buf_free(&c->notes); /* resets it for the next step */
}

/* The saves of step idx and, for a concurrently step, of its steps, with why they have none. */
static void skip_saves(rs_ctx *c, const rs_step *s, int idx, const char *why)
{
    for (int i = 0; i <= s->nsub; i++)
        rs_saves_skipped(c, s + i, idx + i, why);
}

/* Runs step idx; RS_OK unless a runtime error ends the scenario. */
static rs_status run_step(rs_ctx *c, int idx, rs_err *err)
{
    const rs_step *s = &c->sc->steps[idx];
    if (step_unsupported(c, s, idx)) {
        skip_saves(c, s, idx, "was skipped: a feature the target does not declare");
        step_log(c, s, idx, "skipped: a feature the target does not declare");
        return RS_OK;
    }
    int w = s->nwhens ? when_holds(c, s, idx) : 1;
    if (w <= 0) {
        skip_saves(c, s, idx, w == 0 ? "was skipped by when" : "did not run");
        step_log(c, s, idx, w == 0 ? "skipped by when" : "not run (when)");
        return RS_OK;
    }
    if (rs_step_is_group(s->kind)) { /* its steps' lines follow, written as each ends */
        step_log(c, s, idx, "its steps at once");
        rs_status st = rs_step_exec(c, s, idx, &c->actors[s->as], NULL, &w, err);
        if (st == RS_OK && !w)
            skip_saves(c, s, idx, "did not run (times had no usable value)");
        return st;
    }
    rs_stepout so;
    memset(&so, 0, sizeof(so));
    rs_resp_init(&so.resp);
    int sent = 0, failed = c->res->failed_checks;
    rs_status st = rs_step_exec(c, s, idx, &c->actors[s->as], &so, &sent, err);
    if (st == RS_OK && sent) {
        rs_checks_run(c, s, idx, &so);
        rs_saves_do(c, s, idx, &so, &c->actors[s->as]);
    } else if (st == RS_OK) {
        rs_saves_skipped(c, s, idx, "did not run (an argument had no value)");
    }
    char what[96];
    snprintf(what, sizeof(what), "%s", st != RS_OK ? "runtime error" : !sent ? "not sent" : "");
    if (st == RS_OK && sent)
        snprintf(what, sizeof(what), "%ld, %s", so.resp.status,
                 c->res->failed_checks > failed ? "a check failed" : "checks met");
    step_log(c, s, idx, what);
    rs_resp_free(&so.resp);
    return st;
}

static void cleanup_warn(rs_ctx *c, const rs_cleanup_entry *e, const char *what)
{
    char line[1024];
    snprintf(line, sizeof(line), "%s: cleanup (a warning): DELETE %s %s/%s as %s: %s\n",
             c->sc->path, e->is_manifest ? "manifest" : "blob", e->repo, e->ref,
             RS_ROLE_NAMES[e->actor], what);
    if (rs_buf_add(&c->res->failures, line, strlen(line)) != 0)
        c->res->failures.truncated = 1;
    c->res->cleanup_failures++;
    if (c->res->outcome == RS_RES_PASS)
        c->res->outcome = RS_RES_WARN;
}

/* Deletes what the scenario created, manifests first; a failed delete is a visible warning. */
static void cleanup(rs_ctx *c)
{
    if (!rs_target_has(c->o->target, "delete"))
        return;
    for (int pass = 1; pass >= 0; pass--)
        for (int i = c->ncleanup - 1; i >= 0; i--) {
            const rs_cleanup_entry *e = &c->cleanup[i];
            if (e->is_manifest != pass)
                continue;
            rs_actor *a = &c->actors[e->actor];
            rs_resp r;
            rs_err err;
            rs_resp_init(&r);
            char url[2048], scope[512], got[1100];
            snprintf(url, sizeof(url), "%s/v2/%s/%s/%s", a->base_url, e->repo,
                     pass ? "manifests" : "blobs", e->ref);
            rs_req req = {.method = "DELETE", .url = url};
            rs_status st =
                rs_actor_do(a, &req, rs_oci_scope(e->repo, "delete", scope, sizeof(scope)),
                            RS_AUTH_AUTO, NULL, NULL, &r, &err);
            int gone = r.status == 202 || r.status == 200 || r.status == 204 || r.status == 404;
            if (st != RS_OK || !gone) {
                snprintf(got, sizeof(got), "%s", st != RS_OK ? err.msg : "");
                if (st == RS_OK)
                    snprintf(got, sizeof(got), "answered %ld", r.status);
                cleanup_warn(c, e, got);
            }
            rs_resp_free(&r);
        }
}

static rs_status ctx_init(rs_ctx *c, const rs_run_opts *o, const rs_scenario *sc, int index,
                          rs_result *res)
{
    const rs_target *t = o->target;
    c->o = o;
    c->sc = sc;
    c->res = res;
    rs_trace_init(&c->trace, 2 * 1024 * 1024);
    rs_buf_init(&c->notes, 64 * 1024);
    rs_vars_init(&c->vars);
    rs_vars_init(&c->unset_why);
    char run[96], k[96];
    snprintf(run, sizeof(run), "%s%d", o->run_id, index);
    rs_status st = set_var(c, "run", run);
    if (st == RS_OK)
        st = set_var(c, "url", t->url);
    for (int i = 0; st == RS_OK && i < t->nns; i++) {
        snprintf(k, sizeof(k), "ns.%s", t->ns[i].key);
        st = set_var(c, k, t->ns[i].value);
    }
    for (int i = 0; st == RS_OK && i < t->nactors; i++) {
        int r = 0;
        while (r < RS_ROLE_COUNT && strcmp(RS_ROLE_NAMES[r], t->actors[i].role) != 0)
            r++;
        if (r == RS_ROLE_COUNT || c->has_actor[r])
            continue; /* the target loader refuses unknown and repeated roles */
        snprintf(k, sizeof(k), "user.%s", t->actors[i].role);
        st = set_var(c, k, t->actors[i].username);
        rs_actor_init(&c->actors[r], t->actors[i].role, t->actors[i].username,
                      t->actors[i].password, t->url, t->ca_file, t->insecure, t->timeout_s,
                      &c->trace, o->guard);
        c->actors[r].share = o->share;
        c->actors[r].share_role = r;
        c->actors[r].conn.share = rs_share_curl(o->share, o->worker, r);
        c->actors[r].conn.mux = rs_share_mux(o->share, r);
        c->actors[r].conn.retries = (int)t->retries;
        c->actors[r].conn.notes = o->verbose ? &c->notes : NULL;
        c->has_actor[r] = 1;
    }
    return st;
}

/* probe: true -- the scenario's own listener, ${probe.url} its URL. */
static rs_status setup_probe(rs_ctx *c, rs_err *err)
{
    if (!c->sc->probe)
        return RS_OK;
    rs_status st = rs_probe_start(&c->probe, err);
    if (st == RS_OK && set_var(c, "probe.url", rs_probe_url(c->probe)) != RS_OK)
        st = rs_errf(err, RS_ERR_NOMEM, "out of memory");
    return st;
}

static void ctx_free(rs_ctx *c)
{
    rs_probe_stop(c->probe);
    c->res->trace = strdup(rs_buf_str(&c->trace.text));
    for (int r = 0; r < RS_ROLE_COUNT; r++)
        if (c->has_actor[r])
            rs_actor_free(&c->actors[r]);
    for (int i = 0; i < c->nblobs; i++)
        rs_blob_free(&c->blobs[i]);
    for (int i = 0; i < c->ncleanup; i++) {
        free(c->cleanup[i].repo);
        free(c->cleanup[i].ref);
    }
    free(c->cleanup);
    rs_vars_free(&c->vars);
    rs_vars_free(&c->unset_why);
    rs_trace_free(&c->trace);
    rs_buf_free(&c->notes);
    free(c);
}

/* Runs steps from..to-1; 1 when the run was stopped (no cleanup then: it must end now). */
static int run_range(rs_ctx *c, int from, int to)
{
    rs_result *res = c->res;
    char why[256];
    rs_err err = {{0}};
    for (int i = from; i < to; i++) {
        if (rs_guard_check(c->o->guard) != RS_STOP_NONE) {
            res->outcome = RS_RES_ERROR;
            snprintf(res->reason, sizeof(res->reason), "stopped before step %d: %s", i + 1,
                     rs_guard_reason(c->o->guard, why, sizeof(why)));
            return 1;
        }
        const rs_step *s = &c->sc->steps[i];
        rs_status st = run_step(c, i, &err);
        if (st != RS_OK) {
            res->outcome = RS_RES_ERROR;
            snprintf(res->reason, sizeof(res->reason), "step %d (%s, %s %d): %s: %s", i + 1,
                     s->kind->name, s->in_fixture ? "fixture line" : "line", s->line,
                     rs_status_name(st), err.msg);
            break;
        }
        i += s->nsub; /* a concurrently step ran its steps */
    }
    return 0;
}

/* ---- fixtures (fixture.h): made once per run, read by every scenario naming it ---------- */

/* Its saves (and ${fixture}) as they came out of making it: values, or why there are none. */
static int keep_vars(rs_fixture *x, const rs_ctx *f)
{
    int bad = rs_vars_set(&x->vars, "fixture", x->id);
    for (int i = 0; i < f->sc->nfixture_steps; i++)
        for (int j = 0; j < f->sc->steps[i].nsaves; j++) {
            const char *var = f->sc->steps[i].saves[j].var, *v = rs_vars_get(&f->vars, var);
            const char *why = rs_vars_get(&f->unset_why, var);
            bad |= v     ? rs_vars_set(&x->vars, var, v)
                   : why ? rs_vars_set(&x->unset_why, var, why)
                         : 0;
        }
    memcpy(x->manifests, f->manifests, sizeof(f->manifests));
    x->nmanifests = f->nmanifests;
    return bad;
}

/* The fixture's steps in a context of their own (${run} and ${fixture}: its id), its checks in
 * x->res; its cleanup list moves to x for the last scenario that uses it. */
static void make_fixture(const rs_run_opts *o, const rs_scenario *sc, rs_fixture *x)
{
    rs_result *fr = &x->res;
    rs_buf_init(&fr->failures, 256 * 1024);
    rs_buf_init(&fr->steplog, 256 * 1024);
    fr->sc = sc;
    fr->outcome = RS_RES_PASS;
    rs_ctx *f = calloc(1, sizeof(*f));
    rs_err err = {{0}};
    rs_status st = f ? ctx_init(f, o, sc, 0, fr) : RS_ERR_NOMEM;
    if (st == RS_OK && (set_var(f, "run", x->id) || set_var(f, "fixture", x->id)))
        st = rs_errf(&err, RS_ERR_NOMEM, "out of memory");
    if (st == RS_OK)
        st = setup_blobs(f, sc->nfixture_blobs, &err);
    if (st == RS_OK)
        run_range(f, 0, sc->nfixture_steps);
    if (st == RS_OK && (keep_vars(x, f) || f->nomem))
        st = rs_errf(&err, RS_ERR_NOMEM, "out of memory");
    if (st != RS_OK) {
        fr->outcome = RS_RES_ERROR;
        snprintf(fr->reason, sizeof(fr->reason), "%s", f ? err.msg : "out of memory");
    }
    if (f) {
        x->cleanup = f->cleanup;
        x->ncleanup = f->ncleanup;
        f->cleanup = NULL;
        f->ncleanup = 0;
        ctx_free(f);
    }
}

/* The scenario gets what making the fixture gave: its checks (each counted again, as if its
 * steps had run here), saves, manifests and trace. */
static rs_status adopt_fixture(rs_ctx *c, const rs_fixture *x)
{
    rs_result *r = c->res;
    const rs_result *fr = &x->res;
    int bad = 0;
    for (int i = 0; i < x->vars.n; i++)
        bad |= rs_vars_set(&c->vars, x->vars.name[i], x->vars.value[i]);
    for (int i = 0; i < x->unset_why.n; i++)
        bad |= rs_vars_set(&c->unset_why, x->unset_why.name[i], x->unset_why.value[i]);
    memcpy(c->manifests, x->manifests, sizeof(x->manifests));
    c->nmanifests = x->nmanifests;
    if (bad)
        return RS_ERR_NOMEM;
    if (fr->ncr) { /* appended to what the scenario has (nothing yet: adopting comes first) */
        int cap = r->ncr + fr->ncr;
        rs_check_result *cr = realloc(r->cr, (size_t)cap * sizeof(*cr));
        if (!cr)
            return RS_ERR_NOMEM;
        r->cr = cr;
        r->capcr = cap;
        for (int i = 0; i < fr->ncr; i++) {
            cr[r->ncr] = fr->cr[i]; /* a failed check keeps its message, or it is no copy */
            if (fr->cr[i].message && !(cr[r->ncr].message = strdup(fr->cr[i].message)))
                return RS_ERR_NOMEM;
            r->ncr++;
        }
    }
    r->checks += fr->checks;
    r->failed_checks += fr->failed_checks;
    if (rs_buf_add(&r->failures, rs_buf_str(&fr->failures), strlen(rs_buf_str(&fr->failures))))
        r->failures.truncated = 1;
    if (rs_buf_add(&r->steplog, rs_buf_str(&fr->steplog), strlen(rs_buf_str(&fr->steplog))))
        r->steplog.truncated = 1;
    snprintf(r->first, sizeof(r->first), "%s", fr->first);
    snprintf(r->actual, sizeof(r->actual), "%s", fr->actual);
    r->outcome = fr->outcome;
    if (fr->outcome == RS_RES_ERROR)
        snprintf(r->reason, sizeof(r->reason), "fixture %s (%s): %s", c->sc->fixture,
                 c->sc->fixture_path, fr->reason);
    rs_trace_add(&c->trace, "# the fixture's steps (made once in this run for the scenarios "
                            "that read it):\n");
    rs_trace_add(&c->trace, fr->trace ? fr->trace : "");
    rs_trace_add(&c->trace, "# the scenario's own steps:\n");
    return RS_OK;
}

/* Makes the fixture, or waits for it, and adopts it: the step to go on from, -1 to stop. */
static int use_fixture(rs_ctx *c)
{
    const rs_scenario *sc = c->sc;
    if (!c->o->fixtures) /* on its own (no run around it): its steps are the scenario's */
        return set_var(c, "fixture", rs_vars_get(&c->vars, "run")) == RS_OK ? 0 : -1;
    int make;
    rs_fixture *x = rs_fixtures_claim(c->o->fixtures, sc, &make);
    if (!x) {
        c->res->outcome = RS_RES_ERROR;
        snprintf(c->res->reason, sizeof(c->res->reason), "fixture %s was not planned", sc->fixture);
        return -1;
    }
    if (make) {
        make_fixture(c->o, sc, x);
        rs_fixtures_made(c->o->fixtures, x);
    }
    if (adopt_fixture(c, x) != RS_OK) {
        c->nomem = 1;
        return -1;
    }
    return c->res->outcome == RS_RES_ERROR ? -1 : sc->nfixture_steps;
}

/* The scenario has ended: the last of the run to use the fixture deletes what it created. */
static void release_fixture(rs_ctx *c)
{
    rs_fixture *x = c->o->fixtures ? rs_fixtures_release(c->o->fixtures, c->sc) : NULL;
    if (!x || rs_guard_check(c->o->guard) != RS_STOP_NONE)
        return;
    rs_trace_add(&c->trace, "# the fixture's cleanup (the last scenario to read it):\n");
    rs_cleanup_entry *own = c->cleanup;
    int n = c->ncleanup;
    c->cleanup = x->cleanup;
    c->ncleanup = x->ncleanup;
    cleanup(c);
    c->cleanup = own;
    c->ncleanup = n;
}

static void run_steps(rs_ctx *c)
{
    int from = 0;
    if (c->sc->fixture[0] && (from = use_fixture(c)) < 0)
        return; /* stopped */
    if (from < c->sc->nsteps && run_range(c, from, c->sc->nsteps))
        return;
    cleanup(c);
}

void rs_run_scenario(const rs_run_opts *o, const rs_scenario *sc, int index, rs_result *res)
{
    memset(res, 0, sizeof(*res));
    rs_buf_init(&res->failures, 256 * 1024);
    rs_buf_init(&res->steplog, 256 * 1024);
    res->sc = sc;
    res->outcome = RS_RES_PASS;
    double t0 = rs_now();
    char why[256];
    rs_ctx *c = calloc(1, sizeof(*c));
    rs_err err = {{0}};
    rs_status st = c ? ctx_init(c, o, sc, index, res) : RS_ERR_NOMEM;
    if (st != RS_OK) {
        res->outcome = RS_RES_ERROR;
        snprintf(res->reason, sizeof(res->reason), "out of memory");
    } else if (rs_guard_check(o->guard) != RS_STOP_NONE) {
        res->outcome = RS_RES_ERROR;
        snprintf(res->reason, sizeof(res->reason), "not run: %s",
                 rs_guard_reason(o->guard, why, sizeof(why)));
    } else if (should_skip(c, res->reason, sizeof(res->reason))) {
        res->outcome = RS_RES_SKIP;
    } else if ((st = setup_blobs(c, sc->nblobs, &err)) != RS_OK ||
               (st = setup_probe(c, &err)) != RS_OK) {
        res->outcome = RS_RES_ERROR;
        snprintf(res->reason, sizeof(res->reason), "%s", err.msg);
    } else {
        run_steps(c);
        if (c->nomem && res->outcome != RS_RES_ERROR) {
            res->outcome = RS_RES_ERROR;
            snprintf(res->reason, sizeof(res->reason),
                     "out of memory: a value could not be expanded or saved (regsuite's failure, "
                     "not the registry's)");
        } else if (res->outcome == RS_RES_PASS && res->checks == 0) { /* green by accident: no */
            res->outcome = RS_RES_ERROR;
            snprintf(res->reason, sizeof(res->reason),
                     "no check was evaluated (every step was skipped by when): nothing was tested");
        }
    }
    if (c && sc->fixture[0])
        release_fixture(c);
    if (c)
        ctx_free(c);
    res->seconds = rs_now() - t0;
}
