#include "config.h"
#include "analysis-verdict.h"
#include "analysis-shape.h"
#include "analysis-stats.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Growth below this is not a finding: RSS moves in pages and allocators
 * reserve in chunks, so a few hundred KiB over a window is noise. */
#define GROWTH_MIN (256.0 * 1024)
/* Least samples and trough cycles before any judgement. */
#define MIN_POINTS 8
#define MIN_CYCLES 4
/* Least time observed before growth is called a leak (see judge_leak). */
#define MIN_LEAK_SECONDS 8.0
#define ALPHA 0.05
#define CONFIDENCE 0.95
#define MIB (1024.0 * 1024)

static const char *const verdict_names[] = {
	[VERDICT_UNDECIDED] = "undecided",       [VERDICT_LEAK] = "leak",
	[VERDICT_LEAK_THREADS] = "leak-threads", [VERDICT_PLATEAU] = "plateau",
	[VERDICT_MADV_FREE] = "madv-free-residue", [VERDICT_RELEASED] = "released",
	[VERDICT_STABLE] = "stable",
	[VERDICT_PAGE_CACHE] = "page-cache-growth", [VERDICT_SHMEM] = "shmem-growth",
	[VERDICT_KERNEL] = "kernel-growth",
};

const char *verdict_name(enum verdict_kind k)
{
	return (size_t)k < ARRAY_SIZE(verdict_names) ? verdict_names[k] : "?";
}

int verdict_from_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(verdict_names); i++)
		if (strcmp(verdict_names[i], name) == 0)
			return (int)i;
	return -1;
}

#define B(v) format_bytes((uint64_t)((v) < 0 ? -(v) : (v)), (char[32]){ 0 }, 32)
#define S(v) format_bytes_signed((int64_t)(v), (char[32]){ 0 }, 32)
#define D(v) format_duration((v), (char[32]){ 0 }, 32)

/* One series extracted from the points: times relative to the first point
 * (midpoints of downsampled buckets), means and minima. */
struct arr {
	size_t n;
	double *t, *y, *lo;
};

/* Extracts metric M, plus metric ADD when ADD >= 0 (a point without ADD
 * is then left out too). */
static void arr_extract_m(const struct series_point *p, size_t np, enum metric m, int add, double t0, struct arr *a)
{
	a->t = xcalloc(np + 1, sizeof(double));
	a->y = xcalloc(np + 1, sizeof(double));
	a->lo = xcalloc(np + 1, sizeof(double));
	a->n = 0;
	for (size_t i = 0; i < np; i++) {
		double t = (p[i].t0 + p[i].t1) / 2 - t0, y = p[i].mean[m], lo = p[i].min[m];
		if (p[i].n[m] == 0 || !isfinite(y))
			continue;
		if (add >= 0) {
			if (p[i].n[add] == 0 || !isfinite(p[i].mean[add]))
				continue;
			/* the minimum of a sum is not the sum of minima; the mean of
			 * the part added is the honest middle */
			y += p[i].mean[add];
			lo += p[i].mean[add];
		}
		/* strictly increasing times, as the statistics require */
		if (a->n && t <= a->t[a->n - 1])
			t = a->t[a->n - 1] + 1e-6;
		a->t[a->n] = t;
		a->y[a->n] = y;
		a->lo[a->n] = lo;
		a->n++;
	}
}

static void arr_extract(const struct series_point *p, size_t np, enum metric m, double t0, struct arr *a)
{
	arr_extract_m(p, np, m, -1, t0, a);
}

static void arr_extract_sum(const struct series_point *p, size_t np, enum metric m, enum metric add, double t0,
			    struct arr *a)
{
	arr_extract_m(p, np, m, (int)add, t0, a);
}

static void arr_free(struct arr *a)
{
	free(a->t);
	free(a->y);
	free(a->lo);
}

static double last_value(const struct series_point *p, size_t np, enum metric m)
{
	for (size_t i = np; i-- > 0;)
		if (p[i].n[m])
			return p[i].mean[m];
	return NAN;
}

static double first_value(const struct series_point *p, size_t np, enum metric m)
{
	for (size_t i = 0; i < np; i++)
		if (p[i].n[m])
			return p[i].mean[m];
	return NAN;
}

/* Does the window have swap worth counting?  Any sample with some. */
static bool has_swap(const struct series_point *p, size_t np, enum metric m)
{
	for (size_t i = 0; i < np; i++)
		if (p[i].n[m] && p[i].max[m] > 0)
			return true;
	return false;
}

/* Robust noise of a series: the spread of its successive differences
 * (a trend shifts their median, not their spread), floored at one page. */
static double noise_of(const struct arr *a)
{
	double *d, sigma;

	if (a->n < 3)
		return 4096;
	d = xcalloc(a->n, sizeof(double));
	for (size_t i = 1; i < a->n; i++)
		d[i - 1] = a->y[i] - a->y[i - 1];
	sigma = stats_mad(d, a->n - 1) / sqrt(2.0);
	free(d);
	return sigma > 4096 ? sigma : 4096;
}

static double max_of(const double *v, size_t n, size_t *at)
{
	double m = -INFINITY;
	for (size_t i = 0; i < n; i++)
		if (v[i] > m) {
			m = v[i];
			if (at)
				*at = i;
		}
	return m;
}

