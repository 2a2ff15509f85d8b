#include "config.h"
#include "stop-signal.h"
#include "watch.h"
#include "watch-sinks.h"
#include "watch-go.h"
#include "analysis-diff.h"
#include "analysis-verdict.h"
#include "escape.h"
#include "report.h"
#include "model-series.h"
#include "output-json.h"
#include "output-record.h"
#include "output-verdict.h"
#include "source-proc.h"
#include "source-cgsample.h"
#include "source-sample.h"
#include "source-system.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>


/* ---- the loop ---- */

static void sleep_until(double t)
{
	struct timespec ts = { .tv_sec = (time_t)t, .tv_nsec = (long)((t - floor(t)) * 1e9) };

	/* returns early on a signal: the loop checks stop_signal */
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

/* What every recording header holds, whatever the target. */
static json_t *header_base(time_t started, const struct watch_opts *o)
{
	json_t *h = json_object();
	char wall[64];

	json_object_set_new(h, "format", json_string(RECORDING_FORMAT));
	json_object_set_new(h, "version", json_integer(RECORDING_VERSION));
	json_object_set_new(h, "memtrace_version", json_string(PACKAGE_VERSION));
	json_object_set_new(h, "started", json_string(format_utc(started, wall, sizeof(wall))));
	json_object_set_new(h, "interval", json_real(o->interval));
	json_object_set_new(h, "budget", json_real(o->budget));
	if (o->go.pprof || o->go.expvar) {
		char *p = o->go.pprof ? escape_dup(o->go.pprof, strlen(o->go.pprof)) : NULL;
		char *e = o->go.expvar ? escape_dup(o->go.expvar, strlen(o->go.expvar)) : NULL;
		json_object_set_new(h, "go_pprof", p ? json_string(p) : json_null());
		json_object_set_new(h, "go_expvar", e ? json_string(e) : json_null());
		json_object_set_new(h, "go_interval", json_real(o->go.interval));
		free(p);
		free(e);
	}
	return h;
}

static json_t *header_json(const struct sampler *sm, const struct watch_opts *o)
{
	const struct snapshot *s = &sm->ident;
	json_t *h = header_base(s->wall.tv_sec, o), *argv = json_array(), *rt = json_object();

	json_object_set_new(h, "target", json_string("process"));
	json_object_set_new(h, "pid", json_integer(s->pid));
	{
		char *c = escape_dup(s->status.name, strlen(s->status.name));
		json_object_set_new(h, "comm", json_string(c));
		free(c);
	}
	if (s->argv) {
		size_t total = 0;
		for (char **a = s->argv; *a; a++) {
			char *e = escape_dup(*a, strlen(*a));
			/* the kernel allows 6 MiB of arguments; a recording's line is at most RECORDING_LINE_MAX */
			total += strlen(e);
			if (total > RECORDING_CMDLINE_MAX) {
				free(e);
				json_object_set_new(h, "cmdline_truncated", json_true());
				break;
			}
			json_array_append_new(argv, json_string(e));
			free(e);
		}
	}
	json_object_set_new(h, "cmdline", argv);
	json_object_set_new(h, "kernel", s->kernel[0] ? json_string(s->kernel) : json_null());
	json_object_set_new(rt, "language", json_string(runtime_language(&s->rt)));
	json_object_set_new(rt, "allocator", json_string(runtime_allocator(&s->rt)));
	json_object_set_new(rt, "go_version", s->rt.go_version[0] ? json_string(s->rt.go_version) : json_null());
	json_object_set_new(rt, "go_madv_free", json_boolean(runtime_go_uses_madv_free(&s->rt)));
	json_object_set_new(rt, "go_memlimit", json_number_or_null(runtime_go_memlimit(&s->rt)));
	json_object_set_new(rt, "go_gogc", json_number_or_null(runtime_go_gogc(&s->rt)));
	json_object_set_new(h, "runtime", rt);
	json_object_set_new(h, "smaps_readable", json_boolean(sm->smaps_ok));
	return h;
}

static json_t *header_json_cgroup(const struct cgroup_resolved *cg, const struct cg_sampler *cs,
				  const struct watch_opts *o)
{
	json_t *h = header_base(time(NULL), o);
	char *e;

	json_object_set_new(h, "target", json_string("cgroup"));
	e = escape_dup(cg->ref.path, strlen(cg->ref.path));
	json_object_set_new(h, "cgroup", json_string(e));
	free(e);
	json_object_set_new(h, "cgroup_version", json_integer(cg->ref.version));
	json_object_set_new(h, "container_id", cg->runtime ? json_string(cg->container_id) : json_null());
	json_object_set_new(h, "runtime", cg->runtime ? json_string(cg->runtime) : json_null());
	if (cg->container_name[0]) {
		e = escape_dup(cg->container_name, strlen(cg->container_name));
		json_object_set_new(h, "container_name", json_string(e));
		free(e);
	} else {
		json_object_set_new(h, "container_name", json_null());
	}
	json_object_set_new(h, "limit", isfinite(cs->limit) ? json_integer((json_int_t)cs->limit) : json_null());
	return h;
}

static void context_from_cgroup(const struct cg_sampler *cs, const struct watch_opts *o, struct verdict_context *c)
{
	const struct cg_tracked *t = cg_sampler_top_grower(cs);

	memset(c, 0, sizeof(*c));
	c->cgroup = true;
	c->interval = o->interval;
	c->cg_limit = cs->limit;
	c->mem_available = NAN;
	c->go_memlimit = c->go_gogc = NAN;
	c->limit_left = isfinite(cs->limit) && cs->limit > cs->last_usage ? cs->limit - cs->last_usage : NAN;
	c->swap_left = system_swap_free(cs->root);
	c->peak_rss = NAN;
	if (t) {
		char *e = escape_dup(t->comm, strlen(t->comm));
		c->grew_pid = (int)t->pid;
		snprintf(c->grew_comm, sizeof(c->grew_comm), "%s", e);
		c->grew_pid_bytes = t->last_anon - t->first_anon;
		free(e);
	}
}

/* Swap the cgroup may still fill: v1 memsw.limit counts memory and swap
 * together, v2 swap.max swap alone; NaN without a swap limit. */
static double cgroup_swap_room(const struct cgroup_stats *s)
{
	double lim, used;

	if (!cg_has(s, CG_SWAP_LIMIT) || s->v[CG_SWAP_LIMIT] >= (UINT64_MAX >> 2) || !cg_has(s, CG_SWAP))
		return NAN;
	lim = (double)s->v[CG_SWAP_LIMIT];
	used = (double)s->v[CG_SWAP] + (s->version == 1 ? (double)s->v[CG_USAGE] : 0);
	return lim > used ? lim - used : 0;
}

/* Room left under the memory cgroup limit of PID (NaN without a limit),
 * and the swap it may still fill (*SWAP_ROOM: the system's free swap, less
 * if the cgroup limits swap). */
static double cgroup_room(const char *root, pid_t pid, double *swap_room)
{
	struct cgroup_mounts m;
	struct cgroup_ref ref;
	struct cgroup_stats s;
	double room = NAN;

	*swap_room = system_swap_free(root);
	if (cgroup_mounts_read(root, &m) || cgroup_of_pid(root, &m, pid, &ref))
		return NAN;
	if (cgroup_stats_read(&ref, &s, false) == 0) {
		double cg_swap = cgroup_swap_room(&s);
		if (!s.limit_is_max && s.v[CG_LIMIT] > s.v[CG_USAGE])
			room = (double)(s.v[CG_LIMIT] - s.v[CG_USAGE]);
		if (isfinite(cg_swap) && !(cg_swap >= *swap_room))
			*swap_room = cg_swap;
	}
	cgroup_stats_free(&s);
	return room;
}

static void context_from_sampler(const struct sampler *sm, const struct watch_opts *o, struct verdict_context *c,
				 bool final)
{
	const struct runtime_info *rt = &sm->ident.rt;
	struct proc_status st;

	memset(c, 0, sizeof(*c));
	c->is_go = rt->is_go;
	c->go_madv_free = runtime_go_uses_madv_free(rt);
	c->glibc = strcmp(runtime_allocator(rt), "glibc") == 0;
	c->go_memlimit = runtime_go_memlimit(rt);
	c->go_gogc = runtime_go_gogc(rt);
	c->go_version = rt->go_version[0] ? rt->go_version : NULL;
	c->interval = o->interval;
	/* The time-to-limit projection and the allocator-retention hint are
	 * only in the final verdict: the running verdict, once a second, does
	 * not read meminfo, the cgroup and status again for them. */
	c->mem_available = c->limit_left = c->peak_rss = c->swap_left = NAN;
	if (!final)
		return;
	c->mem_available = system_mem_available(sm->root);
	c->limit_left = cgroup_room(sm->root, sm->pid, &c->swap_left);
	if (status_read(sm->root, sm->pid, &st) == 0 && status_has(&st, ST_VM_HWM))
		c->peak_rss = (double)st.v[ST_VM_HWM];
}

/* A share of one core means something over a second or more; over a few
 * milliseconds start-up dominates and the ratio is absurd. */
static const char *share_text(double cpu, double elapsed)
{
	static char buf[32];

	if (elapsed < 1.0)
		return "n/a (under a second)";
	snprintf(buf, sizeof(buf), "%.2f%%", 100 * cpu / elapsed);
	return buf;
}

static double share_value(double cpu, double elapsed)
{
	return elapsed >= 1.0 ? cpu / elapsed : NAN;
}

static void cost_text(const struct sampler *sm, double elapsed, char *buf, size_t len)
{
	double self = sampler_self_cpu();
	const struct tier_cost *c = sm->cost;

	snprintf(buf, len,
		 "memtrace used %s of one core (%.3fs CPU in %.1fs): status %lu reads, %.0f us each; "
		 "smaps_rollup %lu reads, %.0f us each; smaps %lu reads, %.1f ms each",
		 share_text(self, elapsed), self, elapsed, c[TIER_IDX_STATUS].reads,
		 c[TIER_IDX_STATUS].reads ? 1e6 * c[TIER_IDX_STATUS].total / (double)c[TIER_IDX_STATUS].reads : 0,
		 c[TIER_IDX_ROLLUP].reads,
		 c[TIER_IDX_ROLLUP].reads ? 1e6 * c[TIER_IDX_ROLLUP].total / (double)c[TIER_IDX_ROLLUP].reads : 0,
		 c[TIER_IDX_SMAPS].reads,
		 c[TIER_IDX_SMAPS].reads ? 1e3 * c[TIER_IDX_SMAPS].total / (double)c[TIER_IDX_SMAPS].reads : 0);
}

static json_t *cost_json(const struct sampler *sm, double elapsed)
{
	static const char *const names[TIER_IDX_COUNT] = { "status", "rollup", "smaps" };
	json_t *o = json_object();
	double self = sampler_self_cpu();

	json_object_set_new(o, "cpu_seconds", json_real(self));
	json_object_set_new(o, "elapsed_seconds", json_real(elapsed));
	json_object_set_new(o, "cpu_share", json_number_or_null(share_value(self, elapsed)));
	for (int i = 0; i < TIER_IDX_COUNT; i++) {
		json_t *t = json_object();
		json_object_set_new(t, "reads", json_integer((json_int_t)sm->cost[i].reads));
		json_object_set_new(t, "cpu_seconds", json_real(sm->cost[i].total));
		json_object_set_new(o, names[i], t);
	}
	return o;
}

/* What the verdict knew besides the samples, so that analyze can use it. */
static json_t *context_to_json(const struct verdict_context *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "mem_available", json_number_or_null(c->mem_available));
	json_object_set_new(o, "limit_left", json_number_or_null(c->limit_left));
	json_object_set_new(o, "swap_left", json_number_or_null(c->swap_left));
	json_object_set_new(o, "peak_rss", json_number_or_null(c->peak_rss));
	json_object_set_new(o, "cgroup_limit", json_number_or_null(c->cgroup ? c->cg_limit : NAN));
	json_object_set_new(o, "grew_pid", c->grew_pid > 0 ? json_integer(c->grew_pid) : json_null());
	json_object_set_new(o, "grew_comm", c->grew_pid > 0 ? json_string(c->grew_comm) : json_null());
	json_object_set_new(o, "grew_pid_bytes", c->grew_pid > 0 ? json_real(c->grew_pid_bytes) : json_null());
	return o;
}

