/* Samples a memory cgroup for `watch --cgroup/--container`: its counters
 * every tick (a few small files) and its processes' anonymous memory, so
 * growth can be attributed to the process that grows. */
#ifndef MEMTRACE_SOURCE_CGSAMPLE_H
#define MEMTRACE_SOURCE_CGSAMPLE_H

#include <stddef.h>
#include <sys/types.h>

#include "model-sample.h"
#include "source-cgroup.h"
#include "source-sample.h"

struct cg_tracked {
	pid_t pid;
	char comm[64];
	double first_anon, last_anon;
	bool seen_now;
};

struct cg_sampler {
	const char *root;
	struct cgroup_ref ref;
	struct tier_cost cost;
	struct cg_tracked *procs;
	size_t nprocs, cap;
	double limit; /* bytes, NaN without */
	size_t last_nprocs;
	size_t last_live; /* of them, processes with memory (not zombies) */
	double last_usage;
};

/* The cgroup metrics of a sample (M_CG_*) from counters read. */
void cg_sample_fill(const struct cgroup_stats *s, struct sample *x);

int cg_sampler_init(struct cg_sampler *cs, const char *root, const struct cgroup_ref *ref);
/* 0, or -errno (-ENOENT: the cgroup was removed). */
int cg_sampler_take(struct cg_sampler *cs, struct sample *x);
/* The process whose anonymous memory grew most (NULL if none grew). */
const struct cg_tracked *cg_sampler_top_grower(const struct cg_sampler *cs);
void cg_sampler_free(struct cg_sampler *cs);

#endif
