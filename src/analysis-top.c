#include "config.h"
#include "analysis-top.h"
#include "analysis-stats.h"

#include <math.h>

/* The least-squares slope of the last SECONDS of a series in time order
 * (NaN values skipped), per second; NaN with fewer than 3 points. */
static double recent_slope(const double *t, const double *y, size_t len, double seconds)
{
	double tt[PROC_HISTORY], yy[PROC_HISTORY], slope;
	size_t n = 0;

	if (len < 3)
		return NAN;
	for (size_t i = 0; i < len; i++) {
		if (!isfinite(y[i]) || t[len - 1] - t[i] > seconds)
			continue;
		tt[n] = t[i] - t[len - 1];
		yy[n++] = y[i];
	}
	return n >= 3 && stats_ols(tt, yy, n, &slope, NULL, NULL) == 0 ? slope : NAN;
}

double top_ring_growth(const struct proc_ring *r, double seconds)
{
	double t[PROC_HISTORY], y[PROC_HISTORY];

	for (unsigned i = 0; i < r->len; i++) {
		unsigned k = proc_ring_index(r, i);
		t[i] = r->t[k];
		y[i] = isfinite(r->rss[k]) ? r->rss[k] + (isfinite(r->swap[k]) ? r->swap[k] : 0) : NAN;
	}
	return recent_slope(t, y, r->len, seconds);
}

double top_cg_growth(const struct cg_ring *r, enum cg_component c, double seconds)
{
	double t[PROC_HISTORY], y[PROC_HISTORY];
	size_t len = cg_ring_values(r, c, y);

	for (size_t i = 0; i < len; i++)
		t[i] = r->t[(r->head + i) % PROC_HISTORY];
	return recent_slope(t, y, len, seconds);
}

static double held_now(const struct proc_row *r)
{
	return r->ring.len ? proc_ring_held(&r->ring, proc_ring_index(&r->ring, r->ring.len - 1)) : NAN;
}

bool top_needs_judging(const struct proc_row *r, double now, double reuse)
{
	double held = held_now(r);

	if (r->verdict < 0 || r->verdict == VERDICT_UNDECIDED || now - r->verdict_at >= reuse)
		return true;
	return !(isfinite(held) && fabs(held - r->judged_held) < 4096);
}

void top_judge_row(struct proc_row *r, double now, double interval, double mem_available, struct series *scratch,
		   struct verdict *out)
{
	top_judge_row_go(r, now, interval, mem_available, NULL, scratch, out);
}

void top_judge_row_go(struct proc_row *r, double now, double interval, double mem_available,
		      const struct top_go_evidence *go, struct series *scratch, struct verdict *out)
{
	struct verdict_context ctx = { .interval = interval, .mem_available = mem_available, .limit_left = NAN,
				       .swap_left = NAN, .peak_rss = NAN, .cg_limit = NAN, .go_memlimit = NAN,
				       .go_gogc = NAN };
	struct verdict v;

	if (go) {
		ctx.is_go = go->is_go;
		ctx.go_madv_free = go->madv_free;
		ctx.go_memlimit = go->memlimit;
		ctx.go_gogc = go->gogc;
		ctx.go_version = go->go_version;
		ctx.go_first = go->first;
		ctx.go_last = go->last;
		ctx.go_pprof = go->pprof;
	}
	proc_ring_to_series_go(&r->ring, go ? go->reads : NULL, go ? go->nreads : 0, scratch);
	verdict_compute(scratch, &ctx, &v);
	r->verdict = (int)v.kind;
	r->verdict_at = now;
	r->time_to_limit = v.time_to_limit;
	r->judged_held = held_now(r);
	/* a leak's rate is the engine's robust one; for anything else the
	 * recent least-squares slope says better what the row does now (a
	 * plateau's slope over the window still counts its ramp) */
	if (isfinite(v.slope) && (v.kind == VERDICT_LEAK || v.kind == VERDICT_LEAK_THREADS))
		r->growth = v.slope;
	if (out)
		*out = v;
}

void top_judge_cgroup(struct cg_row *r, double now, double interval, struct series *scratch, struct verdict *out)
{
	struct verdict_context ctx = { .interval = interval, .mem_available = NAN, .limit_left = NAN,
				       .swap_left = NAN, .peak_rss = NAN, .cgroup = true, .cg_limit = r->limit };
	struct verdict v;

	if (isfinite(r->limit) && isfinite(r->usage))
		ctx.limit_left = r->limit > r->usage ? r->limit - r->usage : 0;
	cg_ring_to_series(&r->ring, scratch);
	verdict_compute(scratch, &ctx, &v);
	r->verdict = (int)v.kind;
	r->verdict_at = now;
	r->time_to_limit = v.time_to_limit;
	if (out)
		*out = v;
}
