#include "config.h"
#include "analysis-goruntime.h"
#include "escape.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MIB (1024.0 * 1024.0)

static const char *const names[GOF_COUNT] = {
	[GOF_NONE] = "none",
	[GOF_FEW_READS] = "few-reads",
	[GOF_MADV_FREE] = "madv-free-confirmed",
	[GOF_GOROUTINE_LEAK] = "goroutine-leak",
	[GOF_HEAP_LEAK] = "heap-objects-leak",
	[GOF_OUTSIDE_HEAP] = "outside-go-heap",
	[GOF_GC_HEADROOM] = "gc-headroom",
	[GOF_NO_FINDING] = "no-finding",
};

const char *go_finding_name(enum go_finding f)
{
	return (size_t)f < GOF_COUNT ? names[f] : "?";
}

static size_t reads_in(const struct series_point *p, size_t np)
{
	size_t n = 0;

	for (size_t i = 0; i < np; i++)
		n += p[i].n[M_GO_HEAP_INUSE] > p[i].n[M_GO_GOROUTINES] ? p[i].n[M_GO_HEAP_INUSE]
									 : p[i].n[M_GO_GOROUTINES];
	return n;
}

static void numbers(const struct series_point *p, size_t np, struct go_verdict *g)
{
	g->reads = reads_in(p, np);
	g->goroutines_first = series_points_first(p, np, M_GO_GOROUTINES);
	g->goroutines_last = series_points_last(p, np, M_GO_GOROUTINES);
	g->heap_inuse_first = series_points_first(p, np, M_GO_HEAP_INUSE);
	g->heap_inuse_last = series_points_last(p, np, M_GO_HEAP_INUSE);
	g->heap_alloc_last = series_points_last(p, np, M_GO_HEAP_ALLOC);
	g->next_gc_last = series_points_last(p, np, M_GO_NEXT_GC);
	g->heap_released_last = series_points_last(p, np, M_GO_HEAP_RELEASED);
	g->stack_inuse_first = series_points_first(p, np, M_GO_STACK_INUSE);
	g->stack_inuse_last = series_points_last(p, np, M_GO_STACK_INUSE);
	g->sys_first = series_points_first(p, np, M_GO_SYS);
	g->sys_last = series_points_last(p, np, M_GO_SYS);
	g->rss_last = series_points_last(p, np, M_RSS);
	g->lazyfree_last = series_points_last(p, np, M_LAZYFREE);
}

/* The pages the kernel holds as LazyFree are the ones the runtime
 * released: within a quarter of each other, and enough to matter (Go
 * 1.12-1.15, or GODEBUG=madvdontneed=0 on 1.16+). */
static bool judge_madv_free(struct go_verdict *g)
{
	double ratio;

	if (!(g->lazyfree_last >= 8 * MIB) || !(g->heap_released_last >= 8 * MIB))
		return false;
	ratio = g->lazyfree_last / g->heap_released_last;
	if (ratio < 0.75 || ratio > 1.25)
		return false;
	g->finding = GOF_MADV_FREE;
	return true;
}

/* The group whose count grew most from the first profile to the last. */
static void growing_group(const struct go_judge_in *in, struct go_verdict *g)
{
	const struct go_group *best = NULL;
	double best_growth = 0;

	if (!in->first || !in->last)
		return;
	for (unsigned i = 0; i < in->last->ngroups && i < GO_GROUPS; i++) {
		const struct go_group *b = &in->last->g[i];
		const struct go_group *a = go_group_find(in->first, b);
		double d = b->count - (a ? a->count : 0);
		if (d > best_growth) {
			best_growth = d;
			best = b;
		}
	}
	if (!best)
		return;
	g->group_growth = best_growth;
	g->group_count = best->count;
	snprintf(g->group, sizeof(g->group), "%s", best->nframes ? best->func[0] : "?");
	snprintf(g->group_caller, sizeof(g->group_caller), "%s", best->nframes > 1 ? best->func[1] : "");
}

static double grew(double first, double last)
{
	return isfinite(first) && isfinite(last) ? last - first : NAN;
}

/* Goroutines rise (by 10 and a quarter at least) and the memory they hold
 * (stacks, heap) rises with them. */
