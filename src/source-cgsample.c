#include "config.h"
#include "source-cgsample.h"
#include "source-status.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cg_sampler_init(struct cg_sampler *cs, const char *root, const struct cgroup_ref *ref)
{
	memset(cs, 0, sizeof(*cs));
	cs->root = root;
	cs->ref = *ref;
	cs->limit = NAN;
	return 0;
}

static struct cg_tracked *track(struct cg_sampler *cs, pid_t pid)
{
	for (size_t i = 0; i < cs->nprocs; i++)
		if (cs->procs[i].pid == pid)
			return &cs->procs[i];
	if (cs->nprocs == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 16;
		cs->procs = xrealloc(cs->procs, cs->cap * sizeof(*cs->procs));
	}
	memset(&cs->procs[cs->nprocs], 0, sizeof(cs->procs[0]));
	cs->procs[cs->nprocs].pid = pid;
	cs->procs[cs->nprocs].first_anon = NAN;
	return &cs->procs[cs->nprocs++];
}

void cg_sample_fill(const struct cgroup_stats *s, struct sample *x)
{
	x->tiers = TIER_STATUS;
	x->v[M_CG_USAGE] = (double)s->v[CG_USAGE];
	x->v[M_CG_ANON] = (double)s->v[CG_ANON];
	x->v[M_CG_SHMEM] = cg_has(s, CG_SHMEM) ? (double)s->v[CG_SHMEM] : NAN;
	x->v[M_CG_FILE] = (double)(s->v[CG_FILE] > s->v[CG_SHMEM] ? s->v[CG_FILE] - s->v[CG_SHMEM] : 0);
	{
		bool derived;
		x->v[M_CG_KERNEL] = (double)cgroup_kernel_bytes(s, &derived);
	}
	x->v[M_CG_INACTIVE_FILE] = cg_has(s, CG_INACTIVE_FILE) ? (double)s->v[CG_INACTIVE_FILE] : NAN;
	if (cg_has(s, CG_FAILCNT))
		x->v[M_CG_LIMIT_HITS] = (double)s->v[CG_FAILCNT];
	else if (cg_has(s, CG_EV_MAX))
		x->v[M_CG_LIMIT_HITS] = (double)s->v[CG_EV_MAX];
	if (cg_has(s, CG_EV_OOM_KILL))
		x->v[M_CG_OOM_KILLS] = (double)s->v[CG_EV_OOM_KILL];
	if (cg_has(s, CG_SWAP))
		x->v[M_CG_SWAP] = (double)s->v[CG_SWAP];
}

int cg_sampler_take(struct cg_sampler *cs, struct sample *x)
{
	struct cgroup_stats s;
	struct timespec ts;
	double c0 = sampler_self_cpu(), rss = 0, threads = 0;
	size_t live = 0;
	int rc;

	sample_clear(x);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	x->t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	clock_gettime(CLOCK_REALTIME, &ts);
	x->wall = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	rc = cgroup_stats_read(&cs->ref, &s, true);
	if (rc) {
		cgroup_stats_free(&s);
		return rc;
	}
	cg_sample_fill(&s, x);
	cs->limit = s.limit_is_max ? NAN : (double)s.v[CG_LIMIT];

	/* the processes: status is O(1) per process */
	for (size_t i = 0; i < cs->nprocs; i++)
		cs->procs[i].seen_now = false;
	for (size_t i = 0; i < s.nprocs; i++) {
		struct proc_status st;
		struct cg_tracked *t;
		if (status_read(cs->root, s.procs[i], &st) != 0 || !status_has_mm(&st))
			continue;
		t = track(cs, s.procs[i]);
		t->seen_now = true;
		live++;
		snprintf(t->comm, sizeof(t->comm), "%s", st.name);
		if (isnan(t->first_anon))
			t->first_anon = (double)st.v[ST_RSS_ANON];
		t->last_anon = (double)st.v[ST_RSS_ANON];
		rss += (double)st.v[ST_VM_RSS];
		threads += st.threads > 0 ? st.threads : 0;
	}
	/* the processes' total, for the live line (not judged) */
	x->v[M_RSS] = rss;
	x->v[M_ANON] = x->v[M_CG_ANON];
	x->v[M_THREADS] = threads;
	cs->last_nprocs = s.nprocs;
	cs->last_live = live;
	cs->last_usage = (double)s.v[CG_USAGE];
	cgroup_stats_free(&s);
	cs->cost.reads++;
	cs->cost.total += sampler_self_cpu() - c0;
	return 0;
}

const struct cg_tracked *cg_sampler_top_grower(const struct cg_sampler *cs)
{
	const struct cg_tracked *best = NULL;
	double g = 0;

	for (size_t i = 0; i < cs->nprocs; i++) {
		double d = cs->procs[i].last_anon - cs->procs[i].first_anon;
		if (d > g) {
			g = d;
			best = &cs->procs[i];
		}
	}
	return best;
}

void cg_sampler_free(struct cg_sampler *cs)
{
	free(cs->procs);
	memset(cs, 0, sizeof(*cs));
}
