/* What a cgroup's memory is made of, what each tool would show, how much
 * the kernel could take back, and how it reconciles with the processes in
 * it.  Pure: stats and process numbers in, a view out. */
#ifndef MEMTRACE_ANALYSIS_CGROUP_H
#define MEMTRACE_ANALYSIS_CGROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "source-cgroup.h"

enum cg_tool {
	TOOL_DOCKER,          /* docker stats 20.10+ */
	TOOL_DOCKER_OLD,      /* docker stats 17.06-19.03 */
	TOOL_PODMAN,          /* podman stats 4.x */
	TOOL_KUBELET,         /* kubelet / kubectl top working set */
	TOOL_CADVISOR_RSS,    /* cAdvisor container_memory_rss */
	TOOL_CADVISOR_CACHE,  /* cAdvisor container_memory_cache */
	TOOL_COUNT
};

struct cg_tool_value {
	const char *id;       /* "docker_stats", ... */
	const char *tool;     /* for people */
	const char *formula;  /* the formula with this host's counter names */
	const char *meaning;  /* one line */
	bool known;
	uint64_t value;
};

struct cgroup_view {
	struct cg_tool_value tools[TOOL_COUNT];
	/* groups, bytes; *_known false when the kernel lacks the counters */
	uint64_t anon, file, shmem, file_not_shmem, kernel, swap;
	bool kernel_known, kernel_derived; /* derived: usage - anon - file */
	/* what reclaim could take back */
	uint64_t reclaimable_easy;   /* inactive file (minus shmem share) */
	uint64_t reclaimable_active; /* active file: reclaimable, but in the working set */
	uint64_t reclaimable_slab;
	uint64_t unreclaimable;      /* anon + shmem (without swap) + unreclaimable kernel */
	bool has_swap;
	/* processes */
	size_t nprocs, procs_partial;
	uint64_t proc_rss, proc_pss, proc_uss, proc_anon, proc_file, proc_shmem, proc_lazyfree;
	int64_t anon_unmapped;   /* cgroup anon - processes' anon */
	int64_t file_unmapped;   /* page cache not mapped by any process */
	int64_t shmem_unmapped;  /* tmpfs/shm pages not mapped by any process */
	double usage_share_of_limit; /* NaN without a limit */
};

/* What tool T would show for the cgroup of S, bytes; NaN when the kernel
 * lacks a counter it needs.  The same computation as cgroup_view_compute
 * (the table of `memtrace top --cgroups` uses it for its DOCKER column). */
double cgroup_tool_bytes(const struct cgroup_stats *s, enum cg_tool t);

/* HAS_SWAP: the system has swap configured (SwapTotal > 0). */
void cgroup_view_compute(const struct cgroup_stats *s, const struct cg_proc *procs, size_t nprocs, bool has_swap,
			 struct cgroup_view *v);

#endif