/* The mappings that grew most between the first and the last full smaps
 * (when the target has few enough mappings for memtrace to keep them). */
#define TOP_GROWING 5
static json_t *top_growing(const struct sampler *sm)
{
	json_t *a = json_array();
	struct snapshot_diff d;
	size_t sel[2 * TOP_GROWING], n;

	if (!sm->have_baseline || !sm->have_latest || !sm->baseline.nmaps || !sm->latest.nmaps)
		return a;
	snapshot_diff_compute(&sm->baseline, &sm->latest, &d);
	n = snapshot_diff_select(&d, TOP_GROWING, sel);
	for (size_t i = 0; i < n; i++) {
		const struct diff_row *r = &d.rows[sel[i]];
		int64_t delta = diff_delta(&r->a, &r->b, MC_RSS);
		json_t *o;
		if (delta <= 0)
			continue;
		o = json_object();
		json_object_set_new(o, "mapping", json_string(r->key));
		json_object_set_new(o, "class", json_string(region_class_name(r->cls)));
		json_object_set_new(o, "rss_growth", json_integer(delta));
		json_object_set_new(o, "rss", json_integer((json_int_t)r->b.v[MC_RSS]));
		json_array_append_new(a, o);
	}
	snapshot_diff_free(&d);
	return a;
}

