#include "config.h"
#include "scan-judge.h"
#include "analysis-top.h"
#include "source-sample.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void scan_growth_processes(struct hostscan *hs)
{
	for (size_t i = 0; i < hs->n; i++)
		hs->rows[i]->growth = top_ring_growth(&hs->rows[i]->ring, SCAN_GROWTH_WINDOW);
}

void scan_growth_cgroups(struct cgscan *c)
{
	for (size_t i = 0; i < c->n; i++)
		c->rows[i]->growth = top_ring_growth(&c->rows[i]->spark, SCAN_GROWTH_WINDOW);
}

static int cmp_growth_desc(const void *a, const void *b)
{
	const struct proc_row *x = *(struct proc_row *const *)a, *y = *(struct proc_row *const *)b;
	double gx = isfinite(x->growth) ? x->growth : -INFINITY, gy = isfinite(y->growth) ? y->growth : -INFINITY;

	return (gx < gy) - (gx > gy);
}

static int cmp_judged_oldest(const void *a, const void *b)
{
	const struct proc_row *x = *(struct proc_row *const *)a, *y = *(struct proc_row *const *)b;

	return (x->verdict_at > y->verdict_at) - (x->verdict_at < y->verdict_at);
}

/* Judges ORDER[FROM..TO) in order while the CPU spent since C0 is under
 * ALLOWANCE. */
static void judge_span(struct hostscan *hs, struct proc_row **order, size_t from, size_t to, double c0,
		       double allowance, double mem_available, struct series *scratch)
{
	for (size_t i = from; i < to && sampler_self_cpu() - c0 < allowance; i++)
		top_judge_row(order[i], hs->now, hs->interval, mem_available, scratch, NULL);
}

/* The rows of PIDS that need judging into ORDER, the longest unjudged
 * first; returns how many. */
static size_t listed_rows(struct hostscan *hs, const pid_t *pids, size_t npids, struct proc_row **order)
{
	size_t n = 0;

	for (size_t i = 0; i < npids; i++) {
		struct proc_row *r = hostscan_find(hs, pids[i]);
		if (r && n < hs->n && top_needs_judging(r, hs->now, SCAN_VERDICT_REUSE))
			order[n++] = r;
	}
	qsort(order, n, sizeof(*order), cmp_judged_oldest);
	return n;
}

void scan_judge_pids(struct hostscan *hs, const pid_t *pids, size_t npids, double allowance, double mem_available,
		     struct series *scratch)
{
	double c0 = sampler_self_cpu();
	struct proc_row **order = xcalloc(hs->n + 1, sizeof(*order));
	size_t n = listed_rows(hs, pids, npids, order);

	judge_span(hs, order, 0, n, c0, allowance, mem_available, scratch);
	free(order);
}

void scan_judge_processes(struct hostscan *hs, const pid_t *first, size_t nfirst, double allowance,
			  double mem_available, struct series *scratch)
{
	double c0 = sampler_self_cpu();
	struct proc_row **order = xcalloc(hs->n + 1, sizeof(*order));
	size_t n = 0, nv = listed_rows(hs, first, nfirst, order), growers;

	judge_span(hs, order, 0, nv, c0, allowance, mem_available, scratch);
	for (size_t i = 0; i < hs->n; i++)
		if (hs->rows[i]->verdict_at != hs->now && top_needs_judging(hs->rows[i], hs->now, SCAN_VERDICT_REUSE))
			order[n++] = hs->rows[i];
	qsort(order, n, sizeof(*order), cmp_growth_desc);
	growers = n < 20 ? n : 20;
	qsort(order, growers, sizeof(*order), cmp_judged_oldest);
	judge_span(hs, order, 0, growers, c0, allowance, mem_available, scratch);
	qsort(order + growers, n - growers, sizeof(*order), cmp_judged_oldest);
	judge_span(hs, order, growers, n, c0, allowance, mem_available, scratch);
	free(order);
}

static int cmp_cg_judged_oldest(const void *a, const void *b)
{
	const struct cg_row *x = *(struct cg_row *const *)a, *y = *(struct cg_row *const *)b;

	return (x->verdict_at > y->verdict_at) - (x->verdict_at < y->verdict_at);
}

void scan_judge_cgroups(struct cgscan *c, double interval, double allowance, struct series *scratch)
{
	double c0 = sampler_self_cpu();
	struct cg_row **order = xcalloc(c->n + 1, sizeof(*order));

	memcpy(order, c->rows, c->n * sizeof(*order));
	qsort(order, c->n, sizeof(*order), cmp_cg_judged_oldest);
	for (size_t i = 0; i < c->n && sampler_self_cpu() - c0 < allowance; i++)
		if (order[i]->seen)
			top_judge_cgroup(order[i], c->now, interval, scratch, NULL);
	free(order);
}
