#include "config.h"
#include "watch.h"
#include "watch-screen.h"
#include "analysis-diff.h"
#include "analysis-verdict.h"
#include "escape.h"
#include "memtrace.h"
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
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

bool parse_budget(const char *s, double *out)
{
	char *end;
	double pct = strtod(s, &end);

	if (end == s || *end || !(pct > 0 && pct <= 100)) {
		err_msg("--budget wants a percentage of one core above 0 and up to 100, not '%s'", s);
		return false;
	}
	*out = pct / 100;
	return true;
}

bool parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || !isfinite(v) || v < 0)
		return false;
	if (strcmp(end, "ms") == 0)
		v /= 1000;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		v *= 60;
	else if (strcmp(end, "h") == 0)
		v *= 3600;
	else if (*end && strcmp(end, "s") != 0)
		return false;
	*out = v;
	return true;
}

/* ---- sinks ---- */

#define B(v) format_bytes((uint64_t)(isfinite(v) && (v) > 0 ? (v) : 0), (char[32]){ 0 }, 32)

static void text_sample(void *ctx, const struct sample *x, const struct verdict *running)
{
	FILE *out = ctx;
	static double t0 = NAN;

	if (isnan(t0))
		t0 = x->t;
	fprintf(out, "%8.1fs  rss %10s  eff %10s  lazy %9s  swap %9s  anon %10s  file %9s  shmem %9s  thr %4.0f",
		x->t - t0, B(x->v[M_RSS]), isfinite(x->v[M_EFFECTIVE]) ? B(x->v[M_EFFECTIVE]) : "n/a",
		isfinite(x->v[M_LAZYFREE]) ? B(x->v[M_LAZYFREE]) : "n/a", isfinite(x->v[M_SWAP]) ? B(x->v[M_SWAP]) : "n/a",
		B(x->v[M_ANON]), B(x->v[M_FILE]), B(x->v[M_SHMEM]), x->v[M_THREADS]);
	if (running)
		fprintf(out, "  | %s", verdict_name(running->kind));
	fputc('\n', out);
	fflush(out);
}

static void text_sample_cgroup(void *ctx, const struct sample *x, const struct verdict *running)
{
	FILE *out = ctx;
	static double t0 = NAN;

	if (isnan(t0))
		t0 = x->t;
	fprintf(out,
		"%8.1fs  usage %10s  anon %10s  cache %10s  inactive %10s  shmem %9s  kernel %9s  swap %9s  procs rss %10s",
		x->t - t0, B(x->v[M_CG_USAGE]), B(x->v[M_CG_ANON]), B(x->v[M_CG_FILE]), B(x->v[M_CG_INACTIVE_FILE]),
		isfinite(x->v[M_CG_SHMEM]) ? B(x->v[M_CG_SHMEM]) : "n/a", B(x->v[M_CG_KERNEL]),
		isfinite(x->v[M_CG_SWAP]) ? B(x->v[M_CG_SWAP]) : "n/a", B(x->v[M_RSS]));
	if (running)
		fprintf(out, "  | %s", verdict_name(running->kind));
	fputc('\n', out);
	fflush(out);
}

static void text_event(void *ctx, json_t *ev)
{
	const char *what = json_string_value(json_object_get(ev, "event"));

	fprintf(ctx, "%8.1fs  %s (%s -> %s): %s\n", json_number_value(json_object_get(ev, "at_seconds")),
		strcmp(what, "exec") == 0 ? "the program was replaced (exec)" : "the PID now belongs to another process",
		json_string_value(json_object_get(ev, "from")), json_string_value(json_object_get(ev, "to")),
		strcmp(what, "exec") == 0 ? "judging the new program from here" : "the watched process is gone");
	fflush(ctx);
}

static void text_begin(void *ctx, json_t *header)
{
	(void)ctx;
	(void)header;
}