/* The program behind the PID changed at this tick (sampler's CHANGE): the
 * event line for the sinks and the recording, and the identity the
 * verdict reports. */
static json_t *identity_event(const struct sampler *sm, const struct sample *x, double start,
			      struct verdict_identity *id)
{
	json_t *ev = json_object();
	char *from = escape_dup(sm->id_before.comm, strlen(sm->id_before.comm));
	char *to = escape_dup(sm->id.comm, strlen(sm->id.comm));

	memset(id, 0, sizeof(*id));
	snprintf(id->event, sizeof(id->event), "%s", identity_change_name(sm->change));
	id->at = x->t - start;
	snprintf(id->from, sizeof(id->from), "%s", from);
	snprintf(id->to, sizeof(id->to), "%s", to);
	json_object_set_new(ev, "type", json_string("event"));
	json_object_set_new(ev, "event", json_string(id->event));
	json_object_set_new(ev, "t", json_real(x->t));
	json_object_set_new(ev, "wall", json_real(x->wall));
	json_object_set_new(ev, "at_seconds", json_real(id->at));
	json_object_set_new(ev, "from", json_string(from));
	json_object_set_new(ev, "to", json_string(to));
	free(from);
	free(to);
	from = escape_dup(sm->id_before.exe, strlen(sm->id_before.exe));
	to = escape_dup(sm->id.exe, strlen(sm->id.exe));
	json_object_set_new(ev, "from_exe", sm->id_before.exe[0] ? json_string(from) : json_null());
	json_object_set_new(ev, "to_exe", sm->id.exe[0] ? json_string(to) : json_null());
	free(from);
	free(to);
	return ev;
}

