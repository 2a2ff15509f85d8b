#include "config.h"
#include "analysis-verdict.h"
#include "analysis-stats.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Growth below this is not a finding: RSS moves in pages and allocators
 * reserve in chunks, so a few hundred KiB over a window is noise. */
#define GROWTH_MIN (256.0 * 1024)
/* Least samples and trough cycles before any judgement. */
#define MIN_POINTS 8
#define MIN_CYCLES 4
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

static void arr_extract(const struct series_point *p, size_t np, enum metric m, double t0, struct arr *a)
{
	a->t = xcalloc(np + 1, sizeof(double));
	a->y = xcalloc(np + 1, sizeof(double));
	a->lo = xcalloc(np + 1, sizeof(double));
	a->n = 0;
	for (size_t i = 0; i < np; i++) {
		double t = (p[i].t0 + p[i].t1) / 2 - t0;
		if (p[i].n[m] == 0 || !isfinite(p[i].mean[m]))
			continue;
		/* strictly increasing times, as the statistics require */
		if (a->n && t <= a->t[a->n - 1])
			t = a->t[a->n - 1] + 1e-6;
		a->t[a->n] = t;
		a->y[a->n] = p[i].mean[m];
		a->lo[a->n] = p[i].min[m];
		a->n++;
	}
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

static void finish_common(struct verdict *v, const struct verdict_context *ctx, const struct series_point *p,
			  size_t np)
{
	double cpu0 = first_value(p, np, M_CPU), cpu1 = last_value(p, np, M_CPU);

	v->per_cpu_second = NAN;
	if (isfinite(cpu0) && isfinite(cpu1) && cpu1 - cpu0 > 0.05)
		v->per_cpu_second = v->growth / (cpu1 - cpu0);
	v->time_to_limit = NAN;
	if ((v->kind == VERDICT_LEAK || v->kind == VERDICT_LEAK_THREADS) && v->slope > 0) {
		double room = isfinite(ctx->limit_left) ? ctx->limit_left : ctx->mem_available;
		if (isfinite(room) && room > 0)
			v->time_to_limit = room / v->slope;
	}
}

/* Sawtooth: memory freed in big drops each cycle (GC, batch jobs).  Judge
 * the troughs: flat troughs mean memory is reused, rising ones a leak
 * under the cycle. */
static bool judge_sawtooth(const struct arr *a, double sigma, struct verdict *v)
{
	double lo = min_of(a->y, a->n), hi = max_of(a->y, a->n, NULL);
	double thr = fmax(fmax(8 * sigma, 0.25 * (hi - lo)), 512 * 1024.0);
	size_t *drops = xcalloc(a->n + 1, sizeof(size_t)), nd = 0;
	double *tt, *ty;
	size_t nt = 0;
	struct stats_theil_sen ts;
	struct stats_mann_kendall mk;

	for (size_t i = 1; i < a->n; i++)
		if (a->y[i] - a->y[i - 1] < -thr)
			drops[nd++] = i;
	if (nd < 2) {
		free(drops);
		return false;
	}
	v->sawtooth = true;
	v->cycles = nd;
	tt = xcalloc(nd, sizeof(double));
	ty = xcalloc(nd, sizeof(double));
	for (size_t k = 0; k < nd; k++) {
		size_t from = drops[k], to = k + 1 < nd ? drops[k + 1] : a->n, at = from;
		double m = INFINITY;
		for (size_t j = from; j < to; j++)
			if (a->lo[j] < m) {
				m = a->lo[j];
				at = j;
			}
		tt[nt] = a->t[at];
		ty[nt] = m;
		if (nt && tt[nt] <= tt[nt - 1])
			tt[nt] = tt[nt - 1] + 1e-6;
		nt++;
	}
	double period = (a->t[drops[nd - 1]] - a->t[drops[0]]) / (double)(nd - 1);
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
	free(drops);
	return true;
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
		double anon_growth = robust_growth(p, np, M_CG_ANON);
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

void verdict_compute(const struct series *s, const struct verdict_context *ctx, struct verdict *v)
{
	struct series_point *p;
	size_t np = series_points(s, -INFINITY, INFINITY, &p);
	double min_seconds = fmax(2.0, 5 * ctx->interval);
	struct arr a = { 0 };
	enum metric m;
	double sigma, rss_end;

	memset(v, 0, sizeof(*v));
	v->kind = VERDICT_UNDECIDED;
	v->samples = s->total;
	v->points = np;
	v->lazyfree = v->lazyfree_share = NAN;
	v->per_cpu_second = v->more_seconds = v->time_to_limit = NAN;
	v->changed_at = v->level = v->peak = NAN;
	v->slope = v->slope_lo = v->slope_hi = v->trend_p = v->min_slope = NAN;
	v->start_level = v->end_level = v->growth = v->noise = NAN;
	v->limit_hits = v->oom_kills = NAN;
	v->threads_start = first_value(p, np, M_THREADS);
	v->threads_end = last_value(p, np, M_THREADS);
	if (np == 0) {
		snprintf(v->summary, sizeof(v->summary), "undecided: no samples");
		snprintf(v->reason, sizeof(v->reason), "Nothing was sampled.");
		free(p);
		return;
	}
	v->duration = p[np - 1].t1 - p[0].t0;

	/* Judge effective memory (RSS - LazyFree) where the kernel reports
	 * LazyFree: lazily freed pages are not the program's memory. */
	if (ctx->cgroup)
		m = M_CG_USAGE;
	else
		m = isfinite(last_value(p, np, M_LAZYFREE)) ? M_EFFECTIVE : M_RSS;
	v->metric = metric_name(m);
	arr_extract(p, np, m, p[0].t0, &a);
	rss_end = last_value(p, np, M_RSS);
	v->lazyfree = last_value(p, np, M_LAZYFREE);
	if (isfinite(v->lazyfree) && rss_end > 0)
		v->lazyfree_share = v->lazyfree / rss_end;
	attribute(p, np, v);
	if (a.n)
		v->start_level = a.y[0], v->end_level = a.y[a.n - 1];

	if (a.n < MIN_POINTS || v->duration < min_seconds) {
		v->more_seconds = fmax(min_seconds - v->duration, (double)(MIN_POINTS - (a.n < MIN_POINTS ? a.n : MIN_POINTS)) * ctx->interval);
		snprintf(v->summary, sizeof(v->summary), "undecided: not enough data yet");
		snprintf(v->reason, sizeof(v->reason),
			 "%zu samples over %s: at least %d samples and %s are needed before any judgement.", a.n,
			 D(v->duration), MIN_POINTS, D(min_seconds));
		goto out;
	}
	sigma = noise_of(&a);
	v->noise = sigma;

	if (judge_sawtooth(&a, sigma, v))
		goto out;

	/* Trend over the window after a warm-up (the first tenth: start-up
	 * allocations are not a leak). */
	/* the first tenth of the time (not of the points: older history
	 * buckets are wider) */
	size_t w = 0, n2;
	while (w + 1 < a.n && a.t[w] < 0.1 * a.t[a.n - 1])
		w++;
	if (a.n - w < MIN_POINTS)
		w = a.n > MIN_POINTS ? a.n - MIN_POINTS : 0;
	n2 = a.n - w;
	double span = a.t[a.n - 1] - a.t[w], growth_floor = fmax(GROWTH_MIN, 4 * sigma);
	struct stats_theil_sen ts;
	struct stats_mann_kendall mk;
	if (stats_theil_sen(a.t + w, a.y + w, n2, CONFIDENCE, &ts) || stats_mann_kendall(a.y + w, n2, ALPHA, &mk)) {
		snprintf(v->summary, sizeof(v->summary), "undecided: the series could not be fitted");
		snprintf(v->reason, sizeof(v->reason), "The samples could not be analysed (too few distinct times).");
		goto out;
	}
	set_fit(v, &ts, &mk, span);
	{
		double *res = xcalloc(n2, sizeof(double));
		for (size_t i = 0; i < n2; i++)
			res[i] = a.y[w + i] - (ts.intercept + ts.slope * a.t[w + i]);
		v->min_slope = stats_min_detectable_slope(fmax(stats_mad(res, n2), 4096), a.t + w, n2, 1.96);
		free(res);
	}
	bool rising = mk.trend > 0 && ts.slope_lo > 0 && v->growth >= growth_floor;

	/* MADV_FREE residue: RSS high, but lazily freed pages cover it. */
	if (isfinite(v->lazyfree) && v->lazyfree >= fmax(MIB, 0.1 * rss_end) && !rising) {
		v->kind = VERDICT_MADV_FREE;
		snprintf(v->summary, sizeof(v->summary), "MADV_FREE residue: %s of RSS is already freed", B(v->lazyfree));
		snprintf(v->reason, sizeof(v->reason),
			 "RSS is %s but %s of it (%.0f%%) is LazyFree: pages the program freed with MADV_FREE, which "
			 "the kernel takes back as soon as it needs memory. Effective memory is %s and %s (%s over "
			 "%s). This is not a leak; dashboards that show RSS overstate it.",
			 B(rss_end), B(v->lazyfree), 100 * v->lazyfree_share, B(v->end_level),
			 mk.trend < 0 && v->growth <= -growth_floor ? "falling" : "not rising", S(v->growth), D(span));
		if (ctx->go_madv_free)
			snprintf(v->hint, sizeof(v->hint),
				 "This Go runtime frees with MADV_FREE: GODEBUG=madvdontneed=1 makes it use "
				 "MADV_DONTNEED so RSS drops at once (Go 1.16+ does so by default).");
		else
			snprintf(v->hint, sizeof(v->hint),
				 "The kernel reclaims LazyFree pages under memory pressure without swapping or OOM. "
				 "To make RSS honest: Go GODEBUG=madvdontneed=1; jemalloc muzzy_decay_ms:0 in "
				 "MALLOC_CONF; mimalloc MIMALLOC_PURGE_DECOMMITS=1.");
		goto out;
	}

	/* Released: the level fell well below its peak and stayed there. */
	{
		size_t ipeak = 0, tail = a.n / 7 > 3 ? a.n / 7 : 3;
		double peak = max_of(a.y, a.n, &ipeak);
		double end = stats_median(a.y + a.n - tail, tail);
		double before = min_of(a.y, ipeak + 1);
		double drop = peak - end;
		if (ipeak + tail < a.n && drop >= fmax(MIB, 4 * sigma) && drop >= 0.5 * (peak - before)) {
			v->kind = VERDICT_RELEASED;
			v->peak = peak;
			v->level = end;
			v->changed_at = a.t[ipeak];
			snprintf(v->summary, sizeof(v->summary), "released: down %s from its peak", B(drop));
			snprintf(v->reason, sizeof(v->reason),
				 "%s peaked at %s (%s in) and went back down to %s: the memory was returned to the "
				 "system. Not a leak.",
				 m == M_EFFECTIVE ? "Effective memory" : "RSS", B(peak), D(a.t[ipeak]), B(end));
			goto out;
		}
	}

	/* Plateau: growth that stopped, for long enough to tell. */
	{
		struct stats_change_point cp;
		size_t min_seg = a.n / 10 > 4 ? a.n / 10 : 4;
		if (stats_change_point(a.t, a.y, a.n, min_seg, &cp) == 0 && cp.found && cp.slope_before > 0) {
			size_t k = cp.index;
			double rise = cp.slope_before * (a.t[k] - a.t[0]);
			double after = a.t[a.n - 1] - a.t[k];
			struct stats_theil_sen ta;
			bool flat = false;
			if (a.n - k >= 3 && stats_theil_sen(a.t + k, a.y + k, a.n - k, CONFIDENCE, &ta) == 0)
				flat = (ta.slope_lo <= 0 && ta.slope_hi >= 0) || fabs(ta.slope) <= 0.05 * cp.slope_before ||
				       ta.slope * after < growth_floor;
			if (rise >= growth_floor && flat) {
				double need = fmax(fmax(0.25 * v->duration, 5 * ctx->interval), 2.0);
				v->changed_at = a.t[k];
				v->level = stats_median(a.y + k, a.n - k);
				if (after >= need) {
					v->kind = VERDICT_PLATEAU;
					v->growth = v->level - a.y[0];
					snprintf(v->summary, sizeof(v->summary), "plateau at %s", B(v->level));
					snprintf(v->reason, sizeof(v->reason),
						 "Memory grew %s at %s/s for %s, then stopped %s in and has held at %s "
						 "for %s (slope since %s/s). A cache or pool that filled up, not a "
						 "leak.",
						 B(rise), B(cp.slope_before), D(a.t[k] - a.t[0]), D(a.t[k]), B(v->level),
						 D(after), S(ta.slope));
					if (ctx->glibc && isfinite(ctx->peak_rss) && rss_end >= 0.95 * ctx->peak_rss)
						snprintf(v->hint, sizeof(v->hint),
							 "RSS sits at its high-water mark under glibc malloc: if the program "
							 "has freed most of it, this is allocator retention (malloc_trim(0) "
							 "returns it; MALLOC_ARENA_MAX=2 limits arenas).");
					goto out;
				}
				v->more_seconds = need - after;
				snprintf(v->summary, sizeof(v->summary), "undecided: growth stopped %s ago", D(after));
				snprintf(v->reason, sizeof(v->reason),
					 "Memory grew %s and has been flat for %s: too short to tell a plateau from "
					 "a pause. Watch about %s more.",
					 B(rise), D(after), D(v->more_seconds));
				goto out;
			}
		}
	}

	if (rising && ts.slope > v->min_slope) {
		/* No deceleration: the second half grows about as fast as the first. */
		size_t h = n2 / 2;
		struct stats_theil_sen t1, t2;
		if (h >= 4 && stats_theil_sen(a.t + w, a.y + w, h, CONFIDENCE, &t1) == 0 &&
		    stats_theil_sen(a.t + w + h, a.y + w + h, n2 - h, CONFIDENCE, &t2) == 0 && t1.slope > 0 &&
		    t2.slope < 0.3 * t1.slope) {
			v->more_seconds = v->duration;
			snprintf(v->summary, sizeof(v->summary), "undecided: growing, but slowing down");
			snprintf(v->reason, sizeof(v->reason),
				 "Memory grew %s over %s, but the rate fell from %s/s to %s/s: it may be levelling "
				 "off into a plateau. Watch about %s more.",
				 B(v->growth), D(span), B(t1.slope), S(t2.slope), D(v->more_seconds));
			goto out;
		}
		double mk_threads_trend = 0;
		if (isfinite(v->threads_start) && v->threads_end - v->threads_start >= 2) {
			struct arr th;
			struct stats_mann_kendall mkt;
			arr_extract(p, np, M_THREADS, p[0].t0, &th);
			if (th.n >= 4 && stats_mann_kendall(th.y, th.n, ALPHA, &mkt) == 0)
				mk_threads_trend = mkt.trend;
			arr_free(&th);
		}
		v->kind = mk_threads_trend > 0 ? VERDICT_LEAK_THREADS : VERDICT_LEAK;
		if (v->kind == VERDICT_LEAK_THREADS)
			snprintf(v->summary, sizeof(v->summary), "leak (threads): %.0f -> %.0f threads, %s/s",
				 v->threads_start, v->threads_end, B(ts.slope));
		else
			snprintf(v->summary, sizeof(v->summary), "leak: %s grows %s/s", v->metric, B(ts.slope));
		snprintf(v->reason, sizeof(v->reason),
			 "%s grew %s over %s without slowing down: Theil-Sen %s/s (95%% [%s/s, %s/s]), "
			 "Mann-Kendall p=%.3g; this window can detect %s/s.%s%s%s",
			 m == M_EFFECTIVE ? "Effective memory (RSS - LazyFree)" : m == M_CG_USAGE ? "The cgroup's usage" : "RSS",
			 B(v->growth), D(span),
			 B(ts.slope), S(ts.slope_lo), S(ts.slope_hi), mk.p, B(v->min_slope),
			 v->grew ? " Most of it is in region class " : "", v->grew ? v->grew : "", v->grew ? "." : "");
		hint_for_leak(v, ctx);
		goto out;
	}

	if (!rising && fabs(v->growth) < growth_floor) {
		v->kind = VERDICT_STABLE;
		snprintf(v->summary, sizeof(v->summary), "stable at %s", B(v->end_level));
		snprintf(v->reason, sizeof(v->reason),
			 "No trend over %s: %s changed %s (Theil-Sen %s/s, Mann-Kendall p=%.2g). A leak slower than "
			 "%s/s would not show in a window this short.",
			 D(span), v->metric, S(v->growth), S(ts.slope), mk.p, B(v->min_slope));
		goto out;
	}
	if (mk.trend < 0 && v->growth <= -growth_floor) {
		v->kind = VERDICT_RELEASED;
		snprintf(v->summary, sizeof(v->summary), "released: falling %s/s", B(-ts.slope));
		snprintf(v->reason, sizeof(v->reason), "%s fell %s over %s (Theil-Sen %s/s, Mann-Kendall p=%.3g).",
			 v->metric, B(-v->growth), D(span), S(ts.slope), mk.p);
		goto out;
	}

	/* A trend, but not yet separable from noise or from a plateau. */
	if (ts.slope > 0 && v->min_slope > 0 && isfinite(v->min_slope))
		v->more_seconds = span * (pow(fmax(v->min_slope / ts.slope, 1.0), 2.0 / 3.0) * 1.5 - 1.0) + 5 * ctx->interval;
	else
		v->more_seconds = span;
	snprintf(v->summary, sizeof(v->summary), "undecided: %s moves %s/s, not yet separable", v->metric, S(ts.slope));
	snprintf(v->reason, sizeof(v->reason),
		 "%s changed %s over %s (Theil-Sen %s/s, 95%% [%s/s, %s/s], Mann-Kendall p=%.3g), which this "
		 "window cannot yet tell from noise or a plateau (it can detect %s/s). Watch about %s more.",
		 v->metric, S(v->growth), D(span), S(ts.slope), S(ts.slope_lo), S(ts.slope_hi), mk.p,
		 B(v->min_slope), D(v->more_seconds));
out:
	finish_common(v, ctx, p, np);
	if (ctx->cgroup && a.n >= MIN_POINTS)
		refine_cgroup(v, ctx, p, np);
	arr_free(&a);
	free(p);
}