static void text_end(void *ctx, const struct verdict *v, const char *end_reason, const char *cost, json_t *cost_json,
		     json_t *context)
{
	const json_t *tops = json_object_get(context, "top_growing_mappings"), *m;
	size_t i;

	(void)cost_json;
	FILE *out = ctx;

	fprintf(out, "\nStopped: %s.  %s\n", end_reason, cost);
	verdict_print_text(out, v);
	if ((v->kind == VERDICT_LEAK || v->kind == VERDICT_UNDECIDED || v->kind == VERDICT_PLATEAU) &&
	    json_array_size(tops) > 0) {
		fputs("  grew most, by mapping (first and last full smaps):\n", out);
		json_array_foreach(tops, i, m)
			fprintf(out, "    %11s  %-12s %s\n",
				format_bytes_signed(json_integer_value(json_object_get(m, "rss_growth")), (char[32]){ 0 }, 32),
				json_string_value(json_object_get(m, "class")), json_string_value(json_object_get(m, "mapping")));
	}
	fflush(out);
}

static void json_sample(void *ctx, const struct sample *x, const struct verdict *running)
{
	json_t *o = sample_to_json(x);

	json_object_set_new(o, "type", json_string("sample"));
	json_object_set_new(o, "running_verdict", running ? json_string(verdict_name(running->kind)) : json_null());
	json_write(ctx, o, false);
	json_decref(o);
	fflush(ctx);
}

static void json_event(void *ctx, json_t *ev)
{
	json_write(ctx, ev, false);
	fflush(ctx);
}

static void json_begin(void *ctx, json_t *header)
{
	json_object_set_new(header, "type", json_string("header"));
	json_write(ctx, header, false);
	fflush(ctx);
}

static void json_end(void *ctx, const struct verdict *v, const char *end_reason, const char *cost, json_t *cost_json,
		     json_t *context)
{
	json_t *o = verdict_to_json(v);

	(void)cost;
	json_object_set_new(o, "type", json_string("verdict"));
	json_object_set_new(o, "end_reason", json_string(end_reason));
	json_object_set_new(o, "cost", json_incref(cost_json));
	json_object_set_new(o, "context", json_incref(context));
	json_write(ctx, o, false);
	json_decref(o);
	fflush(ctx);
}

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
	if (s->argv)
		for (char **a = s->argv; *a; a++) {
			char *e = escape_dup(*a, strlen(*a));
			json_array_append_new(argv, json_string(e));
			free(e);
		}
	json_object_set_new(h, "cmdline", argv);
	json_object_set_new(h, "kernel", s->kernel[0] ? json_string(s->kernel) : json_null());
	json_object_set_new(rt, "language", json_string(runtime_language(&s->rt)));
	json_object_set_new(rt, "allocator", json_string(runtime_allocator(&s->rt)));
	json_object_set_new(rt, "go_version", s->rt.go_version[0] ? json_string(s->rt.go_version) : json_null());
	json_object_set_new(rt, "go_madv_free", json_boolean(runtime_go_uses_madv_free(&s->rt)));
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
	struct sampler sm;
	struct cg_sampler cs;
};