/* Has the child of `run` exited?  Reaps it so it does not linger. */
static bool child_done(struct watch_opts *o)
{
	if (o->child <= 0 || o->child_exited)
		return o->child_exited;
	if (waitpid(o->child, &o->child_status, WNOHANG) == o->child)
		o->child_exited = true;
	return o->child_exited;
}

/* The target of a watch: a process (the tiered sampler) or a cgroup. */
struct target {
	bool cgroup;
	bool container; /* a container's cgroup: it ends when its processes do */
	struct sampler sm;
	struct cg_sampler cs;
};

static int target_take(struct target *t, struct sample *x, struct snapshot_error *e)
{
	if (!t->cgroup)
		return sampler_take(&t->sm, x, e);
	memset(e, 0, sizeof(*e));
	size_t before = t->cs.last_live;
	int rc = cg_sampler_take(&t->cs, x);
	/* A container whose processes are all gone has exited: its cgroup
	 * lingers a moment (runc removes it) holding only page cache and
	 * kernel memory.  That sample is the end, not a fall to judge. */
	if (rc == 0 && t->container && before > 0 && t->cs.last_live == 0)
		rc = -ENOENT;
	/* removed during the read (runc's cleanup races the sample) */
	if (rc && rc != -ENOENT && !cgroup_exists(&t->cs.ref))
		rc = -ENOENT;
	if (rc) {
		e->kind = rc == -ENOENT ? SNAP_FAIL_EXITED : SNAP_FAIL_READ;
		e->err = rc;
		snprintf(e->path, sizeof(e->path), "%.500s", t->cs.ref.dir);
	}
	return rc;
}

