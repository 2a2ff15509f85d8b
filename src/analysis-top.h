/* The running verdict of one row of `memtrace top`, from the same engine
 * as `watch`: its ring becomes a series, the verdict gives the kind and the
 * robust slope.  Pure; which rows are judged when, within the CPU budget,
 * is the caller's plan. */
#ifndef MEMTRACE_ANALYSIS_TOP_H
#define MEMTRACE_ANALYSIS_TOP_H

#include "analysis-verdict.h"
#include "model-cgtable.h"
#include "model-goruntime.h"
#include "model-proctable.h"
#include "model-sample.h"

/* Least-squares slope of RSS + swap over the ring's last SECONDS, bytes/s;
 * NaN with fewer than 3 samples.  RSS + swap throughout: effective memory
 * is only measured on some ticks, and mixing the two would make steps.  A
 * cheap rank for a thousand rows a second; the verdict's Theil-Sen slope
 * replaces it for a leak. */
double top_ring_growth(const struct proc_ring *r, double seconds);

/* The same slope for one component of a cgroup's ring (bytes/s, NaN with
 * fewer than 3 measured samples in the last SECONDS). */
double top_cg_growth(const struct cg_ring *r, enum cg_component c, double seconds);

/* Would a new verdict say anything new?  Not for a row whose memory has
 * not moved by a page since a settled verdict (anything but undecided)
 * less than REUSE seconds ago: idle processes, most of a host, cost
 * nothing then. */
bool top_needs_judging(const struct proc_row *r, double now, double reuse);

/* Judges R at time NOW (sets verdict, verdict_at, time_to_limit and,
 * where the engine fitted one, growth), with SCRATCH as the series buffer.
 * MEM_AVAILABLE (bytes, NaN unknown) is the room a leak's time to the
 * limit is projected against.  V, when not NULL, gets the whole verdict. */
void top_judge_row(struct proc_row *r, double now, double interval, double mem_available, struct series *scratch,
		   struct verdict *v);

/* What a Go service's endpoints said about a row's process (top
 * --go-pprof): its reads (samples holding only M_GO_*, oldest first), the
 * first and last goroutine profiles, and what its executable says. */
struct top_go_evidence {
	const struct sample *reads;
	size_t nreads;
	const struct go_goroutines *first, *last; /* NULL without profiles */
	const char *pprof;       /* the URL as given, or NULL */
	bool is_go, madv_free;
	double memlimit;         /* GOMEMLIMIT, NaN unset */
	double gogc;             /* GOGC percent, -1 off, NaN unset */
	const char *go_version;  /* NULL unknown */
};

/* top_judge_row with GO's evidence (NULL: none), as the watch judges. */
void top_judge_row_go(struct proc_row *r, double now, double interval, double mem_available,
		      const struct top_go_evidence *go, struct series *scratch, struct verdict *v);

/* The same for a cgroup row: the cgroup verdicts (page-cache-growth,
 * shmem-growth, leak, plateau at the limit, ...); the time to the limit
 * against the cgroup's own limit. */
void top_judge_cgroup(struct cg_row *r, double now, double interval, struct series *scratch, struct verdict *v);

#endif
