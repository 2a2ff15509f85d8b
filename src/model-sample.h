/* A sample: one moment of one process, compact numbers only (no
 * mappings).  What `watch` records every tick and what the verdict engine
 * reads.  Values are doubles so that a series can hold means of buckets
 * and NaN for "not measured at this tick" (e.g. class breakdown, which only
 * the full smaps tier gives). */
#ifndef MEMTRACE_MODEL_SAMPLE_H
#define MEMTRACE_MODEL_SAMPLE_H

#include <math.h>
#include <stdbool.h>

#include "model-region.h"

/* Sampling tiers, cheapest first (HACKING.md, "Data flow of a watch"). */
enum {
	TIER_STATUS = 1u << 0, /* /proc/PID/status: O(1) counters (may lag) */
	TIER_ROLLUP = 1u << 1, /* smaps_rollup: one page-table walk */
	TIER_SMAPS = 1u << 2,  /* smaps: walk + text per mapping, attribution */
};

enum metric {
	M_RSS,       /* bytes: rollup Rss when read this tick, else status VmRSS */
	M_EFFECTIVE, /* RSS - LazyFree */
	M_ANON,      /* anonymous resident */
	M_FILE,      /* file-backed resident */
	M_SHMEM,     /* shmem resident */
	M_SWAP,
	M_LAZYFREE,  /* NaN when the kernel has no LazyFree */
	M_PSS,       /* NaN unless the rollup or smaps was read */
	M_USS,
	M_THREADS,   /* count */
	M_CPU,       /* target's user+system CPU seconds; NaN unknown */
	/* cgroup targets (watch --cgroup/--container); NaN for a process */
	M_CG_USAGE,
	M_CG_ANON,
	M_CG_FILE,   /* page cache without shmem */
	M_CG_SHMEM,
	M_CG_KERNEL,
	M_CG_INACTIVE_FILE,
	M_CG_LIMIT_HITS, /* v1 failcnt, v2 memory.events max (cumulative count) */
	M_CG_OOM_KILLS,  /* cumulative count */
	M_CG_SWAP,       /* v1 memsw.usage - usage, v2 memory.swap.current */
	/* a Go service's own accounting (--go-pprof, --go-expvar): NaN but
	 * at the ticks a read of its endpoints completed (model-goruntime.h) */
	M_GO_HEAP_ALLOC,
	M_GO_HEAP_INUSE,
	M_GO_HEAP_IDLE,
	M_GO_HEAP_RELEASED,
	M_GO_HEAP_SYS,
	M_GO_SYS,
	M_GO_STACK_INUSE,
	M_GO_NEXT_GC,
	M_GO_NUM_GC,
	M_GO_LAST_PAUSE_NS,
	M_GO_GOROUTINES,
	M_CLASS0,    /* per region class Rss, M_CLASS0 + enum region_class */
	M_COUNT = M_CLASS0 + RC_COUNT
};

struct sample {
	double t;     /* CLOCK_MONOTONIC seconds */
	double wall;  /* seconds since the epoch */
	unsigned tiers;
	double v[M_COUNT];
};

const char *metric_name(enum metric m);
int metric_from_name(const char *name);

static inline void sample_clear(struct sample *s)
{
	s->t = s->wall = 0;
	s->tiers = 0;
	for (int i = 0; i < M_COUNT; i++)
		s->v[i] = NAN;
}

#endif