static void target_context(const struct target *t, const struct watch_opts *o, struct verdict_context *c,
			   bool final)
{
	if (t->cgroup)
		context_from_cgroup(&t->cs, o, c);
	else
		context_from_sampler(&t->sm, o, c, final);
}

static void target_cost(const struct target *t, double elapsed, char *buf, size_t len)
{
	if (!t->cgroup) {
		cost_text(&t->sm, elapsed, buf, len);
		return;
	}
	double self = sampler_self_cpu();
	snprintf(buf, len, "memtrace used %s of one core (%.3fs CPU in %.1fs): cgroup reads %lu, %.0f us each",
		 share_text(self, elapsed), self, elapsed, t->cs.cost.reads,
		 t->cs.cost.reads ? 1e6 * t->cs.cost.total / (double)t->cs.cost.reads : 0);
}

static json_t *target_cost_json(const struct target *t, double elapsed)
{
	if (!t->cgroup)
		return cost_json(&t->sm, elapsed);
	json_t *o = json_object(), *c = json_object();
	double self = sampler_self_cpu();
	json_object_set_new(o, "cpu_seconds", json_real(self));
	json_object_set_new(o, "elapsed_seconds", json_real(elapsed));
	json_object_set_new(o, "cpu_share", json_number_or_null(share_value(self, elapsed)));
	json_object_set_new(c, "reads", json_integer((json_int_t)t->cs.cost.reads));
	json_object_set_new(c, "cpu_seconds", json_real(t->cs.cost.total));
	json_object_set_new(o, "cgroup", c);
	return o;
}

static void target_free(struct target *t)
{
	if (t->cgroup)
		cg_sampler_free(&t->cs);
	else
		sampler_free(&t->sm);
}

/* Everything one watch holds, from its start to its verdict. */
struct watch_state {
	pid_t pid;
	struct watch_opts *o;
	struct watch_result *r;
	struct watch_sink sink, plain;
	struct recorder rec;
	struct target tg;
	struct series series;
	struct verdict_context vctx;
	struct verdict running;
	struct verdict_identity ident;
	bool have_running;
	double start, next, last_verdict;
	struct watch_go go; /* a Go service's endpoints (watch-go.c) */
};

/* `run` of a command that ended before its first sample: an empty verdict,
 * said to the sink and to the recording. */
