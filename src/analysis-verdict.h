/* The verdict engine: series in, verdict out.  Pure: no I/O, so the live
 * watch and `memtrace analyze` of a recording share it and agree.
 *
 * A verdict is a class plus its evidence: which memory grew and by how
 * much, the robust slope (Theil-Sen) with its interval, the trend test
 * (Mann-Kendall), when growth stopped (change point), the LazyFree share,
 * the smallest slope this window could detect, and a hint in the target's
 * terms.  It says "undecided" rather than guess. */
#ifndef MEMTRACE_ANALYSIS_VERDICT_H
#define MEMTRACE_ANALYSIS_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis-shape.h"
#include "model-series.h"

enum verdict_kind {
	VERDICT_UNDECIDED,
	VERDICT_LEAK,
	VERDICT_LEAK_THREADS,
	VERDICT_PLATEAU,
	VERDICT_MADV_FREE,
	VERDICT_RELEASED,
	VERDICT_STABLE,
	/* cgroup targets: what grew, when it is not the programs' memory */
	VERDICT_PAGE_CACHE,
	VERDICT_SHMEM,
	VERDICT_KERNEL,
};

const char *verdict_name(enum verdict_kind k);
int verdict_from_name(const char *name);

/* The program behind a PID changed during the watch: the series given to
 * the engine then holds only the samples since the change. */
struct verdict_identity {
	char event[16];      /* "exec" or "pid-reused"; "" when nothing changed */
	double at;           /* seconds from the start of the watch */
	char from[64], to[64]; /* comm before and after, escaped */
};

#define VERDICT_MAX_CHANGES 16

/* What the engine knows about the target besides the series. */
struct verdict_context {
	bool is_go, go_madv_free, glibc;
	double interval;      /* seconds between samples, as configured */
	double mem_available; /* bytes the system could still give, NaN unknown */
	double limit_left;    /* bytes left to a cgroup limit, NaN unknown */
	double swap_left;     /* swap the target may still fill, NaN unknown */
	double peak_rss;      /* VmHWM at the end, NaN unknown */
	/* cgroup targets */
	bool cgroup;
	double cg_limit;      /* bytes, NaN without a limit */
	int grew_pid;         /* the process whose anon grew most, 0 unknown */
	char grew_comm[64];   /* escaped */
	double grew_pid_bytes;
	struct verdict_identity identity;
};

struct verdict {
	enum verdict_kind kind;
	char summary[200];  /* one line for people */
	char reason[600];   /* the evidence in a sentence or three */
	char hint[400];     /* what to do, in the target's terms ("" if none) */

	size_t samples;       /* samples in the window */
	size_t points;        /* points analysed (history is downsampled) */
	double duration;      /* seconds observed */
	double start_level, end_level; /* effective memory, bytes */
	double growth;        /* end - start by the robust line, bytes */
	double slope, slope_lo, slope_hi; /* bytes/s, 95% interval */
	double trend_p;       /* Mann-Kendall two-sided p */
	double min_slope;     /* smallest slope this window can detect */
	double noise;         /* robust sigma of the series, bytes */
	/* the series judged: "held" (RSS - LazyFree + Swap, when the target
	 * had swap in the window), "effective" (RSS - LazyFree), "rss", or
	 * for a cgroup "cgroup_usage" (plus its swap when it has any) */
	const char *metric;
	enum shape_kind shape; /* what the curve did */
	size_t nchanges;      /* where it changed: seconds from the start */
	double changes[VERDICT_MAX_CHANGES];
	double swap, swap_growth, swap_slope; /* swap at the end and its growth; NaN unknown */
	double reclaimed_lazyfree; /* LazyFree the kernel took back (RSS fell with it), bytes */
	struct verdict_identity identity; /* copied from the context */
	const char *grew;     /* the region class that grew most, or NULL */
	double grew_bytes;
	double lazyfree, lazyfree_share; /* at the end; NaN unknown */
	double threads_start, threads_end;
	double per_cpu_second; /* growth per CPU-second of the target, NaN */
	double changed_at;    /* plateau: seconds from start when growth stopped */
	double level;         /* plateau: the level it holds, bytes */
	double peak;          /* released: the peak, bytes */
	bool sawtooth;
	size_t cycles;        /* sawtooth cycles seen */
	double more_seconds;  /* undecided: how much longer to watch, NaN */
	double time_to_limit; /* leak: seconds to the limit or MemAvailable */
	/* cgroup targets */
	const char *component; /* "anon", "page-cache", "shmem", "kernel" */
	bool at_limit;
	double limit_hits, oom_kills; /* during the window */
};

/* Computes the verdict over the whole series. */
void verdict_compute(const struct series *s, const struct verdict_context *ctx, struct verdict *v);

#endif
