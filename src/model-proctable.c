#include "config.h"
#include "model-proctable.h"

#include <math.h>

void proc_ring_add(struct proc_ring *r, double t, double rss, double effective, double lazyfree, double swap)
{
	unsigned slot = ring_next_slot(&r->head, &r->len);

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

void proc_ring_to_series(const struct proc_ring *r, struct series *s)
{
	proc_ring_to_series_go(r, NULL, 0, s);
}

/* The Go metrics of G into X. */
static void go_into(const struct sample *g, struct sample *x)
{
	for (int m = M_GO_HEAP_ALLOC; m <= M_GO_GOROUTINES; m++)
		x->v[m] = g->v[m];
}

void proc_ring_to_series_go(const struct proc_ring *r, const struct sample *go, size_t ngo, struct series *s)
{
	size_t g = 0;

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
		/* reads older than the ring are gone with their samples;
		 * of several reads in one tick the last counts */
		while (g < ngo && go[g].t <= x.t) {
			if (i > 0 || go[g].t == x.t)
				go_into(&go[g], &x);
			g++;
		}
		series_add(s, &x);
	}
}
