/* The verdict engine: series in, verdict out.  Pure: no I/O, so the live
 * watch and `memtrace analyze` of a recording share it and agree.
 *
 * A verdict is data: a class, the finding that decided it (which of the
 * judges recognised the curve, and how), the advice that fits the target,
 * and the numbers behind them: which memory grew and by how much, the
 * robust slope (Theil-Sen) with its interval, the trend test
 * (Mann-Kendall), when growth stopped, the LazyFree share, the smallest
 * slope this window could detect.  It says "undecided" rather than guess.
 * The engine writes no English: output-verdict-text.c renders a verdict
 * for people (text, JSON's summary and reason, the full-screen views). */
#ifndef MEMTRACE_ANALYSIS_VERDICT_H
#define MEMTRACE_ANALYSIS_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis-goruntime.h"
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

/* Least samples, and least sawtooth cycles, before any judgement. */
#define VERDICT_MIN_SAMPLES 8
#define VERDICT_MIN_CYCLES 4

/* What decided the verdict.  Beside each, the evidence fields it uses
 * (besides kind, metric and the fit: growth, slope, slope_lo, slope_hi,
 * trend_p, min_slope, span). */
enum verdict_finding {
	FINDING_NO_SAMPLES,
	FINDING_TOO_FEW_SAMPLES,  /* points, duration, need_seconds */
	FINDING_UNFITTABLE,       /* too few distinct times */
	FINDING_SAWTOOTH_YOUNG,   /* cycles, amplitude, period, more_seconds */
	FINDING_SAWTOOTH_RISING,  /* cycles, amplitude, period, trough_rise */
	FINDING_SAWTOOTH_FLAT,    /* cycles, amplitude, period, trough_rise */
	FINDING_LAZYFREE,         /* rss, lazyfree, lazyfree_share, end_level, falling */
	FINDING_FELL_FROM_PEAK,   /* peak, changed_at, level, nchanges */
	FINDING_STEP_HELD,        /* jump, changed_at, level, held */
	FINDING_STEP_YOUNG,       /* jump, changed_at, held, more_seconds */
	FINDING_STEPS_STOPPED,    /* jump, steps, spacing, changed_at, level, held */
	FINDING_STEPS_GOING,      /* jump, steps, spacing, held */
	FINDING_STEPS_YOUNG,      /* jump, steps, held, more_seconds */
	FINDING_RAMP_HELD,        /* rise, rise_rate, changed_at, level, held, slope_after */
	FINDING_RAMP_YOUNG,       /* rise, held, more_seconds */
	FINDING_GROWING_YOUNG,    /* need_seconds, more_seconds */
	FINDING_SLOWING,          /* slope_first, slope_second, more_seconds */
	FINDING_TREND,            /* grew (region class), threads_start/end */
	FINDING_NO_TREND,         /* end_level */
	FINDING_FALLING,
	FINDING_NOT_SEPARABLE,    /* more_seconds */
	/* cgroup targets */
	FINDING_CG_LEAK_AT_LIMIT,    /* cg_limit, limit_hits, component_growth */
	FINDING_CG_PLATEAU_AT_LIMIT, /* level, cg_limit, limit_hits, component, oom_kills */
	FINDING_CG_COMPONENT,        /* component, usage_growth, component_growth */
	FINDING_COUNT
};

/* What to do about it, in the target's terms. */
enum verdict_advice {
	ADVICE_NONE,
	ADVICE_THREADS,          /* threads created and never joined */
	ADVICE_GO_HEAP,          /* goroutines and heap profiles */
	ADVICE_GLIBC_HEAP,       /* heaptrack, massif, snapshot diffs */
	ADVICE_DIFF_SNAPSHOTS,
	ADVICE_GO_MADVDONTNEED,  /* a Go runtime that frees with MADV_FREE */
	ADVICE_LAZYFREE_KNOBS,   /* allocator settings that return memory */
	ADVICE_GLIBC_RETENTION,  /* RSS at its high-water mark under glibc */
	ADVICE_PAGE_CACHE,
	ADVICE_SHMEM_FILES,
	ADVICE_KERNEL_HANDLES,
	ADVICE_COUNT
};

const char *verdict_finding_name(enum verdict_finding f);
const char *verdict_advice_name(enum verdict_advice a);

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
	/* a Go service's first and last goroutine profiles (--go-pprof);
	 * NULL without */
	const struct go_goroutines *go_first, *go_last;
	const char *go_pprof; /* --go-pprof as given, or NULL */
	double go_memlimit;   /* GOMEMLIMIT in bytes, NaN unset */
	double go_gogc;       /* GOGC percent, -1 off, NaN unset */
	const char *go_version; /* "go1.19.8", NULL unknown */
};

struct verdict {
	enum verdict_kind kind;
	enum verdict_finding finding;
	enum verdict_advice advice;

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
	bool metric_with_swap; /* cgroup_usage plus the cgroup's swap */
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
	double need_seconds;  /* undecided: how long the judgement needs, NaN */
	double span;          /* seconds of the window the trend was fitted on */
	double amplitude, period; /* sawtooth: rise and drop, seconds per cycle */
	double trough_rise;   /* sawtooth: last trough minus first, bytes */
	double jump;          /* steps: last level minus first, bytes */
	size_t steps;         /* steps up */
	double spacing;       /* steps: median seconds between them, NaN */
	double held;          /* seconds the last level has held */
	double rise, rise_rate; /* ramp then plateau: bytes, bytes/s */
	double slope_after;   /* ramp then plateau: slope since, bytes/s */
	double slope_first, slope_second; /* slowing down: halves, bytes/s */
	double rss;           /* RSS at the end, bytes */
	bool falling;         /* madv-free residue: effective memory falls */
	bool into_swap;       /* a leak that swap takes most of */
	double held_at;       /* into swap: RSS (or usage) at the end */
	double time_to_limit; /* leak: seconds to the limit or MemAvailable */
	/* cgroup targets */
	const char *component; /* "anon", "page-cache", "shmem", "kernel" */
	bool at_limit;
	double cg_limit;      /* bytes, NaN without a limit */
	double limit_hits, oom_kills; /* during the window */
	double usage_growth, component_growth; /* robust growth, bytes */
	int grew_pid;         /* an anon leak: the process it grew in, or 0 */
	char grew_comm[64];   /* escaped */
	double grew_pid_bytes;
	/* a Go service's own accounting (--go-pprof, --go-expvar) */
	struct go_verdict go;
};

/* Computes the verdict over the whole series. */
void verdict_compute(const struct series *s, const struct verdict_context *ctx, struct verdict *v);

#endif