static double min_of(const double *v, size_t n)
{
	double m = INFINITY;
	for (size_t i = 0; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

/* Which region class grew most between the first and last full smaps. */
static void attribute(const struct series_point *p, size_t np, struct verdict *v)
{
	double best = 0;

	v->grew = NULL;
	for (int c = 0; c < RC_COUNT; c++) {
		enum metric m = (enum metric)(M_CLASS0 + c);
		double a = first_value(p, np, m), b = last_value(p, np, m);
		if (isfinite(a) && isfinite(b) && b - a > best) {
			best = b - a;
			v->grew = region_class_name((enum region_class)c);
		}
	}
	v->grew_bytes = best;
}

static void set_fit(struct verdict *v, const struct stats_theil_sen *ts, const struct stats_mann_kendall *mk,
		    double span)
{
	v->slope = ts->slope;
	v->slope_lo = ts->slope_lo;
	v->slope_hi = ts->slope_hi;
	v->trend_p = mk->p;
	v->growth = ts->slope * span;
}

static void hint_for_leak(struct verdict *v, const struct verdict_context *ctx)
{
	if (v->kind == VERDICT_LEAK_THREADS)
		snprintf(v->hint, sizeof(v->hint),
			 "Threads are created and never exit (%.0f -> %.0f). Look for threads started per request "
			 "or per connection and not joined (pthread_detach/pool sizing); each keeps its stack.",
			 v->threads_start, v->threads_end);
	else if (ctx->is_go)
		snprintf(v->hint, sizeof(v->hint),
			 "Go: goroutine stacks and leaked objects both grow the Go heap (anon). Compare "
			 "runtime.NumGoroutine() over time and take two heap profiles (pprof -diff_base).");
	else if (ctx->glibc)
		snprintf(v->hint, sizeof(v->hint),
			 "glibc malloc: find who holds the allocations (heaptrack, valgrind --tool=massif, or "
			 "'memtrace snapshot --save' twice and 'memtrace diff' to see which mappings grow).");
	else
		snprintf(v->hint, sizeof(v->hint),
			 "Save two snapshots ('memtrace snapshot --save') and 'memtrace diff' them to see which "
			 "mappings grow.");
}

static void per_cpu_evidence(struct verdict *v, const struct series_point *p, size_t np)
{
	double cpu0 = first_value(p, np, M_CPU), cpu1 = last_value(p, np, M_CPU);

	v->per_cpu_second = NAN;
	if (isfinite(cpu0) && isfinite(cpu1) && cpu1 - cpu0 > 0.05)
		v->per_cpu_second = v->growth / (cpu1 - cpu0);
}

/* A leak's time to the limit: the room left under the cgroup limit, or
 * MemAvailable; held memory counts swap, so its room is RAM plus swap. */
static void project_time_to_limit(struct verdict *v, const struct verdict_context *ctx, bool with_swap)
{
	double room = isfinite(ctx->limit_left) ? ctx->limit_left : ctx->mem_available;

	v->time_to_limit = NAN;
	if ((v->kind != VERDICT_LEAK && v->kind != VERDICT_LEAK_THREADS) || !(v->slope > 0))
		return;
	if (with_swap && isfinite(room) && isfinite(ctx->swap_left))
		room += ctx->swap_left;
	if (isfinite(room) && room > 0)
		v->time_to_limit = room / v->slope;
}

/* Everything the judges look at: the series judged, its noise, its shape
 * and the trend fitted after the warm-up. */
struct judged {
	const struct series_point *p;
	size_t np;
	const struct verdict_context *ctx;
	enum metric m;
	bool with_swap;   /* the series is RSS - LazyFree + Swap (or usage + swap) */
	struct arr a;
	double sigma, rss_end, growth_floor, need_hold;
	size_t nfalls;
	struct shape_fall falls[VERDICT_MAX_CHANGES * 4];
	struct shape shape;
	bool have_shape;
	/* the trend after the warm-up */
	size_t w, n2;
	double span;
	struct stats_theil_sen ts;
	struct stats_mann_kendall mk;
	bool rising;
};

static const char *metric_label(const struct judged *j)
{
	if (j->m == M_CG_USAGE)
		return j->with_swap ? "The cgroup's usage plus its swap" : "The cgroup's usage";
	if (j->with_swap)
		return "Held memory (RSS - LazyFree + Swap)";
	return j->m == M_EFFECTIVE ? "Effective memory (RSS - LazyFree)" : "RSS";
}

static void add_change(struct verdict *v, double t)
{
	if (v->nchanges < VERDICT_MAX_CHANGES)
		v->changes[v->nchanges++] = t;
}

/* The zigzag's reversal threshold: well above the noise, and a quarter of
 * the range left once the trend is taken out (so a sawtooth over a leak
 * keeps its teeth however long the window). */
static double fall_threshold(const struct arr *a, double sigma)
{
	struct stats_theil_sen ts;
	double lo = INFINITY, hi = -INFINITY;

	if (stats_theil_sen(a->t, a->y, a->n, CONFIDENCE, &ts) != 0)
		ts.slope = 0, ts.intercept = a->y[0];
	for (size_t i = 0; i < a->n; i++) {
		double r = a->y[i] - ts.slope * a->t[i];
		lo = fmin(lo, r);
		hi = fmax(hi, r);
	}
	return fmax(fmax(8 * sigma, 0.25 * (hi - lo)), 512 * 1024.0);
}

/* What the curve did: falls first (a sawtooth or a release), then levels
 * against lines.  Sets the shape and its change points in the evidence. */
static void analyse_shape(struct judged *j, struct verdict *v)
{
	const struct arr *a = &j->a;
	size_t kept = ARRAY_SIZE(j->falls);

	j->nfalls = shape_falls(a->y, a->n, fall_threshold(a, j->sigma), j->falls, kept);
	if (j->nfalls > kept)
		j->nfalls = kept;
	j->have_shape = shape_levels(a->t, a->y, a->n, j->sigma, j->growth_floor, &j->shape) == 0;
	v->shape = j->have_shape ? j->shape.kind : SHAPE_UNKNOWN;
	if (j->nfalls >= 2) {
		v->shape = SHAPE_SAWTOOTH;
		for (size_t k = 0; k < j->nfalls; k++)
			add_change(v, a->t[j->falls[k].peak]);
		return;
	}
	if (j->nfalls == 1 && v->shape != SHAPE_RELEASE && a->y[a->n - 1] < a->y[j->falls[0].peak] - j->growth_floor &&
	    !j->falls[0].confirmed)
		v->shape = SHAPE_RELEASE;
	if (!j->have_shape)
		return;
	switch (v->shape) {
	case SHAPE_STEP:
	case SHAPE_STAIRCASE:
	case SHAPE_IRREGULAR:
		for (size_t k = 1; k < j->shape.nlevels; k++)
			add_change(v, (a->t[j->shape.levels[k - 1].to - 1] + a->t[j->shape.levels[k].from]) / 2);
		break;
	case SHAPE_RELEASE:
		if (j->nfalls == 1) {
			add_change(v, a->t[j->falls[0].peak]);
			add_change(v, a->t[j->falls[0].trough]);
		} else {
			for (size_t k = 1; k < j->shape.nlevels; k++)
				add_change(v, (a->t[j->shape.levels[k - 1].to - 1] + a->t[j->shape.levels[k].from]) / 2);
		}
		break;
	case SHAPE_RAMP_PLATEAU:
		add_change(v, a->t[j->shape.knee]);
		break;
	default:
		break;
	}
}

/* Sawtooth: memory freed in big drops each cycle (GC, batch jobs).  Judge
 * the troughs: flat troughs mean memory is reused, rising ones a leak
 * under the cycle.  Falls with no rise between them were grouped into one
 * by the zigzag: a release in stages is not a sawtooth. */
static bool judge_sawtooth(const struct judged *j, struct verdict *v)
{
	const struct arr *a = &j->a;
	size_t nd = j->nfalls, nt = 0;
	double lo = min_of(a->y, a->n), hi = max_of(a->y, a->n, NULL);
	double *tt, *ty;
	struct stats_theil_sen ts;
	struct stats_mann_kendall mk;

	if (nd < 2)
		return false;
	v->sawtooth = true;
	v->cycles = nd;
	tt = xcalloc(nd, sizeof(double));
	ty = xcalloc(nd, sizeof(double));
	for (size_t k = 0; k < nd; k++) {
		size_t from = j->falls[k].peak, to = k + 1 < nd ? j->falls[k + 1].peak : a->n, at = from;
		double m = INFINITY;
		for (size_t i = from; i < to; i++)
			if (a->lo[i] < m) {
				m = a->lo[i];
				at = i;
			}
		tt[nt] = a->t[at];
		ty[nt] = m;
		if (nt && tt[nt] <= tt[nt - 1])
			tt[nt] = tt[nt - 1] + 1e-6;
		nt++;
	}
	double period = (a->t[j->falls[nd - 1].peak] - a->t[j->falls[0].peak]) / (double)(nd - 1);
	if (nt < MIN_CYCLES || stats_theil_sen(tt, ty, nt, CONFIDENCE, &ts) || stats_mann_kendall(ty, nt, ALPHA, &mk)) {
		v->kind = VERDICT_UNDECIDED;
		v->more_seconds = (double)(MIN_CYCLES - (nt < MIN_CYCLES ? nt : MIN_CYCLES - 1)) * period;
		snprintf(v->summary, sizeof(v->summary), "undecided: a sawtooth, %zu cycles so far", nd);
		snprintf(v->reason, sizeof(v->reason),
			 "Memory rises and drops by %s every %s (%zu drops). Whether it leaks depends on the troughs, "
			 "and %d cycles are needed to judge them: watch about %s more.",
			 B(hi - lo), D(period), nd, MIN_CYCLES, D(v->more_seconds));
	} else {
		double rise = ty[nt - 1] - ty[0];
		set_fit(v, &ts, &mk, tt[nt - 1] - tt[0]);
		if (mk.trend > 0 && ts.slope_lo > 0 && ts.slope * (tt[nt - 1] - tt[0]) >= GROWTH_MIN) {
			v->kind = VERDICT_LEAK;
			snprintf(v->summary, sizeof(v->summary), "leak: sawtooth troughs rise %s/s", B(ts.slope));
			snprintf(v->reason, sizeof(v->reason),
				 "Memory is freed every %s (%zu cycles of %s), but each trough is higher than the last: "
				 "troughs rose %s (Theil-Sen %s/s, 95%% [%s/s, %s/s]; Mann-Kendall p=%.3g). Something "
				 "survives every cycle.",
				 D(period), nd, B(hi - lo), S(rise), B(ts.slope), S(ts.slope_lo), S(ts.slope_hi), mk.p);
		} else {
			v->kind = VERDICT_STABLE;
			snprintf(v->summary, sizeof(v->summary), "stable: a sawtooth with flat troughs");
			snprintf(v->reason, sizeof(v->reason),
				 "Memory rises and is freed every %s (%zu cycles of %s) and the troughs do not rise "
				 "(%s over the window; Mann-Kendall p=%.3g): it is reused, not leaked.",
				 D(period), nd, B(hi - lo), S(rise), mk.p);
		}
	}
	free(tt);
	free(ty);
	return true;
}

/* The trend over the window after a warm-up: the first tenth of the time
 * (not of the points: older history buckets are wider).  Start-up
 * allocations are not a leak. */
static bool fit_trend(struct judged *j, struct verdict *v)
{
	const struct arr *a = &j->a;
	size_t w = 0;

	while (w + 1 < a->n && a->t[w] < 0.1 * a->t[a->n - 1])
		w++;
	if (a->n - w < MIN_POINTS)
		w = a->n > MIN_POINTS ? a->n - MIN_POINTS : 0;
	j->w = w;
	j->n2 = a->n - w;
	j->span = a->t[a->n - 1] - a->t[w];
	if (stats_theil_sen(a->t + w, a->y + w, j->n2, CONFIDENCE, &j->ts) ||
	    stats_mann_kendall(a->y + w, j->n2, ALPHA, &j->mk)) {
		snprintf(v->summary, sizeof(v->summary), "undecided: the series could not be fitted");
		snprintf(v->reason, sizeof(v->reason), "The samples could not be analysed (too few distinct times).");
		return false;
	}
	set_fit(v, &j->ts, &j->mk, j->span);
	double *res = xcalloc(j->n2, sizeof(double));
	for (size_t i = 0; i < j->n2; i++)
		res[i] = a->y[w + i] - (j->ts.intercept + j->ts.slope * a->t[w + i]);
	v->min_slope = stats_min_detectable_slope(fmax(stats_mad(res, j->n2), 4096), a->t + w, j->n2, 1.96);
	free(res);
	j->rising = j->mk.trend > 0 && j->ts.slope_lo > 0 && v->growth >= j->growth_floor;
	return true;
}

/* MADV_FREE residue: RSS high, but lazily freed pages cover it. */
static bool judge_madv_free(const struct judged *j, struct verdict *v)
{
	const struct verdict_context *ctx = j->ctx;

	if (!isfinite(v->lazyfree) || v->lazyfree < fmax(MIB, 0.1 * j->rss_end) || j->rising)
		return false;
	v->kind = VERDICT_MADV_FREE;
	snprintf(v->summary, sizeof(v->summary), "MADV_FREE residue: %s of RSS is already freed", B(v->lazyfree));
	snprintf(v->reason, sizeof(v->reason),
		 "RSS is %s but %s of it (%.0f%%) is LazyFree: pages the program freed with MADV_FREE, which "
		 "the kernel takes back as soon as it needs memory. Effective memory is %s and %s (%s over "
		 "%s). This is not a leak; dashboards that show RSS overstate it.",
		 B(j->rss_end), B(v->lazyfree), 100 * v->lazyfree_share, B(v->end_level),
		 j->mk.trend < 0 && v->growth <= -j->growth_floor ? "falling" : "not rising", S(v->growth), D(j->span));
	if (ctx->go_madv_free)
		snprintf(v->hint, sizeof(v->hint),
			 "This Go runtime frees with MADV_FREE: GODEBUG=madvdontneed=1 makes it use "
			 "MADV_DONTNEED so RSS drops at once (Go 1.16+ does so by default).");
	else
		snprintf(v->hint, sizeof(v->hint),
			 "The kernel reclaims LazyFree pages under memory pressure without swapping or OOM. "
			 "To make RSS honest: Go GODEBUG=madvdontneed=1; jemalloc muzzy_decay_ms:0 in "
			 "MALLOC_CONF; mimalloc MIMALLOC_PURGE_DECOMMITS=1.");
	return true;
}

/* Released: the level fell well below its peak and stayed there, in one
 * fall or in stages. */
static bool judge_released(const struct judged *j, struct verdict *v)
{
	const struct arr *a = &j->a;
	size_t ipeak = 0, tail = a->n / 7 > 3 ? a->n / 7 : 3;
	double peak = max_of(a->y, a->n, &ipeak);
	double end = stats_median(a->y + a->n - tail, tail);
	double before = min_of(a->y, ipeak + 1);
	double drop = peak - end;

	if (ipeak + tail >= a->n || drop < fmax(MIB, 4 * j->sigma) || drop < 0.5 * (peak - before))
		return false;
	v->kind = VERDICT_RELEASED;
	v->shape = SHAPE_RELEASE;
	if (v->nchanges == 0)
		add_change(v, a->t[ipeak]);
	v->peak = peak;
	v->level = end;
	v->changed_at = a->t[ipeak];
	snprintf(v->summary, sizeof(v->summary), "released: down %s from its peak", B(drop));
	snprintf(v->reason, sizeof(v->reason),
		 "%s peaked at %s (%s in) and went back down to %s%s: the memory was returned to the system. Not "
		 "a leak.",
		 metric_label(j), B(peak), D(a->t[ipeak]), B(end),
		 v->nchanges > 2 ? " in stages" : "");
	return true;
}

static double median_spacing(const struct judged *j)
{
	const struct shape *s = &j->shape;
	double d[SHAPE_MAX_LEVELS], m;

	if (s->nlevels < 3)
		return NAN;
	for (size_t k = 2; k < s->nlevels; k++)
		d[k - 2] = j->a.t[s->levels[k].from] - j->a.t[s->levels[k - 1].from];
	m = stats_median(d, s->nlevels - 2);
	return m;
}

/* A one-time step that then holds is not a leak, however steep the jump:
 * a cache filled at once, a buffer allocated for a request.  Steps that
 * keep coming (a staircase) are: memory taken in chunks and not given
 * back.  A staircase that stopped is a plateau. */
static bool judge_steps(const struct judged *j, struct verdict *v)
{
	const struct shape *s = &j->shape;
	const struct arr *a = &j->a;
	const struct shape_level *first, *last;
	double t_end = a->t[a->n - 1], held, jump, spacing, since;

	if (!j->have_shape || (s->kind != SHAPE_STEP && s->kind != SHAPE_STAIRCASE) || v->shape != s->kind)
		return false;
	first = &s->levels[0];
	last = &s->levels[s->nlevels - 1];
	jump = last->mean - first->mean;
	if (jump < j->growth_floor)
		return false;
	held = t_end - a->t[last->from];
	v->changed_at = a->t[last->from];
	v->level = last->mean;
	if (s->kind == SHAPE_STEP) {
		if (held >= j->need_hold) {
			v->kind = VERDICT_PLATEAU;
			v->growth = jump;
			snprintf(v->summary, sizeof(v->summary), "plateau at %s after a one-time step", B(last->mean));
			snprintf(v->reason, sizeof(v->reason),
				 "%s jumped %s at %s and has held at %s for %s since: a one-time step (a cache or "
				 "buffer filled at once), not a leak.",
				 metric_label(j), S(jump), D(a->t[last->from]), B(last->mean), D(held));
		} else {
			v->kind = VERDICT_UNDECIDED;
			v->more_seconds = j->need_hold - held;
			snprintf(v->summary, sizeof(v->summary), "undecided: a step of %s %s ago", S(jump), D(held));
			snprintf(v->reason, sizeof(v->reason),
				 "%s jumped %s at %s and has held for %s: a step that holds is not a leak, but %s is "
				 "too short to tell it from the start of a staircase. Watch about %s more.",
				 metric_label(j), S(jump), D(a->t[last->from]), D(held), D(held), D(v->more_seconds));
		}
		return true;
	}
	spacing = median_spacing(j);
	since = t_end - a->t[last->from];
	if (since >= fmax(2 * spacing, j->need_hold)) {
		v->kind = VERDICT_PLATEAU;
		v->growth = jump;
		snprintf(v->summary, sizeof(v->summary), "plateau at %s after %zu steps", B(last->mean), s->ups);
		snprintf(v->reason, sizeof(v->reason),
			 "%s grew %s in %zu steps about %s apart, then stopped at %s in and has held at %s for %s. "
			 "A cache or pool that filled up in chunks, not a leak.",
			 metric_label(j), S(jump), s->ups, D(spacing), D(a->t[last->from]), B(last->mean), D(since));
		return true;
	}
	if (s->ups >= 3 && j->rising) {
		v->kind = VERDICT_LEAK;
		snprintf(v->summary, sizeof(v->summary), "leak: %s grows in steps, %s/s", v->metric, B(j->ts.slope));
		snprintf(v->reason, sizeof(v->reason),
			 "%s grew %s in %zu steps about %s apart, and the steps keep coming (the last %s ago): "
			 "memory taken in chunks and not given back. Theil-Sen %s/s (95%% [%s/s, %s/s]), "
			 "Mann-Kendall p=%.3g.",
			 metric_label(j), S(jump), s->ups, D(spacing), D(since), B(j->ts.slope), S(j->ts.slope_lo),
			 S(j->ts.slope_hi), j->mk.p);
		hint_for_leak(v, j->ctx);
		return true;
	}
	v->kind = VERDICT_UNDECIDED;
	v->more_seconds = isfinite(spacing) ? fmax(spacing * (double)(3 - (s->ups < 3 ? s->ups : 2)), j->need_hold - since)
					   : j->need_hold;
	snprintf(v->summary, sizeof(v->summary), "undecided: %zu steps up so far", s->ups);
	snprintf(v->reason, sizeof(v->reason),
		 "%s grew %s in %zu steps (the last %s ago). Steps that keep coming are a leak, steps that stop "
		 "are a cache filling up: watch about %s more.",
		 metric_label(j), S(jump), s->ups, D(since), D(v->more_seconds));
	return true;
}

/* Plateau: growth that stopped, for long enough to tell. */
static bool judge_plateau(const struct judged *j, struct verdict *v)
{
	const struct arr *a = &j->a;
	struct stats_change_point cp;
	struct stats_theil_sen ta;
	size_t min_seg = a->n / 10 > 4 ? a->n / 10 : 4, k;
	double rise, after;
	bool flat = false;

	if (stats_change_point(a->t, a->y, a->n, min_seg, &cp) != 0 || !cp.found || cp.slope_before <= 0)
		return false;
	k = cp.index;
	rise = cp.slope_before * (a->t[k] - a->t[0]);
	after = a->t[a->n - 1] - a->t[k];
	if (a->n - k >= 3 && stats_theil_sen(a->t + k, a->y + k, a->n - k, CONFIDENCE, &ta) == 0)
		flat = (ta.slope_lo <= 0 && ta.slope_hi >= 0) || fabs(ta.slope) <= 0.05 * cp.slope_before ||
		       ta.slope * after < j->growth_floor;
	if (rise < j->growth_floor || !flat)
		return false;
	v->changed_at = a->t[k];
	v->level = stats_median(a->y + k, a->n - k);
	v->shape = SHAPE_RAMP_PLATEAU;
	v->nchanges = 0;
	add_change(v, a->t[k]);
	if (after >= j->need_hold) {
		v->kind = VERDICT_PLATEAU;
		v->growth = v->level - a->y[0];
		snprintf(v->summary, sizeof(v->summary), "plateau at %s", B(v->level));
		snprintf(v->reason, sizeof(v->reason),
			 "Memory grew %s at %s/s for %s, then stopped %s in and has held at %s for %s (slope since "
			 "%s/s). A cache or pool that filled up, not a leak.",
			 B(rise), B(cp.slope_before), D(a->t[k] - a->t[0]), D(a->t[k]), B(v->level), D(after),
			 S(ta.slope));
		if (j->ctx->glibc && isfinite(j->ctx->peak_rss) && j->rss_end >= 0.95 * j->ctx->peak_rss)
			snprintf(v->hint, sizeof(v->hint),
				 "RSS sits at its high-water mark under glibc malloc: if the program has freed most "
				 "of it, this is allocator retention (malloc_trim(0) returns it; MALLOC_ARENA_MAX=2 "
				 "limits arenas).");
		return true;
	}
	v->more_seconds = j->need_hold - after;
	snprintf(v->summary, sizeof(v->summary), "undecided: growth stopped %s ago", D(after));
	snprintf(v->reason, sizeof(v->reason),
		 "Memory grew %s and has been flat for %s: too short to tell a plateau from a pause. Watch about "
		 "%s more.",
		 B(rise), D(after), D(v->more_seconds));
	return true;
}

/* A leak: a trend the window can detect, without slowing down. */
static bool judge_leak(const struct judged *j, struct verdict *v)
{
	const struct arr *a = &j->a;
	size_t w = j->w, n2 = j->n2, h = n2 / 2;
	struct stats_theil_sen t1, t2;
	double threads_trend = 0;

	if (!j->rising || j->ts.slope <= v->min_slope)
		return false;
	/* Half a sawtooth's cycle, the ramp of a cache filling up and a leak
	 * look the same for their first seconds: a leak is growth that goes
	 * on, so it takes a few seconds (and a few intervals) of it. */
	double min_leak = fmax(MIN_LEAK_SECONDS, MIN_POINTS * j->ctx->interval);
	if (v->duration < min_leak) {
		v->more_seconds = min_leak - v->duration;
		snprintf(v->summary, sizeof(v->summary), "undecided: growing %s/s for %s", B(j->ts.slope), D(v->duration));
		snprintf(v->reason, sizeof(v->reason),
			 "%s grew %s over %s (Theil-Sen %s/s, Mann-Kendall p=%.3g), but the first seconds of a leak, "
			 "of a cache filling up and of a sawtooth's rise look the same: a leak verdict takes %s of "
			 "growth. Watch about %s more.",
			 metric_label(j), B(v->growth), D(j->span), B(j->ts.slope), j->mk.p, D(min_leak),
			 D(v->more_seconds));
		return true;
	}
	if (h >= 4 && stats_theil_sen(a->t + w, a->y + w, h, CONFIDENCE, &t1) == 0 &&
	    stats_theil_sen(a->t + w + h, a->y + w + h, n2 - h, CONFIDENCE, &t2) == 0 && t1.slope > 0 &&
	    t2.slope < 0.5 * t1.slope) {
		v->more_seconds = v->duration;
		snprintf(v->summary, sizeof(v->summary), "undecided: growing, but slowing down");
		snprintf(v->reason, sizeof(v->reason),
			 "Memory grew %s over %s, but the rate fell from %s/s to %s/s: it may be levelling off into "
			 "a plateau. Watch about %s more.",
			 B(v->growth), D(j->span), B(t1.slope), S(t2.slope), D(v->more_seconds));
		return true;
	}
	if (isfinite(v->threads_start) && v->threads_end - v->threads_start >= 2) {
		struct arr th;
		struct stats_mann_kendall mkt;
		arr_extract(j->p, j->np, M_THREADS, j->p[0].t0, &th);
		if (th.n >= 4 && stats_mann_kendall(th.y, th.n, ALPHA, &mkt) == 0)
			threads_trend = mkt.trend;
		arr_free(&th);
	}
	v->kind = threads_trend > 0 ? VERDICT_LEAK_THREADS : VERDICT_LEAK;
	if (v->shape == SHAPE_UNKNOWN || v->shape == SHAPE_FLAT || v->shape == SHAPE_IRREGULAR)
		v->shape = SHAPE_LINEAR;
	if (v->kind == VERDICT_LEAK_THREADS)
		snprintf(v->summary, sizeof(v->summary), "leak (threads): %.0f -> %.0f threads, %s/s", v->threads_start,
			 v->threads_end, B(j->ts.slope));
	else
		snprintf(v->summary, sizeof(v->summary), "leak: %s grows %s/s", v->metric, B(j->ts.slope));
	snprintf(v->reason, sizeof(v->reason),
		 "%s grew %s over %s without slowing down: Theil-Sen %s/s (95%% [%s/s, %s/s]), Mann-Kendall "
		 "p=%.3g; this window can detect %s/s.%s%s%s",
		 metric_label(j), B(v->growth), D(j->span), B(j->ts.slope), S(j->ts.slope_lo), S(j->ts.slope_hi),
		 j->mk.p, B(v->min_slope), v->grew ? " Most of it is in region class " : "", v->grew ? v->grew : "",
		 v->grew ? "." : "");
	hint_for_leak(v, j->ctx);
	return true;
}

static bool judge_stable(const struct judged *j, struct verdict *v)
{
	if (j->rising || fabs(v->growth) >= j->growth_floor)
		return false;
	v->kind = VERDICT_STABLE;
	if (v->shape == SHAPE_UNKNOWN)
		v->shape = SHAPE_FLAT;
	snprintf(v->summary, sizeof(v->summary), "stable at %s", B(v->end_level));
	snprintf(v->reason, sizeof(v->reason),
		 "No trend over %s: %s changed %s (Theil-Sen %s/s, Mann-Kendall p=%.2g). A leak slower than %s/s "
		 "would not show in a window this short.",
		 D(j->span), v->metric, S(v->growth), S(j->ts.slope), j->mk.p, B(v->min_slope));
	return true;
}

static bool judge_falling(const struct judged *j, struct verdict *v)
{
	if (j->mk.trend >= 0 || v->growth > -j->growth_floor)
		return false;
	v->kind = VERDICT_RELEASED;
	snprintf(v->summary, sizeof(v->summary), "released: falling %s/s", B(-j->ts.slope));
	snprintf(v->reason, sizeof(v->reason), "%s fell %s over %s (Theil-Sen %s/s, Mann-Kendall p=%.3g).", v->metric,
		 B(-v->growth), D(j->span), S(j->ts.slope), j->mk.p);
	return true;
}

/* A trend, but not yet separable from noise or from a plateau. */
static void judge_undecided(const struct judged *j, struct verdict *v)
{
	const struct stats_theil_sen *ts = &j->ts;

	if (ts->slope > 0 && v->min_slope > 0 && isfinite(v->min_slope))
		v->more_seconds = j->span * (pow(fmax(v->min_slope / ts->slope, 1.0), 2.0 / 3.0) * 1.5 - 1.0) +
				  5 * j->ctx->interval;
	else
		v->more_seconds = j->span;
	snprintf(v->summary, sizeof(v->summary), "undecided: %s moves %s/s, not yet separable", v->metric, S(ts->slope));
	snprintf(v->reason, sizeof(v->reason),
		 "%s changed %s over %s (Theil-Sen %s/s, 95%% [%s/s, %s/s], Mann-Kendall p=%.3g), which this "
		 "window cannot yet tell from noise or a plateau (it can detect %s/s). Watch about %s more.",
		 v->metric, S(v->growth), D(j->span), S(ts->slope), S(ts->slope_lo), S(ts->slope_hi), j->mk.p,
		 B(v->min_slope), D(v->more_seconds));
}

/* Robust growth of one metric over the window (Theil-Sen slope x span). */
static double robust_growth(const struct series_point *p, size_t np, enum metric m)
{
	struct arr a;
	struct stats_theil_sen ts;
	double g = 0;

	arr_extract(p, np, m, p[0].t0, &a);
	if (a.n >= 3 && stats_theil_sen(a.t, a.y, a.n, CONFIDENCE, &ts) == 0)
		g = ts.slope * (a.t[a.n - 1] - a.t[0]);
	else if (a.n >= 2)
		g = a.y[a.n - 1] - a.y[0];
	arr_free(&a);
	return g;
}

/* A cgroup's usage grows for reasons that are not a leak: page cache of
 * files it reads and writes, tmpfs, kernel memory.  Name what grew, and
 * recognise a plateau at the limit (reclaim at work, no OOM kill). */
static void refine_cgroup(struct verdict *v, const struct verdict_context *ctx, const struct series_point *p,
			  size_t np)
{
	static const struct {
		enum metric m;
		const char *name;
	} parts[] = { { M_CG_ANON, "anon" }, { M_CG_FILE, "page-cache" }, { M_CG_SHMEM, "shmem" }, { M_CG_KERNEL, "kernel" } };
	double best = 0, usage_end = last_value(p, np, M_CG_USAGE), usage_growth = robust_growth(p, np, M_CG_USAGE);
	size_t who = 0;
	bool growing = v->kind == VERDICT_LEAK || v->kind == VERDICT_LEAK_THREADS ||
		       (v->kind == VERDICT_UNDECIDED && v->slope > 0);

	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		double g = robust_growth(p, np, parts[i].m);
		if (g > best) {
			best = g;
			who = i;
		}
	}
	v->component = best > 0 ? parts[who].name : NULL;
	v->limit_hits = last_value(p, np, M_CG_LIMIT_HITS) - first_value(p, np, M_CG_LIMIT_HITS);
	v->oom_kills = last_value(p, np, M_CG_OOM_KILLS) - first_value(p, np, M_CG_OOM_KILLS);
	/* at the limit: the usage came within 5% of it in the last quarter of
	 * the window (reclaim makes it dip below in batches) */
	{
		double recent_max = -INFINITY;
		for (size_t i = np - np / 4 - 1; i < np; i++)
			if (p[i].n[M_CG_USAGE] && p[i].max[M_CG_USAGE] > recent_max)
				recent_max = p[i].max[M_CG_USAGE];
		v->at_limit = isfinite(ctx->cg_limit) && recent_max >= 0.95 * ctx->cg_limit;
	}

	/* At the limit usage cannot grow: the kernel recycles page cache to
	 * stay under it (usage saws a little as it does).  Then what matters
	 * is whether anonymous memory keeps growing underneath. */
	if (v->at_limit && isfinite(v->limit_hits) && v->limit_hits > 0) {
		/* anon pushed to swap is still anon the cgroup holds */
		double anon_growth = robust_growth(p, np, M_CG_ANON) +
				     (has_swap(p, np, M_CG_SWAP) ? robust_growth(p, np, M_CG_SWAP) : 0);
		v->level = usage_end;
		v->hint[0] = '\0';
		if (anon_growth >= fmax(MIB, 0.05 * ctx->cg_limit)) {
			v->kind = VERDICT_LEAK;
			v->component = "anon";
			snprintf(v->summary, sizeof(v->summary), "leak at the limit: anon grew %s", S(anon_growth));
			snprintf(v->reason, sizeof(v->reason),
				 "Usage is pinned at the limit %s (hit %.0f times), but anonymous memory grew %s "
				 "underneath: the kernel is pushing page cache out to make room, and the OOM killer "
				 "comes next.",
				 B(ctx->cg_limit), v->limit_hits, S(anon_growth));
		} else {
			v->kind = VERDICT_PLATEAU;
			snprintf(v->summary, sizeof(v->summary), "plateau at the limit: %s of %s", B(usage_end),
				 B(ctx->cg_limit));
			snprintf(v->reason, sizeof(v->reason),
				 "Usage holds at %s, %.0f%% of the limit %s. The cgroup hit its limit %.0f times during "
				 "the watch and the kernel reclaimed (%s) instead of killing%s. Growth that stops at the "
				 "limit is cache being recycled, not a leak.",
				 B(usage_end), 100 * usage_end / ctx->cg_limit, B(ctx->cg_limit), v->limit_hits,
				 v->component && strcmp(v->component, "anon") != 0 ? v->component : "page cache",
				 v->oom_kills > 0 ? "" : ": no OOM kill");
		}
		goto ooms;
	}
	if (!growing || !v->component)
		goto ooms;
	if (strcmp(v->component, "page-cache") == 0) {
		v->kind = VERDICT_PAGE_CACHE;
		snprintf(v->summary, sizeof(v->summary), "page cache growth: %s, not a leak", S(best));
		snprintf(v->reason, sizeof(v->reason),
			 "The cgroup's usage grew %s, mostly page cache (%s): pages of files the container reads or "
			 "writes. The kernel reclaims them under pressure and they stop growing at the limit; the "
			 "processes' own memory did not grow like this.",
			 S(usage_growth), S(best));
		snprintf(v->hint, sizeof(v->hint),
			 "docker stats and the kubelet working set count the active part of the page cache. Look "
			 "for files written and never read again (logs, temp files); fadvise(DONTNEED) or O_DIRECT "
			 "keeps them out of the cache.");
	} else if (strcmp(v->component, "shmem") == 0) {
		v->kind = VERDICT_SHMEM;
		snprintf(v->summary, sizeof(v->summary), "shmem/tmpfs growth: %s, real memory", S(best));
		snprintf(v->reason, sizeof(v->reason),
			 "The cgroup's usage grew %s, mostly shmem/tmpfs (%s): files in /dev/shm or a tmpfs mount, "
			 "or shared memory. It looks like cache, but it cannot be reclaimed without swap: it stays "
			 "until the files are deleted.",
			 S(usage_growth), S(best));
		snprintf(v->hint, sizeof(v->hint), "List the files: du -sh /dev/shm and the container's tmpfs mounts.");
	} else if (strcmp(v->component, "kernel") == 0) {
		v->kind = VERDICT_KERNEL;
		snprintf(v->summary, sizeof(v->summary), "kernel memory growth: %s", S(best));
		snprintf(v->reason, sizeof(v->reason),
			 "The cgroup's usage grew %s, mostly kernel memory (%s): socket buffers, slab (dentries, "
			 "inodes), page tables or kernel stacks charged to the container.",
			 S(usage_growth), S(best));
		snprintf(v->hint, sizeof(v->hint),
			 "Look for connections or files that are never closed (ls /proc/PID/fd | wc -l, ss -s).");
	} else if (ctx->grew_pid > 0) {
		size_t n = strlen(v->summary);
		snprintf(v->summary + n, sizeof(v->summary) - n, " (pid %d %s)", ctx->grew_pid, ctx->grew_comm);
		n = strlen(v->reason);
		snprintf(v->reason + n, sizeof(v->reason) - n, " It is anonymous memory, and it grew in pid %d (%s): %s.",
			 ctx->grew_pid, ctx->grew_comm, S(ctx->grew_pid_bytes));
	}
ooms:
	if (v->oom_kills > 0) {
		size_t n = strlen(v->reason);
		snprintf(v->reason + n, sizeof(v->reason) - n, " %.0f OOM kills happened during the watch.", v->oom_kills);
	}
}

/* Swap at the end and how it grew: a leak pushed to swap grows there
 * while RSS holds at a limit.  The growth is the counter's change over the
 * window; the rate is taken from when swap started to be used (before,
 * it is 0 and says nothing about the rate). */
static void swap_evidence(struct judged *j, struct verdict *v)
{
	enum metric m = j->ctx->cgroup ? M_CG_SWAP : M_SWAP;
	struct arr s;
	struct stats_theil_sen ts;
	size_t from = 0;

	v->swap = last_value(j->p, j->np, m);
	v->swap_growth = v->swap_slope = NAN;
	if (!isfinite(v->swap))
		return;
	arr_extract(j->p, j->np, m, j->p[0].t0, &s);
	if (s.n >= 2)
		v->swap_growth = s.y[s.n - 1] - s.y[0];
	while (from + 1 < s.n && s.y[from + 1] <= s.y[0])
		from++;
	if (s.n - from >= 3 && stats_theil_sen(s.t + from, s.y + from, s.n - from, CONFIDENCE, &ts) == 0)
		v->swap_slope = ts.slope;
	arr_free(&s);
}

/* Under memory pressure the kernel takes lazily freed pages back: RSS
 * falls, and LazyFree with it, while the program's own memory does not
 * change.  That is not a release by the program.  Measured from the
 * highest LazyFree of the window to the end. */
static void reclaim_evidence(const struct judged *j, struct verdict *v)
{
	const struct series_point *p = j->p;
	size_t ipk = SIZE_MAX;
	double lf_peak = -INFINITY, lf_end = NAN, rss_end = NAN, eff_end = NAN;

	for (size_t i = 0; i < j->np; i++) {
		if (!p[i].n[M_LAZYFREE] || !p[i].n[M_RSS] || !p[i].n[M_EFFECTIVE])
			continue;
		if (p[i].mean[M_LAZYFREE] > lf_peak) {
			lf_peak = p[i].mean[M_LAZYFREE];
			ipk = i;
		}
		lf_end = p[i].mean[M_LAZYFREE];
		rss_end = p[i].mean[M_RSS];
		eff_end = p[i].mean[M_EFFECTIVE];
	}
	v->reclaimed_lazyfree = 0;
	if (ipk == SIZE_MAX)
		return;
	double lf_drop = lf_peak - lf_end, rss_drop = p[ipk].mean[M_RSS] - rss_end;
	double eff_move = fabs(eff_end - p[ipk].mean[M_EFFECTIVE]);
	if (lf_drop >= MIB && rss_drop >= 0.5 * lf_drop && eff_move <= 0.25 * lf_drop + 4 * j->sigma)
		v->reclaimed_lazyfree = fmin(lf_drop, rss_drop);
}

/* Sentences the evidence adds to any verdict. */
static void append(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

static void explain_extras(const struct judged *j, struct verdict *v)
{
	bool growing = v->kind == VERDICT_LEAK || v->kind == VERDICT_LEAK_THREADS;

	/* into swap: since swap started to be used it takes most of the
	 * growth (RSS is held by a limit or by memory pressure) */
	if (j->with_swap && growing && isfinite(v->swap_growth) && isfinite(v->swap_slope) && isfinite(v->slope) &&
	    v->swap_slope >= 0.5 * v->slope && v->swap_growth >= j->growth_floor) {
		double rss_now = last_value(j->p, j->np, j->ctx->cgroup ? M_CG_USAGE : M_RSS);
		append(v->summary, sizeof(v->summary), " (into swap)");
		append(v->reason, sizeof(v->reason),
		       " %s is held at %s while swap grows %s/s (%s over the window): the leak is being pushed to "
		       "swap, which only delays the OOM kill.",
		       j->ctx->cgroup ? "Usage" : "RSS", B(rss_now), B(v->swap_slope), S(v->swap_growth));
	}
	if (v->reclaimed_lazyfree > 0)
		append(v->reason, sizeof(v->reason),
		       " The kernel reclaimed %s of LazyFree under memory pressure (RSS fell with it): not a release "
		       "by the program; its effective memory did not change.",
		       B(v->reclaimed_lazyfree));
	if (v->identity.event[0])
		append(v->reason, sizeof(v->reason),
		       strcmp(v->identity.event, "exec") == 0
			       ? " The program was replaced at t=%.1f s (exec: %s -> %s): judged since then."
			       : " PID reused at t=%.1f s (%s -> %s): judged since then.",
		       v->identity.at, v->identity.from, v->identity.to);
}

static void verdict_init(struct verdict *v, const struct series *s, const struct series_point *p, size_t np,
			 const struct verdict_context *ctx)
{
	memset(v, 0, sizeof(*v));
	v->kind = VERDICT_UNDECIDED;
	v->shape = SHAPE_UNKNOWN;
	v->samples = s->total;
	v->points = np;
	v->lazyfree = v->lazyfree_share = NAN;
	v->per_cpu_second = v->more_seconds = v->time_to_limit = NAN;
	v->changed_at = v->level = v->peak = NAN;
	v->slope = v->slope_lo = v->slope_hi = v->trend_p = v->min_slope = NAN;
	v->start_level = v->end_level = v->growth = v->noise = NAN;
	v->limit_hits = v->oom_kills = NAN;
	v->swap = v->swap_growth = v->swap_slope = NAN;
	v->threads_start = first_value(p, np, M_THREADS);
	v->threads_end = last_value(p, np, M_THREADS);
	v->identity = ctx->identity;
}

/* The series judged: what the program holds.  Effective memory (RSS -
 * LazyFree) where the kernel reports LazyFree, since lazily freed pages
 * are not the program's; plus swap when there is any, since memory pushed
 * to swap is still held (a leak under a limit with swap shows as flat RSS
 * and growing swap). */
static void choose_metric(struct judged *j, struct verdict *v)
{
	enum metric swap_m = j->ctx->cgroup ? M_CG_SWAP : M_SWAP;

	if (j->ctx->cgroup)
		j->m = M_CG_USAGE;
	else
		j->m = isfinite(last_value(j->p, j->np, M_LAZYFREE)) ? M_EFFECTIVE : M_RSS;
	j->with_swap = has_swap(j->p, j->np, swap_m);
	if (j->with_swap)
		arr_extract_sum(j->p, j->np, j->m, swap_m, j->p[0].t0, &j->a);
	else
		arr_extract(j->p, j->np, j->m, j->p[0].t0, &j->a);
	v->metric = j->with_swap && !j->ctx->cgroup ? "held" : metric_name(j->m);
}

static bool enough_data(const struct judged *j, struct verdict *v, double min_seconds)
{
	size_t n = j->a.n;

	if (n >= MIN_POINTS && v->duration >= min_seconds)
		return true;
	v->more_seconds = fmax(min_seconds - v->duration,
			       (double)(MIN_POINTS - (n < MIN_POINTS ? n : MIN_POINTS)) * j->ctx->interval);
	snprintf(v->summary, sizeof(v->summary), "undecided: not enough data yet");
	snprintf(v->reason, sizeof(v->reason),
		 "%zu samples over %s: at least %d samples and %s are needed before any judgement.", n, D(v->duration),
		 MIN_POINTS, D(min_seconds));
	return false;
}

/* Runs the judges in order; the first that recognises the curve decides. */
static void judge(struct judged *j, struct verdict *v)
{
	analyse_shape(j, v);
	if (judge_sawtooth(j, v) || !fit_trend(j, v))
		return;
	if (judge_madv_free(j, v) || judge_released(j, v) || judge_steps(j, v) || judge_plateau(j, v) ||
	    judge_leak(j, v) || judge_stable(j, v) || judge_falling(j, v))
		return;
	judge_undecided(j, v);
}

void verdict_compute(const struct series *s, const struct verdict_context *ctx, struct verdict *v)
{
	struct series_point *p;
	size_t np = series_points(s, -INFINITY, INFINITY, &p);
	double min_seconds = fmax(2.0, 5 * ctx->interval);
	struct judged j = { .p = p, .np = np, .ctx = ctx };

	verdict_init(v, s, p, np, ctx);
	if (np == 0) {
		snprintf(v->summary, sizeof(v->summary), "undecided: no samples");
		snprintf(v->reason, sizeof(v->reason), "Nothing was sampled.");
		explain_extras(&j, v);
		free(p);
		return;
	}
	v->duration = p[np - 1].t1 - p[0].t0;
	choose_metric(&j, v);
	j.rss_end = last_value(p, np, M_RSS);
	v->lazyfree = last_value(p, np, M_LAZYFREE);
	if (isfinite(v->lazyfree) && j.rss_end > 0)
		v->lazyfree_share = v->lazyfree / j.rss_end;
	attribute(p, np, v);
	swap_evidence(&j, v);
	if (j.a.n)
		v->start_level = j.a.y[0], v->end_level = j.a.y[j.a.n - 1];
	if (enough_data(&j, v, min_seconds)) {
		j.sigma = v->noise = noise_of(&j.a);
		j.growth_floor = fmax(GROWTH_MIN, 4 * j.sigma);
		/* how long a level must hold before it counts as one */
		j.need_hold = fmax(fmax(0.25 * v->duration, 5 * ctx->interval), 2.0);
		reclaim_evidence(&j, v);
		judge(&j, v);
	}
	per_cpu_evidence(v, p, np);
	if (ctx->cgroup && j.a.n >= MIN_POINTS)
		refine_cgroup(v, ctx, p, np);
	project_time_to_limit(v, ctx, j.with_swap);
	explain_extras(&j, v);
	arr_free(&j.a);
	free(p);
}
