#include "config.h"
#include "analysis-verdict.h"
#include "analysis-shape.h"
#include "analysis-stats.h"
#include "util.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Growth below this is not a finding: RSS moves in pages and allocators
 * reserve in chunks, so a few hundred KiB over a window is noise. */
#define GROWTH_MIN (256.0 * 1024)
#define MIN_POINTS VERDICT_MIN_SAMPLES
#define MIN_CYCLES VERDICT_MIN_CYCLES
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

static const char *const finding_names[FINDING_COUNT] = {
	[FINDING_NO_SAMPLES] = "no-samples",
	[FINDING_TOO_FEW_SAMPLES] = "too-few-samples",
	[FINDING_UNFITTABLE] = "unfittable",
	[FINDING_SAWTOOTH_YOUNG] = "sawtooth-too-few-cycles",
	[FINDING_SAWTOOTH_RISING] = "sawtooth-rising-troughs",
	[FINDING_SAWTOOTH_FLAT] = "sawtooth-flat-troughs",
	[FINDING_LAZYFREE] = "lazyfree-covers-rss",
	[FINDING_FELL_FROM_PEAK] = "fell-from-peak",
	[FINDING_STEP_HELD] = "step-held",
	[FINDING_STEP_YOUNG] = "step-too-recent",
	[FINDING_STEPS_STOPPED] = "steps-stopped",
	[FINDING_STEPS_GOING] = "steps-keep-coming",
	[FINDING_STEPS_YOUNG] = "steps-too-few",
	[FINDING_RAMP_HELD] = "ramp-then-held",
	[FINDING_RAMP_YOUNG] = "ramp-then-pause",
	[FINDING_GROWING_YOUNG] = "growing-too-briefly",
	[FINDING_SLOWING] = "growing-slowing-down",
	[FINDING_TREND] = "steady-trend",
	[FINDING_NO_TREND] = "no-trend",
	[FINDING_FALLING] = "falling",
	[FINDING_NOT_SEPARABLE] = "trend-not-separable",
	[FINDING_CG_LEAK_AT_LIMIT] = "anon-grows-at-limit",
	[FINDING_CG_PLATEAU_AT_LIMIT] = "held-at-limit",
	[FINDING_CG_COMPONENT] = "component-grows",
};

static const char *const advice_names[ADVICE_COUNT] = {
	[ADVICE_NONE] = "none",
	[ADVICE_THREADS] = "threads-not-joined",
	[ADVICE_GO_HEAP] = "go-heap-profiles",
	[ADVICE_GLIBC_HEAP] = "glibc-heap-profilers",
	[ADVICE_DIFF_SNAPSHOTS] = "diff-snapshots",
	[ADVICE_GO_MADVDONTNEED] = "go-madvdontneed",
	[ADVICE_LAZYFREE_KNOBS] = "allocator-purge-settings",
	[ADVICE_GLIBC_RETENTION] = "glibc-malloc-trim",
	[ADVICE_PAGE_CACHE] = "page-cache-writes",
	[ADVICE_SHMEM_FILES] = "shmem-files",
	[ADVICE_KERNEL_HANDLES] = "unclosed-handles",
};

const char *verdict_finding_name(enum verdict_finding f)
{
	return (size_t)f < ARRAY_SIZE(finding_names) && finding_names[f] ? finding_names[f] : "?";
}

const char *verdict_advice_name(enum verdict_advice a)
{
	return (size_t)a < ARRAY_SIZE(advice_names) && advice_names[a] ? advice_names[a] : "?";
}

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
		double a = series_points_first(p, np, m), b = series_points_last(p, np, m);
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
	v->span = span;
	v->growth = ts->slope * span;
}

static enum verdict_advice advice_for_leak(const struct verdict *v, const struct verdict_context *ctx)
{
	if (v->kind == VERDICT_LEAK_THREADS)
		return ADVICE_THREADS;
	if (ctx->is_go)
		return ADVICE_GO_HEAP;
	return ctx->glibc ? ADVICE_GLIBC_HEAP : ADVICE_DIFF_SNAPSHOTS;
}

