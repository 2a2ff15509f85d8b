#include "config.h"
#include "model-proctable.h"

#include <math.h>

void proc_ring_add(struct proc_ring *r, double t, double rss, double effective, double lazyfree, double swap)
{
	unsigned slot;

	if (r->len < PROC_HISTORY) {
		slot = (r->head + r->len) % PROC_HISTORY;
		r->len++;
	} else {
		slot = r->head;
		r->head = (r->head + 1) % PROC_HISTORY;
	}
	r->t[slot] = t;
	r->rss[slot] = (float)rss;
	r->effective[slot] = (float)effective;
	r->lazyfree[slot] = (float)lazyfree;
	r->swap[slot] = (float)swap;
}

double proc_ring_held(const struct proc_ring *r, unsigned slot)
{
	double swap = isfinite(r->swap[slot]) ? r->swap[slot] : 0;

	if (isfinite(r->effective[slot]))
		return r->effective[slot] + swap;
	return isfinite(r->rss[slot]) ? r->rss[slot] + swap : NAN;
}

double proc_ring_slope(const struct proc_ring *r, double seconds)
{
	double st = 0, sy = 0, stt = 0, sty = 0, n = 0, t_end;

	if (r->len < 3)
		return NAN;
	t_end = r->t[proc_ring_index(r, r->len - 1)];
	for (unsigned i = 0; i < r->len; i++) {
		unsigned k = proc_ring_index(r, i);
		/* RSS + swap throughout: effective memory is only measured on
		 * some ticks, and mixing the two would make steps */
		double y = isfinite(r->rss[k]) ? r->rss[k] + (isfinite(r->swap[k]) ? r->swap[k] : 0) : NAN;
		double t = r->t[k] - t_end;
		if (!isfinite(y) || -t > seconds)
			continue;
		st += t;
		sy += y;
		stt += t * t;
		sty += t * y;
		n++;
	}
	if (n < 3 || n * stt - st * st <= 0)
		return NAN;
	return (n * sty - st * sy) / (n * stt - st * st);
}

void proc_ring_to_series(const struct proc_ring *r, struct series *s)
{
	series_reset(s);
	for (unsigned i = 0; i < r->len; i++) {
		unsigned k = proc_ring_index(r, i);
		struct sample x;
		sample_clear(&x);
		x.t = r->t[k];
		x.tiers = TIER_STATUS;
		x.v[M_RSS] = r->rss[k];
		x.v[M_SWAP] = r->swap[k];
		if (isfinite(r->effective[k])) {
			x.tiers |= TIER_ROLLUP;
			x.v[M_EFFECTIVE] = r->effective[k];
			x.v[M_LAZYFREE] = r->lazyfree[k];
		}
		series_add(s, &x);
	}
}