static void ended_before_first_sample(struct watch_state *w)
{
	struct watch_opts *o = w->o;
	struct series empty;
	json_t *cj = json_object(), *xj, *hj = json_object();
	int rc;

	series_init(&empty);
	memset(&w->vctx, 0, sizeof(w->vctx));
	w->vctx.interval = o->interval;
	w->vctx.mem_available = w->vctx.limit_left = w->vctx.peak_rss = w->vctx.cg_limit = w->vctx.swap_left = NAN;
	w->vctx.go_memlimit = NAN;
	verdict_compute(&empty, &w->vctx, &w->r->verdict);
	w->r->end_reason = "target-exited";
	xj = context_to_json(&w->vctx);
	json_object_set_new(hj, "format", json_string(RECORDING_FORMAT));
	json_object_set_new(hj, "version", json_integer(RECORDING_VERSION));
	json_object_set_new(hj, "target", json_string("process"));
	json_object_set_new(hj, "pid", json_integer(w->pid));
	w->sink.begin(w->sink.ctx, hj);
	w->sink.end(w->sink.ctx, &w->r->verdict, w->r->end_reason, "the command exited before its first sample", cj, xj);
	if (o->record) { /* the recording still says what happened */
		if ((rc = recorder_open(&w->rec, o->record, o->force)) == 0) {
			json_t *vj = verdict_to_json(&w->r->verdict);
			json_object_set_new(vj, "end_reason", json_string(w->r->end_reason));
			recorder_write(&w->rec, "header", hj);
			recorder_write(&w->rec, "verdict", vj);
			recorder_close(&w->rec);
			json_decref(vj);
		} else {
			char msg[PATH_MAX + 160];
			err_msg("%s", create_error_text(o->record, rc, msg, sizeof(msg)));
		}
	}
	json_decref(cj);
	json_decref(xj);
	json_decref(hj);
	series_free(&empty);
	child_done(o);
}

/* Opens the target.  Returns -1 to go on, 0 when the watch is already over
 * (the command of `run` ended first), or an exit code. */
static int open_target(struct watch_state *w)
{
	struct watch_opts *o = w->o;
	struct snapshot_error e;
	int rc;

	if (w->tg.cgroup) {
		struct sample probe;
		cg_sampler_init(&w->tg.cs, w->o->proc_root, &o->cgroup->ref);
		w->tg.container = o->cgroup->runtime != NULL;
		rc = cg_sampler_take(&w->tg.cs, &probe); /* fails early on unreadable counters */
		if (rc) {
			err_msg("cannot read the memory counters in '%s': %s", o->cgroup->ref.dir, strerror(-rc));
			return EXIT_RUNTIME;
		}
		return -1;
	}
	rc = sampler_init(&w->tg.sm, w->o->proc_root, w->pid, o->interval, o->budget, &e);
	if (rc && o->child > 0 &&
	    (e.kind == SNAP_FAIL_ZOMBIE || e.kind == SNAP_FAIL_EXITED || proc_outcome_of(rc) == PROC_GONE)) {
		ended_before_first_sample(w);
		return 0;
	}
	if (rc)
		return report_snapshot_error(w->pid, &e);
	if (!w->tg.sm.smaps_ok) {
		err_msg("cannot read '/proc/%d/smaps': %s (run as the process owner, as root, or with "
			"CAP_SYS_PTRACE); watching the status counters only: no LazyFree, no attribution",
			(int)w->pid, strerror(w->tg.sm.smaps_errno));
		w->r->partial = true;
	}
	return -1;
}

/* The recording (first: a file that exists is said on the normal screen),
 * the full screen on a terminal (not for run: its command writes to the
 * same terminal), the header to the sink.  Returns -1 or an exit code. */
static int open_outputs(struct watch_state *w)
{
	struct watch_opts *o = w->o;
	json_t *h = w->tg.cgroup ? header_json_cgroup(o->cgroup, &w->tg.cs, o) : header_json(&w->tg.sm, o);
	int rc;

	if (!o->json && !o->plain && o->child <= 0 && o->open_screen)
		o->open_screen(&w->sink, w->tg.cgroup, &w->plain);
	if (o->record) {
		rc = recorder_open(&w->rec, o->record, o->force);
		if (rc) {
			char msg[PATH_MAX + 160];
			err_msg("%s", create_error_text(o->record, rc, msg, sizeof(msg)));
		}
		if (rc == 0 && (rc = recorder_write(&w->rec, "header", h)) != 0) {
			err_msg("cannot write '%s': %s", o->record, strerror(-rc));
			recorder_close(&w->rec);
		}
		if (rc) {
			json_decref(h);
			return EXIT_RUNTIME;
		}
	}
	w->sink.begin(w->sink.ctx, h);
	json_decref(h);
	return -1;
}

/* The program behind the PID changed at sample X: an event; after an exec
 * a new series, after PID reuse the end.  False when the watch ends. */