static bool judge_goroutines(const struct go_judge_in *in, struct go_verdict *g)
{
	double dg = grew(g->goroutines_first, g->goroutines_last);
	double dmem = grew(g->heap_inuse_first + g->stack_inuse_first, g->heap_inuse_last + g->stack_inuse_last);

	if (!(dg >= 10) || !(dg >= 0.25 * g->goroutines_first))
		return false;
	if (!(dmem > 0) && !in->memory_grows)
		return false;
	g->finding = GOF_GOROUTINE_LEAK;
	growing_group(in, g);
	return true;
}

static bool goroutines_flat(const struct go_verdict *g)
{
	double dg = grew(g->goroutines_first, g->goroutines_last);

	return isnan(dg) || fabs(dg) < fmax(10, 0.1 * g->goroutines_first);
}

/* HeapInuse grows (4 MiB and a fifth at least) while goroutines do not,
 * and the memory has not settled (a cache that filled and holds is the
 * headroom judge's). */
static bool judge_heap(const struct go_judge_in *in, struct go_verdict *g)
{
	double dh = grew(g->heap_inuse_first, g->heap_inuse_last);

	if (in->memory_flat || !(dh >= 4 * MIB) || !(dh >= 0.2 * g->heap_inuse_first) || !goroutines_flat(g))
		return false;
	g->finding = GOF_HEAP_LEAK;
	return true;
}

/* The process grows (a leak verdict, 16 MiB at least) and what the runtime
 * got from the OS grew by less than a quarter of it. */
static bool judge_outside(const struct go_judge_in *in, struct go_verdict *g)
{
	double ds = grew(g->sys_first, g->sys_last);

	if (!in->memory_grows || !(in->growth >= 16 * MIB) || !isfinite(ds) || ds >= 0.25 * in->growth)
		return false;
	g->finding = GOF_OUTSIDE_HEAP;
	g->grew = in->grew;
	return true;
}

/* HeapInuse at the first read of the second half of the window (the
 * level a plateau holds, after the ramp that reached it). */
static double second_half_first(const struct series_point *p, size_t np, enum metric m)
{
	double mid;

	if (np == 0)
		return NAN;
	mid = (p[0].t0 + p[np - 1].t1) / 2;
	for (size_t i = 0; i < np; i++)
		if (p[i].t0 >= mid && p[i].n[m])
			return p[i].mean[m];
	return NAN;
}

/* Memory holds its level, the Go heap holds its own over the second half,
 * and RSS sits near NextGC (0.4 to 1.3 of it: GOGC lets the heap reach
 * NextGC before a cycle): the level is the live heap and GOGC's room. */
static bool judge_headroom(const struct series_point *p, size_t np, const struct go_judge_in *in,
			   struct go_verdict *g)
{
	double h = second_half_first(p, np, M_GO_HEAP_INUSE), dh = grew(h, g->heap_inuse_last);
	double ratio = g->rss_last / g->next_gc_last;

	if (!in->memory_flat || !isfinite(g->heap_alloc_last) || !(ratio >= 0.4 && ratio <= 1.3))
		return false;
	if (isfinite(dh) && fabs(dh) >= fmax(4 * MIB, 0.1 * h))
		return false;
	g->finding = GOF_GC_HEADROOM;
	return true;
}

void go_verdict_compute(const struct series_point *p, size_t np, const struct go_judge_in *in,
			struct go_verdict *g)
{
	memset(g, 0, sizeof(*g));
	numbers(p, np, g);
	g->growth = in->growth;
	g->group_growth = g->group_count = NAN;
	g->madv_free_expected = in->madv_free_expected;
	g->memlimit = in->memlimit;
	g->gogc = in->gogc;
	if (in->go_version)
		escape_name(in->go_version, strlen(in->go_version), g->go_version, sizeof(g->go_version));
	if (in->pprof)
		escape_name(in->pprof, strlen(in->pprof), g->pprof, sizeof(g->pprof));
	if (g->reads == 0) {
		g->finding = GOF_NONE;
		return;
	}
	if (judge_madv_free(g))
		return;
	if (g->reads < 2) {
		g->finding = GOF_FEW_READS;
		return;
	}
	if (judge_goroutines(in, g) || judge_heap(in, g) || judge_outside(in, g) || judge_headroom(p, np, in, g))
		return;
	g->finding = GOF_NO_FINDING;
}
