#include "config.h"
#include "model-cgtable.h"

#include <math.h>

void cg_ring_add(struct cg_ring *r, double t, const struct sample *x)
{
	unsigned slot = ring_next_slot(&r->head, &r->len);

	r->t[slot] = t;
	r->usage[slot] = (float)x->v[M_CG_USAGE];
	r->anon[slot] = (float)x->v[M_CG_ANON];
	r->file[slot] = (float)x->v[M_CG_FILE];
	r->shmem[slot] = (float)x->v[M_CG_SHMEM];
	r->kernel[slot] = (float)x->v[M_CG_KERNEL];
	r->swap[slot] = (float)x->v[M_CG_SWAP];
	r->inactive_file[slot] = (float)x->v[M_CG_INACTIVE_FILE];
	r->limit_hits[slot] = (float)x->v[M_CG_LIMIT_HITS];
	r->oom_kills[slot] = (float)x->v[M_CG_OOM_KILLS];
}

void cg_ring_sample(const struct cg_ring *r, unsigned k, struct sample *x)
{
	sample_clear(x);
	x->t = r->t[k];
	x->tiers = TIER_STATUS;
	x->v[M_CG_USAGE] = r->usage[k];
	x->v[M_CG_ANON] = r->anon[k];
	x->v[M_CG_FILE] = r->file[k];
	x->v[M_CG_SHMEM] = r->shmem[k];
	x->v[M_CG_KERNEL] = r->kernel[k];
	x->v[M_CG_SWAP] = r->swap[k];
	x->v[M_CG_INACTIVE_FILE] = r->inactive_file[k];
	x->v[M_CG_LIMIT_HITS] = r->limit_hits[k];
	x->v[M_CG_OOM_KILLS] = r->oom_kills[k];
}

void cg_ring_to_series(const struct cg_ring *r, struct series *s)
{
	series_reset(s);
	for (unsigned i = 0; i < r->len; i++) {
		struct sample x;
		cg_ring_sample(r, (r->head + i) % PROC_HISTORY, &x);
		series_add(s, &x);
	}
}

static const float *component(const struct cg_ring *r, enum cg_component c)
{
	switch (c) {
	case CGC_ANON: return r->anon;
	case CGC_FILE: return r->file;
	case CGC_SHMEM: return r->shmem;
	case CGC_KERNEL: return r->kernel;
	case CGC_SWAP: return r->swap;
	default: return r->usage;
	}
}

size_t cg_ring_values(const struct cg_ring *r, enum cg_component c, double *out)
{
	const float *v = component(r, c);

	for (unsigned i = 0; i < r->len; i++)
		out[i] = v[(r->head + i) % PROC_HISTORY];
	return r->len;
}

double cg_row_component(const struct cg_row *r, enum cg_component c)
{
	switch (c) {
	case CGC_ANON: return r->anon;
	case CGC_FILE: return r->file;
	case CGC_SHMEM: return r->shmem;
	case CGC_KERNEL: return r->kernel;
	case CGC_SWAP: return r->swap;
	default: return r->usage;
	}
}