static bool on_identity_change(struct watch_state *w, const struct sample *x)
{
	enum identity_change ch = w->tg.sm.change;
	struct snapshot_error e;
	json_t *ev = identity_event(&w->tg.sm, x, w->start, &w->ident);
	int rc;

	w->sink.event(w->sink.ctx, ev);
	rc = w->rec.fd >= 0 ? recorder_write(&w->rec, "event", ev) : 0;
	json_decref(ev);
	if (rc) {
		err_msg("cannot write '%s': %s; stopping", w->o->record, strerror(-rc));
		w->r->end_reason = "error";
		return false;
	}
	if (ch == IDENTITY_PID_REUSED) {
		w->r->end_reason = "target-exited";
		return false;
	}
	/* another program: never judged as one series with the old */
	series_free(&w->series);
	series_init(&w->series);
	w->have_running = false;
	watch_go_forget(&w->go); /* the Go evidence was the old program's */
	w->last_verdict = -INFINITY;
	if (sampler_rebase(&w->tg.sm, &e) != 0) {
		w->r->end_reason = "target-exited";
		return false;
	}
	return true;
}

/* A running verdict about once a second: its cost counts too.  A leak
 * asks the sampler for the full smaps read that attributes it. */
static void running_verdict(struct watch_state *w, const struct sample *x)
{
	if (x->t - w->last_verdict < 1.0)
		return;
	target_context(&w->tg, w->o, &w->vctx, false);
	w->vctx.identity = w->ident;
	watch_go_context(&w->go, &w->o->go, &w->vctx);
	verdict_compute(&w->series, &w->vctx, &w->running);
	w->have_running = true;
	w->last_verdict = x->t;
	if (!w->tg.cgroup && (w->running.kind == VERDICT_LEAK || w->running.kind == VERDICT_LEAK_THREADS ||
			      (w->running.kind == VERDICT_UNDECIDED && w->running.slope > 0)))
		w->tg.sm.want_attribution = true;
}

/* One sample.  False when the watch ends (r->end_reason says why). */
static bool take_one(struct watch_state *w)
{
	struct snapshot_error e;
	struct sample x;
	int rc = target_take(&w->tg, &x, &e);

	if (rc) {
		if (proc_outcome_of(rc) == PROC_GONE || e.kind == SNAP_FAIL_ZOMBIE || e.kind == SNAP_FAIL_EXITED) {
			w->r->end_reason = "target-exited";
			return false;
		}
		if (w->tg.cgroup)
			err_msg("cannot read '%s': %s", e.path, strerror(-rc));
		else
			report_snapshot_error(w->pid, &e);
		w->r->end_reason = "error";
		return false;
	}
	if (!w->tg.cgroup && !w->tg.sm.smaps_ok)
		w->r->partial = true; /* smaps became unreadable: status only from here */
	if (!w->tg.cgroup && w->tg.sm.change != IDENTITY_SAME && !on_identity_change(w, &x))
		return false;
	if ((rc = watch_go_take(&w->go, &w->o->go, &w->sink, w->rec.fd >= 0 ? &w->rec : NULL, &x)) != 0) {
		err_msg("cannot write '%s': %s; stopping", w->o->record, strerror(-rc));
		w->r->end_reason = "error";
		return false;
	}
	series_add(&w->series, &x);
	if (w->rec.fd >= 0) {
		json_t *line = sample_to_json(&x);
		rc = recorder_write(&w->rec, "sample", line);
		json_decref(line);
		if (rc) {
			err_msg("cannot write '%s': %s; stopping", w->o->record, strerror(-rc));
			w->r->end_reason = "error";
			return false;
		}
	}
	running_verdict(w, &x);
	w->sink.sample(w->sink.ctx, &x, w->have_running ? &w->running : NULL);
	if (ferror(stdout)) {
		w->r->end_reason = "error";
		return false;
	}
	if (w->o->duration > 0 && x.t - w->start >= w->o->duration - 1e-6)
		return false;
	return true;
}

/* Until the next tick (the sink may answer keys meanwhile).  False when
 * the user asked to stop. */