static void per_cpu_evidence(struct verdict *v, const struct series_point *p, size_t np)
{
	double cpu0 = series_points_first(p, np, M_CPU), cpu1 = series_points_last(p, np, M_CPU);

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

/* The troughs of a sawtooth: the lowest point between one fall's peak
 * and the next.  Returns how many (nd). */
static size_t sawtooth_troughs(const struct judged *j, double *tt, double *ty)
{
	const struct arr *a = &j->a;
	size_t nd = j->nfalls, nt = 0;

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
	return nt;
}

/* Sawtooth: memory freed in big drops each cycle (GC, batch jobs).  Judge
 * the troughs: flat troughs mean memory is reused, rising ones a leak
 * under the cycle.  Falls with no rise between them were grouped into one
 * by the zigzag: a release in stages is not a sawtooth. */
static bool judge_sawtooth(const struct judged *j, struct verdict *v)
{
	const struct arr *a = &j->a;
	size_t nd = j->nfalls, nt;
	double *tt, *ty;
	struct stats_theil_sen ts;
	struct stats_mann_kendall mk;

	if (nd < 2)
		return false;
	v->sawtooth = true;
	v->cycles = nd;
	v->amplitude = max_of(a->y, a->n, NULL) - min_of(a->y, a->n);
	v->period = (a->t[j->falls[nd - 1].peak] - a->t[j->falls[0].peak]) / (double)(nd - 1);
	tt = xcalloc(nd, sizeof(double));
	ty = xcalloc(nd, sizeof(double));
	nt = sawtooth_troughs(j, tt, ty);
	if (nt < MIN_CYCLES || stats_theil_sen(tt, ty, nt, CONFIDENCE, &ts) || stats_mann_kendall(ty, nt, ALPHA, &mk)) {
		v->kind = VERDICT_UNDECIDED;
		v->finding = FINDING_SAWTOOTH_YOUNG;
		v->more_seconds = (double)(MIN_CYCLES - (nt < MIN_CYCLES ? nt : MIN_CYCLES - 1)) * v->period;
	} else {
		set_fit(v, &ts, &mk, tt[nt - 1] - tt[0]);
		v->trough_rise = ty[nt - 1] - ty[0];
		if (mk.trend > 0 && ts.slope_lo > 0 && ts.slope * (tt[nt - 1] - tt[0]) >= GROWTH_MIN) {
			v->kind = VERDICT_LEAK;
			v->finding = FINDING_SAWTOOTH_RISING;
		} else {
			v->kind = VERDICT_STABLE;
			v->finding = FINDING_SAWTOOTH_FLAT;
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
		v->finding = FINDING_UNFITTABLE;
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
	if (!isfinite(v->lazyfree) || v->lazyfree < fmax(MIB, 0.1 * j->rss_end) || j->rising)
		return false;
	v->kind = VERDICT_MADV_FREE;
	v->finding = FINDING_LAZYFREE;
	v->falling = j->mk.trend < 0 && v->growth <= -j->growth_floor;
	v->advice = j->ctx->go_madv_free ? ADVICE_GO_MADVDONTNEED : ADVICE_LAZYFREE_KNOBS;
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
	v->finding = FINDING_FELL_FROM_PEAK;
	v->shape = SHAPE_RELEASE;
	if (v->nchanges == 0)
		add_change(v, a->t[ipeak]);
	v->peak = peak;
	v->level = end;
	v->changed_at = a->t[ipeak];
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

/* One step that holds long enough is a plateau; a younger one is not yet
 * told from the start of a staircase. */
static void judge_one_step(const struct judged *j, struct verdict *v)
{
	if (v->held >= j->need_hold) {
		v->kind = VERDICT_PLATEAU;
		v->finding = FINDING_STEP_HELD;
		v->growth = v->jump;
		return;
	}
	v->kind = VERDICT_UNDECIDED;
	v->finding = FINDING_STEP_YOUNG;
	v->more_seconds = j->need_hold - v->held;
}

/* Steps that stopped (for twice their spacing) are a plateau, steps that
 * keep coming a leak; too few to tell, undecided. */
static void judge_staircase(const struct judged *j, struct verdict *v)
{
	size_t ups = j->shape.ups;

	if (v->held >= fmax(2 * v->spacing, j->need_hold)) {
		v->kind = VERDICT_PLATEAU;
		v->finding = FINDING_STEPS_STOPPED;
		v->growth = v->jump;
		return;
	}
	if (ups >= 3 && j->rising) {
		v->kind = VERDICT_LEAK;
		v->finding = FINDING_STEPS_GOING;
		v->advice = advice_for_leak(v, j->ctx);
		return;
	}
	v->kind = VERDICT_UNDECIDED;
	v->finding = FINDING_STEPS_YOUNG;
	v->more_seconds = isfinite(v->spacing)
				  ? fmax(v->spacing * (double)(3 - (ups < 3 ? ups : 2)), j->need_hold - v->held)
				  : j->need_hold;
}

#define STEP_DWARFED 4.0 /* a rise before the first level this many times the step */

/* A one-time step that then holds is not a leak, however steep the jump:
 * a cache filled at once, a buffer allocated for a request.  Steps that
 * keep coming (a staircase) are: memory taken in chunks and not given
 * back.  A staircase that stopped is a plateau. */
static bool judge_steps(const struct judged *j, struct verdict *v)
{
	const struct shape *s = &j->shape;
	const struct arr *a = &j->a;
	const struct shape_level *first, *last;

	if (!j->have_shape || (s->kind != SHAPE_STEP && s->kind != SHAPE_STAIRCASE) || v->shape != s->kind)
		return false;
	first = &s->levels[0];
	last = &s->levels[s->nlevels - 1];
	if (last->mean - first->mean < j->growth_floor)
		return false;
	/* One small step on top of a rise many times its size (a cache filled
	 * 64 MiB, then crept 0.3 MiB as its garbage settled) is not the story
	 * of the curve: the plateau judge tells that rise and what followed. */
	if (s->kind == SHAPE_STEP && first->mean - a->y[0] > STEP_DWARFED * (last->mean - first->mean))
		return false;
	v->jump = last->mean - first->mean;
	v->held = a->t[a->n - 1] - a->t[last->from];
	v->changed_at = a->t[last->from];
	v->level = last->mean;
	v->steps = s->ups;
	if (s->kind == SHAPE_STEP) {
		judge_one_step(j, v);
		return true;
	}
	v->spacing = median_spacing(j);
	judge_staircase(j, v);
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
	/* Flat: an interval around 0, or a slope that is small by itself.  An
	 * unbounded interval (the few points of a short tail cannot bound the
	 * slope at 95%) says nothing: read as "holds 0", one sample a little
	 * low four or five samples before the end (a sample read just before
	 * an allocation) made a steady leak "growth stopped 3.0s ago". */
	if (a->n - k >= 3 && stats_theil_sen(a->t + k, a->y + k, a->n - k, CONFIDENCE, &ta) == 0)
		flat = (isfinite(ta.slope_lo) && isfinite(ta.slope_hi) && ta.slope_lo <= 0 && ta.slope_hi >= 0) ||
		       fabs(ta.slope) <= 0.05 * cp.slope_before || ta.slope * after < j->growth_floor;
	if (rise < j->growth_floor || !flat)
		return false;
	v->changed_at = a->t[k];
	v->level = stats_median(a->y + k, a->n - k);
	v->shape = SHAPE_RAMP_PLATEAU;
	v->nchanges = 0;
	add_change(v, a->t[k]);
	v->rise = rise;
	v->rise_rate = cp.slope_before;
	v->held = after;
	v->slope_after = ta.slope;
	if (after >= j->need_hold) {
		v->kind = VERDICT_PLATEAU;
		v->finding = FINDING_RAMP_HELD;
		v->growth = v->level - a->y[0];
		if (j->ctx->glibc && isfinite(j->ctx->peak_rss) && j->rss_end >= 0.95 * j->ctx->peak_rss)
			v->advice = ADVICE_GLIBC_RETENTION;
		return true;
	}
	v->finding = FINDING_RAMP_YOUNG;
	v->more_seconds = j->need_hold - after;
	return true;
}

/* Growth that slows down: the second half's slope under half the first's
 * may be a ramp levelling off into a plateau. */
static bool slowing_down(const struct judged *j, struct verdict *v)
{
	const struct arr *a = &j->a;
	size_t w = j->w, n2 = j->n2, h = n2 / 2;
	struct stats_theil_sen t1, t2;

	if (h < 4 || stats_theil_sen(a->t + w, a->y + w, h, CONFIDENCE, &t1) != 0 ||
	    stats_theil_sen(a->t + w + h, a->y + w + h, n2 - h, CONFIDENCE, &t2) != 0 || !(t1.slope > 0) ||
	    !(t2.slope < 0.5 * t1.slope))
		return false;
	v->slope_first = t1.slope;
	v->slope_second = t2.slope;
	return true;
}

/* A runtime adds a few threads of its own as its load grows (Go started
 * 2 more Ms, 5 -> 7, while goroutines leaked in tests/go-runtime.test; a
 * JVM or glibc's helpers do the same): that is no thread leak.  Threads
 * that leak keep coming, so it takes this many more. */
#define MIN_THREADS_ADDED 4

/* Do the threads rise with the memory (Mann-Kendall on their count)? */
static bool threads_rising(const struct judged *j, const struct verdict *v)
{
	struct arr th;
	struct stats_mann_kendall mkt;
	bool up = false;

	if (!isfinite(v->threads_start) || v->threads_end - v->threads_start < MIN_THREADS_ADDED)
		return false;
	arr_extract(j->p, j->np, M_THREADS, j->p[0].t0, &th);
	if (th.n >= 4 && stats_mann_kendall(th.y, th.n, ALPHA, &mkt) == 0)
		up = mkt.trend > 0;
	arr_free(&th);
	return up;
}

/* A leak: a trend the window can detect, without slowing down. */
static bool judge_leak(const struct judged *j, struct verdict *v)
{
	if (!j->rising || j->ts.slope <= v->min_slope)
		return false;
	/* Half a sawtooth's cycle, the ramp of a cache filling up and a leak
	 * look the same for their first seconds: a leak is growth that goes
	 * on, so it takes a few seconds (and a few intervals) of it. */
	v->need_seconds = fmax(MIN_LEAK_SECONDS, MIN_POINTS * j->ctx->interval);
	if (v->duration < v->need_seconds) {
		v->finding = FINDING_GROWING_YOUNG;
		v->more_seconds = v->need_seconds - v->duration;
		return true;
	}
	if (slowing_down(j, v)) {
		v->finding = FINDING_SLOWING;
		v->more_seconds = v->duration;
		return true;
	}
	v->kind = threads_rising(j, v) ? VERDICT_LEAK_THREADS : VERDICT_LEAK;
	v->finding = FINDING_TREND;
	if (v->shape == SHAPE_UNKNOWN || v->shape == SHAPE_FLAT || v->shape == SHAPE_IRREGULAR)
		v->shape = SHAPE_LINEAR;
	v->advice = advice_for_leak(v, j->ctx);
	return true;
}

static bool judge_stable(const struct judged *j, struct verdict *v)
{
	if (j->rising || fabs(v->growth) >= j->growth_floor)
		return false;
	v->kind = VERDICT_STABLE;
	v->finding = FINDING_NO_TREND;
	if (v->shape == SHAPE_UNKNOWN)
		v->shape = SHAPE_FLAT;
	return true;
}

static bool judge_falling(const struct judged *j, struct verdict *v)
{
	if (j->mk.trend >= 0 || v->growth > -j->growth_floor)
		return false;
	v->kind = VERDICT_RELEASED;
	v->finding = FINDING_FALLING;
	return true;
}

/* A trend, but not yet separable from noise or from a plateau: how much
 * longer until the slope would clear the detectable one (it falls as
 * span^-3/2). */
static void judge_undecided(const struct judged *j, struct verdict *v)
{
	const struct stats_theil_sen *ts = &j->ts;

	v->finding = FINDING_NOT_SEPARABLE;
	if (ts->slope > 0 && v->min_slope > 0 && isfinite(v->min_slope))
		v->more_seconds = j->span * (pow(fmax(v->min_slope / ts->slope, 1.0), 2.0 / 3.0) * 1.5 - 1.0) +
				  5 * j->ctx->interval;
	else
		v->more_seconds = j->span;
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

static const struct {
	enum metric m;
	const char *name;
	enum verdict_kind kind;
	enum verdict_advice advice;
} cg_parts[] = {
	{ M_CG_ANON, "anon", VERDICT_LEAK, ADVICE_NONE },
	{ M_CG_FILE, "page-cache", VERDICT_PAGE_CACHE, ADVICE_PAGE_CACHE },
	{ M_CG_SHMEM, "shmem", VERDICT_SHMEM, ADVICE_SHMEM_FILES },
	{ M_CG_KERNEL, "kernel", VERDICT_KERNEL, ADVICE_KERNEL_HANDLES },
};

/* The component of the cgroup's usage that grew most (-1 if none). */
static int cg_component(const struct series_point *p, size_t np, double *growth)
{
	int who = -1;

	*growth = 0;
	for (size_t i = 0; i < ARRAY_SIZE(cg_parts); i++) {
		double g = robust_growth(p, np, cg_parts[i].m);
		if (g > *growth) {
			*growth = g;
			who = (int)i;
		}
	}
	return who;
}

/* At the limit: the usage came within 5% of it in the last quarter of the
 * window (reclaim makes it dip below in batches). */
static bool cg_at_limit(const struct series_point *p, size_t np, double limit)
{
	double recent_max = -INFINITY;

	for (size_t i = np - np / 4 - 1; i < np; i++)
		if (p[i].n[M_CG_USAGE] && p[i].max[M_CG_USAGE] > recent_max)
			recent_max = p[i].max[M_CG_USAGE];
	return isfinite(limit) && recent_max >= 0.95 * limit;
}

/* At the limit usage cannot grow: the kernel recycles page cache to stay
 * under it (usage saws a little as it does).  Then what matters is
 * whether anonymous memory keeps growing underneath; anon pushed to swap
 * is still anon the cgroup holds. */
static void judge_cg_at_limit(const struct series_point *p, size_t np, struct verdict *v)
{
	double anon_growth =
		robust_growth(p, np, M_CG_ANON) + (has_swap(p, np, M_CG_SWAP) ? robust_growth(p, np, M_CG_SWAP) : 0);

	v->level = series_points_last(p, np, M_CG_USAGE);
	v->advice = ADVICE_NONE;
	if (anon_growth >= fmax(MIB, 0.05 * v->cg_limit)) {
		v->kind = VERDICT_LEAK;
		v->finding = FINDING_CG_LEAK_AT_LIMIT;
		v->component = "anon";
		v->component_growth = anon_growth;
		return;
	}
	v->kind = VERDICT_PLATEAU;
	v->finding = FINDING_CG_PLATEAU_AT_LIMIT;
}

/* A cgroup's usage grows for reasons that are not a leak: page cache of
 * files it reads and writes, tmpfs, kernel memory.  Name what grew, and
 * recognise a plateau at the limit (reclaim at work, no OOM kill). */
static void refine_cgroup(struct verdict *v, const struct verdict_context *ctx, const struct series_point *p,
			  size_t np)
{
	bool growing = v->kind == VERDICT_LEAK || v->kind == VERDICT_LEAK_THREADS ||
		       (v->kind == VERDICT_UNDECIDED && v->slope > 0);
	int who = cg_component(p, np, &v->component_growth);

	v->component = who >= 0 ? cg_parts[who].name : NULL;
	v->usage_growth = robust_growth(p, np, M_CG_USAGE);
	v->cg_limit = ctx->cg_limit;
	v->limit_hits = series_points_last(p, np, M_CG_LIMIT_HITS) - series_points_first(p, np, M_CG_LIMIT_HITS);
	v->oom_kills = series_points_last(p, np, M_CG_OOM_KILLS) - series_points_first(p, np, M_CG_OOM_KILLS);
	v->at_limit = cg_at_limit(p, np, ctx->cg_limit);
	if (v->at_limit && isfinite(v->limit_hits) && v->limit_hits > 0) {
		judge_cg_at_limit(p, np, v);
		return;
	}
	if (!growing || who < 0)
		return;
	if (cg_parts[who].m != M_CG_ANON) {
		v->kind = cg_parts[who].kind;
		v->finding = FINDING_CG_COMPONENT;
		v->advice = cg_parts[who].advice;
	} else if (ctx->grew_pid > 0) {
		v->grew_pid = ctx->grew_pid;
		snprintf(v->grew_comm, sizeof(v->grew_comm), "%s", ctx->grew_comm);
		v->grew_pid_bytes = ctx->grew_pid_bytes;
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

	v->swap = series_points_last(j->p, j->np, m);
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

/* Into swap: since swap started to be used it takes most of the growth
 * (RSS is held by a limit or by memory pressure). */
static void into_swap_evidence(const struct judged *j, struct verdict *v)
{
	bool growing = v->kind == VERDICT_LEAK || v->kind == VERDICT_LEAK_THREADS;

	if (j->with_swap && growing && isfinite(v->swap_growth) && isfinite(v->swap_slope) && isfinite(v->slope) &&
	    v->swap_slope >= 0.5 * v->slope && v->swap_growth >= j->growth_floor) {
		v->into_swap = true;
		v->held_at = series_points_last(j->p, j->np, j->ctx->cgroup ? M_CG_USAGE : M_RSS);
	}
}

static void verdict_init(struct verdict *v, const struct series *s, const struct series_point *p, size_t np,
			 const struct verdict_context *ctx)
{
	memset(v, 0, sizeof(*v));
	v->kind = VERDICT_UNDECIDED;
	v->finding = FINDING_NO_SAMPLES;
	v->advice = ADVICE_NONE;
	v->shape = SHAPE_UNKNOWN;
	v->samples = s->total;
	v->points = np;
	v->lazyfree = v->lazyfree_share = NAN;
	v->per_cpu_second = v->more_seconds = v->time_to_limit = v->need_seconds = NAN;
	v->changed_at = v->level = v->peak = NAN;
	v->slope = v->slope_lo = v->slope_hi = v->trend_p = v->min_slope = v->span = NAN;
	v->start_level = v->end_level = v->growth = v->noise = v->rss = NAN;
	v->amplitude = v->period = v->trough_rise = v->jump = v->spacing = v->held = NAN;
	v->rise = v->rise_rate = v->slope_after = v->slope_first = v->slope_second = v->held_at = NAN;
	v->limit_hits = v->oom_kills = v->cg_limit = v->usage_growth = v->component_growth = NAN;
	v->grew_pid_bytes = NAN;
	v->swap = v->swap_growth = v->swap_slope = NAN;
	v->threads_start = series_points_first(p, np, M_THREADS);
	v->threads_end = series_points_last(p, np, M_THREADS);
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
		j->m = isfinite(series_points_last(j->p, j->np, M_LAZYFREE)) ? M_EFFECTIVE : M_RSS;
	j->with_swap = has_swap(j->p, j->np, swap_m);
	if (j->with_swap)
		arr_extract_sum(j->p, j->np, j->m, swap_m, j->p[0].t0, &j->a);
	else
		arr_extract(j->p, j->np, j->m, j->p[0].t0, &j->a);
	v->metric = j->with_swap && !j->ctx->cgroup ? "held" : metric_name(j->m);
	v->metric_with_swap = j->with_swap && j->ctx->cgroup;
}

static bool enough_data(const struct judged *j, struct verdict *v, double min_seconds)
{
	size_t n = j->a.n;

	if (n >= MIN_POINTS && v->duration >= min_seconds)
		return true;
	v->finding = FINDING_TOO_FEW_SAMPLES;
	v->need_seconds = min_seconds;
	v->more_seconds = fmax(min_seconds - v->duration,
			       (double)(MIN_POINTS - (n < MIN_POINTS ? n : MIN_POINTS)) * j->ctx->interval);
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

/* The evidence every verdict carries, whatever decided it. */
static void common_evidence(struct judged *j, struct verdict *v)
{
	const struct series_point *p = j->p;
	size_t np = j->np;

	v->duration = p[np - 1].t1 - p[0].t0;
	choose_metric(j, v);
	j->rss_end = v->rss = series_points_last(p, np, M_RSS);
	v->lazyfree = series_points_last(p, np, M_LAZYFREE);
	if (isfinite(v->lazyfree) && j->rss_end > 0)
		v->lazyfree_share = v->lazyfree / j->rss_end;
	attribute(p, np, v);
	swap_evidence(j, v);
	if (j->a.n)
		v->start_level = j->a.y[0], v->end_level = j->a.y[j->a.n - 1];
}

/* What the Go service's own accounting adds (analysis-goruntime.c). */
static void go_evidence(struct verdict *v, const struct verdict_context *ctx, const struct series_point *p,
			size_t np)
{
	struct go_judge_in in = {
		.first = ctx->go_first,
		.last = ctx->go_last,
		.growth = v->growth,
		.memory_grows = v->kind == VERDICT_LEAK || v->kind == VERDICT_LEAK_THREADS,
		.memory_flat = v->kind == VERDICT_PLATEAU || v->kind == VERDICT_STABLE,
		.grew = v->grew,
		.pprof = ctx->go_pprof,
		.madv_free_expected = ctx->go_madv_free,
		.memlimit = ctx->go_memlimit,
		.gogc = ctx->go_gogc,
		.go_version = ctx->go_version,
	};

	go_verdict_compute(p, np, &in, &v->go);
}

void verdict_compute(const struct series *s, const struct verdict_context *ctx, struct verdict *v)
{
	struct series_point *p;
	size_t np = series_points(s, -INFINITY, INFINITY, &p);
	double min_seconds = fmax(2.0, 5 * ctx->interval);
	struct judged j = { .p = p, .np = np, .ctx = ctx };

	verdict_init(v, s, p, np, ctx);
	if (np == 0) {
		go_evidence(v, ctx, p, np);
		free(p);
		return;
	}
	common_evidence(&j, v);
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
	into_swap_evidence(&j, v);
	go_evidence(v, ctx, p, np);
	arr_free(&j.a);
	free(p);
}