static int target_take(struct target *t, struct sample *x, struct snapshot_error *e)
{
	if (!t->cgroup)
		return sampler_take(&t->sm, x, e);
	memset(e, 0, sizeof(*e));
	int rc = cg_sampler_take(&t->cs, x);
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

int watch_run(pid_t pid, struct watch_opts *o, struct watch_result *r)
{
	struct sigaction sa = { .sa_handler = on_stop };
	struct watch_sink sink = o->json ? (struct watch_sink){ json_begin, json_sample, json_event, json_end, stdout, NULL }
				 : o->cgroup
					 ? (struct watch_sink){ text_begin, text_sample_cgroup, text_event, text_end, stdout, NULL }
					 : (struct watch_sink){ text_begin, text_sample, text_event, text_end, stdout, NULL };
	struct watch_sink plain = sink;
	struct recorder rec = { .fd = -1 };
	struct snapshot_error e;
	struct target tg = { .cgroup = o->cgroup != NULL };
	struct series series;
	struct verdict_context vctx;
	struct verdict running;
	struct verdict_identity ident = { .event = "" };
	bool have_running = false;
	double start, next, last_verdict = -INFINITY;
	char cost[400];
	json_t *h;
	int rc;

	memset(r, 0, sizeof(*r));
	if (tg.cgroup) {
		struct sample probe;
		cg_sampler_init(&tg.cs, g.proc_root, &o->cgroup->ref);
		rc = cg_sampler_take(&tg.cs, &probe); /* fails early on unreadable counters */
		if (rc) {
			err_msg("cannot read the memory counters in '%s': %s", o->cgroup->ref.dir, strerror(-rc));
			target_free(&tg);
			return EXIT_RUNTIME;
		}
	} else {
		rc = sampler_init(&tg.sm, g.proc_root, pid, o->interval, o->budget, &e);
		if (rc && o->child > 0 && (e.kind == SNAP_FAIL_ZOMBIE || e.kind == SNAP_FAIL_EXITED ||
					   proc_outcome_of(rc) == PROC_GONE)) {
			/* `run` of a command that ended before its first sample */
			struct series empty;
			series_init(&empty);
			memset(&vctx, 0, sizeof(vctx));
			vctx.interval = o->interval;
			vctx.mem_available = vctx.limit_left = vctx.peak_rss = vctx.cg_limit = vctx.swap_left = NAN;
			verdict_compute(&empty, &vctx, &r->verdict);
			r->end_reason = "target-exited";
			json_t *cj = json_object(), *xj = context_to_json(&vctx), *hj = json_object();
			json_object_set_new(hj, "format", json_string(RECORDING_FORMAT));
			json_object_set_new(hj, "version", json_integer(RECORDING_VERSION));
			json_object_set_new(hj, "target", json_string("process"));
			json_object_set_new(hj, "pid", json_integer(pid));
			sink.begin(sink.ctx, hj);
			sink.end(sink.ctx, &r->verdict, r->end_reason, "the command exited before its first sample", cj, xj);
			if (o->record) { /* the recording still says what happened */
				if ((rc = recorder_open(&rec, o->record, o->force)) == 0) {
					json_t *vj = verdict_to_json(&r->verdict);
					json_object_set_new(vj, "end_reason", json_string(r->end_reason));
					recorder_write(&rec, "header", hj);
					recorder_write(&rec, "verdict", vj);
					recorder_close(&rec);
					json_decref(vj);
				} else {
					err_msg("cannot create '%s': %s", o->record, strerror(-rc));
				}
			}
			json_decref(cj);
			json_decref(xj);
			json_decref(hj);
			series_free(&empty);
			target_free(&tg);
			child_done(o);
			return 0;
		}
		if (rc) {
			rc = report_snapshot_error(pid, &e);
			target_free(&tg);
			return rc;
		}
		if (!tg.sm.smaps_ok) {
			err_msg("cannot read '/proc/%d/smaps': %s (run as the process owner, as root, or with "
				"CAP_SYS_PTRACE); watching the status counters only: no LazyFree, no attribution",
				(int)pid, strerror(tg.sm.smaps_errno));
			r->partial = true;
		}
	}
	h = tg.cgroup ? header_json_cgroup(o->cgroup, &tg.cs, o) : header_json(&tg.sm, o);
	/* on a terminal, the full screen (not for run: the command writes
	 * to the same terminal) */
	if (!o->json && !o->plain && o->child <= 0)
		watch_screen_open(&sink, tg.cgroup, &plain);
	if (o->record) {
		rc = recorder_open(&rec, o->record, o->force);
		if (rc) {
			if (rc == -EEXIST)
				err_msg("'%s' exists; use --force to overwrite it", o->record);
			else
				err_msg("cannot create '%s': %s", o->record, strerror(-rc));
			json_decref(h);
			target_free(&tg);
			return EXIT_RUNTIME;
		}
		rc = recorder_write(&rec, "header", h);
		if (rc) {
			err_msg("cannot write '%s': %s", o->record, strerror(-rc));
			recorder_close(&rec);
			json_decref(h);
			target_free(&tg);
			return EXIT_RUNTIME;
		}
	}
	sink.begin(sink.ctx, h);
	json_decref(h);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	series_init(&series);
	target_context(&tg, o, &vctx, false);
	r->end_reason = "duration";
	start = next = clock_mono();
	for (;;) {
		struct sample x;

		if (stop_signal) {
			r->end_reason = "interrupted";
			break;
		}
		if (child_done(o)) {
			r->end_reason = "target-exited";
			break;
		}
		rc = target_take(&tg, &x, &e);
		if (rc) {
			if (proc_outcome_of(rc) == PROC_GONE || e.kind == SNAP_FAIL_ZOMBIE || e.kind == SNAP_FAIL_EXITED) {
				r->end_reason = "target-exited";
				break;
			}
			if (tg.cgroup)
				err_msg("cannot read '%s': %s", e.path, strerror(-rc));
			else
				report_snapshot_error(pid, &e);
			r->end_reason = "error";
			break;
		}
		if (!tg.cgroup && !tg.sm.smaps_ok)
			r->partial = true; /* smaps became unreadable: status only from here */
		if (!tg.cgroup && tg.sm.change != IDENTITY_SAME) {
			/* another program: never judged as one series with the old */
			enum identity_change ch = tg.sm.change;
			json_t *ev = identity_event(&tg.sm, &x, start, &ident);
			sink.event(sink.ctx, ev);
			rc = rec.fd >= 0 ? recorder_write(&rec, "event", ev) : 0;
			json_decref(ev);
			if (rc) {
				err_msg("cannot write '%s': %s; stopping", o->record, strerror(-rc));
				r->end_reason = "error";
				break;
			}
			if (ch == IDENTITY_PID_REUSED) {
				r->end_reason = "target-exited";
				break;
			}
			series_free(&series);
			series_init(&series);
			have_running = false;
			last_verdict = -INFINITY;
			if (sampler_rebase(&tg.sm, &e) != 0) {
				r->end_reason = "target-exited";
				break;
			}
		}
		series_add(&series, &x);
		if (rec.fd >= 0) {
			json_t *line = sample_to_json(&x);
			rc = recorder_write(&rec, "sample", line);
			json_decref(line);
			if (rc) {
				err_msg("cannot write '%s': %s; stopping", o->record, strerror(-rc));
				r->end_reason = "error";
				break;
			}
		}
		/* A running verdict about once a second: its cost counts too. */
		if (x.t - last_verdict >= 1.0) {
			target_context(&tg, o, &vctx, false);
			vctx.identity = ident;
			verdict_compute(&series, &vctx, &running);
			have_running = true;
			last_verdict = x.t;
			if (!tg.cgroup && (running.kind == VERDICT_LEAK || running.kind == VERDICT_LEAK_THREADS ||
					   (running.kind == VERDICT_UNDECIDED && running.slope > 0)))
				tg.sm.want_attribution = true;
		}
		sink.sample(sink.ctx, &x, have_running ? &running : NULL);
		if (ferror(stdout)) {
			r->end_reason = "error";
			break;
		}
		if (o->duration > 0 && x.t - start >= o->duration - 1e-6)
			break;
		next += o->interval;
		if (next < clock_mono()) /* fell behind (a slow smaps read): skip, don't burst */
			next = clock_mono() + o->interval;
		if (o->duration > 0 && next > start + o->duration)
			next = start + o->duration;
		if (!sink.wait) {
			sleep_until(next);
		} else if (sink.wait(sink.ctx, next, &stop_signal)) {
			r->end_reason = "interrupted";
			break;
		}
	}
	target_context(&tg, o, &vctx, true);
	vctx.identity = ident;
	verdict_compute(&series, &vctx, &r->verdict);
	target_cost(&tg, clock_mono() - start, cost, sizeof(cost));
	json_t *cost_json = target_cost_json(&tg, clock_mono() - start), *ctx_json = context_to_json(&vctx);
	if (!tg.cgroup)
		json_object_set_new(ctx_json, "top_growing_mappings", top_growing(&tg.sm));
	sink.end(sink.ctx, &r->verdict, r->end_reason, cost, cost_json, ctx_json);
	if (rec.fd >= 0) {
		json_t *v = verdict_to_json(&r->verdict);
		json_object_set_new(v, "end_reason", json_string(r->end_reason));
		json_object_set_new(v, "cost", json_incref(cost_json));
		json_object_set_new(v, "context", json_incref(ctx_json));
		rc = recorder_write(&rec, "verdict", v);
		json_decref(v);
		if (rc == 0)
			rc = recorder_close(&rec);
		else
			recorder_close(&rec);
		if (rc) {
			err_msg("cannot write '%s': %s", o->record, strerror(-rc));
			r->end_reason = "error";
		}
	}
	json_decref(cost_json);
	json_decref(ctx_json);
	series_free(&series);
	target_free(&tg);
	return strcmp(r->end_reason, "error") == 0 ? EXIT_RUNTIME : 0;
}

const char watch_options_help[] =
	"  -i, --interval T    time between samples (default 1s; 50ms to 24h)\n"
	"  -d, --duration T    stop after T (default: until Ctrl-C or the target exits)\n"
	"  -r, --record FILE   record every sample and the verdict as JSON Lines\n"
	"  -f, --force         let --record overwrite an existing FILE\n"
	"  -j, --json          JSON Lines: the recording header, one object per\n"
	"                      sample, then the verdict\n"
	"      --plain         one line per sample even on a terminal (watch takes the\n"
	"                      full screen on a terminal otherwise)\n"
	"  -b, --budget PCT    memtrace's own CPU budget, percent of one core (default 1)\n"
	"      --fail-on-leak  exit 5 when the verdict is leak or leak-threads\n"

	"  -h, --help          this help\n"
	"T takes a unit: 100ms, 2s, 5m (or 5min), 1h; plain numbers are seconds.\n";

int watch_parse_args(int argc, char **argv, struct watch_opts *o, bool *fail_on_leak, void (*usage)(FILE *),
		     bool stop_at_operand)
{
	static const struct option opts[] = {
		{ "interval", required_argument, NULL, 'i' }, { "duration", required_argument, NULL, 'd' },
		{ "record", required_argument, NULL, 'r' },   { "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },           { "budget", required_argument, NULL, 'b' },
		{ "fail-on-leak", no_argument, NULL, 'L' },   { "help", no_argument, NULL, 'h' },
		{ "cgroup", required_argument, NULL, 'c' },   { "container", required_argument, NULL, 'C' },
		{ "plain", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->interval = 1.0;
	o->budget = 0.01;
	*fail_on_leak = false;
	/* '+': `run` stops at the command to run; `watch` takes options anywhere */
	while ((c = getopt_long(argc, argv, stop_at_operand ? "+i:d:r:fjb:hc:C:" : "i:d:r:fjb:hc:C:", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (!parse_seconds(optarg, &o->interval) || o->interval < 0.05 || o->interval > 86400) {
				err_msg("--interval wants a time from 50ms to 24h, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'd':
			if (!parse_seconds(optarg, &o->duration) || o->duration <= 0) {
				err_msg("--duration wants a time such as 30s or 10m, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'r':
			o->record = optarg;
			break;
		case 'f':
			o->force = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'b':
			if (!parse_budget(optarg, &o->budget))
				return EXIT_USAGE;
			break;
		case 'L':
			*fail_on_leak = true;
			break;
		case 'P':
			o->plain = true;
			break;
		case 'c':
			o->cgroup_path = optarg;
			break;
		case 'C':
			o->container = optarg;
			break;
		case 'h':
			usage(stdout);
			return finish_output(stdout, EXIT_OK);
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	return -1;
}

int watch_exit_code(const struct watch_result *r, bool fail_on_leak)
{
	if (fail_on_leak && (r->verdict.kind == VERDICT_LEAK || r->verdict.kind == VERDICT_LEAK_THREADS))
		return EXIT_LEAK;
	if (r->partial)
		return EXIT_DENIED;
	return EXIT_OK;
}