static bool wait_next(struct watch_state *w)
{
	struct watch_opts *o = w->o;

	w->next += o->interval;
	if (w->next < clock_mono()) /* fell behind (a slow smaps read): skip, don't burst */
		w->next = clock_mono() + o->interval;
	if (o->duration > 0 && w->next > w->start + o->duration)
		w->next = w->start + o->duration;
	if (!w->sink.wait) {
		sleep_until(w->next);
		return true;
	}
	if (w->sink.wait(w->sink.ctx, w->next, &stop_signal)) {
		w->r->end_reason = "interrupted";
		return false;
	}
	return true;
}

static void loop(struct watch_state *w)
{
	series_init(&w->series);
	target_context(&w->tg, w->o, &w->vctx, false);
	w->r->end_reason = "duration";
	w->start = w->next = clock_mono();
	for (;;) {
		if (stop_signal) {
			w->r->end_reason = "interrupted";
			break;
		}
		if (child_done(w->o)) {
			w->r->end_reason = "target-exited";
			break;
		}
		if (!take_one(w) || !wait_next(w))
			break;
	}
}

/* The final verdict (with what the running one leaves out: MemAvailable,
 * the limit, VmHWM), to the sink and the recording. */
static void finish(struct watch_state *w)
{
	struct watch_result *r = w->r;
	char cost[400];
	json_t *cost_json, *ctx_json;
	int rc;

	watch_go_stop(&w->go);
	target_context(&w->tg, w->o, &w->vctx, true);
	w->vctx.identity = w->ident;
	watch_go_context(&w->go, &w->o->go, &w->vctx);
	verdict_compute(&w->series, &w->vctx, &r->verdict);
	target_cost(&w->tg, clock_mono() - w->start, cost, sizeof(cost));
	cost_json = target_cost_json(&w->tg, clock_mono() - w->start);
	ctx_json = context_to_json(&w->vctx);
	if (!w->tg.cgroup)
		json_object_set_new(ctx_json, "top_growing_mappings", top_growing(&w->tg.sm));
	if (w->o->go.pprof || w->o->go.expvar)
		json_object_set_new(ctx_json, "go_goroutines", watch_go_json(&w->go));
	w->sink.end(w->sink.ctx, &r->verdict, r->end_reason, cost, cost_json, ctx_json);
	if (w->rec.fd >= 0) {
		json_t *v = verdict_to_json(&r->verdict);
		json_object_set_new(v, "end_reason", json_string(r->end_reason));
		json_object_set_new(v, "cost", json_incref(cost_json));
		json_object_set_new(v, "context", json_incref(ctx_json));
		rc = recorder_write(&w->rec, "verdict", v);
		json_decref(v);
		if (rc == 0)
			rc = recorder_close(&w->rec);
		else
			recorder_close(&w->rec);
		if (rc) {
			err_msg("cannot write '%s': %s", w->o->record, strerror(-rc));
			r->end_reason = "error";
		}
	}
	json_decref(cost_json);
	json_decref(ctx_json);
	series_free(&w->series);
}

int watch_run(pid_t pid, struct watch_opts *o, struct watch_result *r)
{
	struct watch_state w = {
		.pid = pid, .o = o, .r = r, .rec = { .fd = -1 }, .tg = { .cgroup = o->cgroup != NULL },
		.ident = { .event = "" }, .last_verdict = -INFINITY,
	};
	int rc;

	memset(r, 0, sizeof(*r));
	if (o->sink)
		w.sink = *o->sink;
	else
		w.sink = o->json ? watch_sink_json(stdout) : watch_sink_plain(o->cgroup != NULL, stdout);
	w.plain = w.sink;
	w.go.root = o->proc_root;
	w.go.target = o->cgroup ? 0 : pid;
	if ((rc = open_target(&w)) >= 0 || (rc = watch_go_start(&w.go, &o->go)) >= 0 ||
	    (rc = open_outputs(&w)) >= 0) {
		watch_go_stop(&w.go);
		target_free(&w.tg);
		return rc;
	}
	stop_signal_catch();
	loop(&w);
	finish(&w);
	target_free(&w.tg);
	return strcmp(r->end_reason, "error") == 0 ? EXIT_RUNTIME : 0;
}

