/* The Go runtime judges: what a Go service's own accounting (the reads of
 * --go-pprof/--go-expvar, in the series as M_GO_*, and the first and last
 * goroutine profiles) adds to the verdict.  Pure, no English: the finding
 * and its numbers; output-verdict-text.c words them.
 *
 * The judges, first that holds wins:
 *   madv-free-confirmed  LazyFree ~ HeapReleased: the lazily freed pages are
 *                        the heap the runtime gave back (MADV_FREE)
 *   goroutine-leak       goroutines rise with memory; the group that grew
 *                        most between the first and last profiles is named
 *   heap-objects-leak    HeapInuse grows with flat goroutines: objects kept
 *                        reachable (two heap profiles, pprof -diff_base)
 *   outside-go-heap      RSS grows, the runtime's Sys does not: cgo, mmap,
 *                        files (the region class that grew is named)
 *   gc-headroom          memory flat with a flat Go heap: the level is the
 *                        live heap plus GOGC's headroom up to NextGC
 *   no-finding           reads, but none of the above */
#ifndef MEMTRACE_ANALYSIS_GORUNTIME_H
#define MEMTRACE_ANALYSIS_GORUNTIME_H

#include <stdbool.h>
#include <stddef.h>

#include "model-goruntime.h"
#include "model-series.h"

enum go_finding {
	GOF_NONE,              /* no read of the Go endpoints */
	GOF_FEW_READS,         /* one read: nothing to compare */
	GOF_MADV_FREE,
	GOF_GOROUTINE_LEAK,
	GOF_HEAP_LEAK,
	GOF_OUTSIDE_HEAP,
	GOF_GC_HEADROOM,
	GOF_NO_FINDING,
	GOF_COUNT
};

const char *go_finding_name(enum go_finding f);

/* What the rest of the verdict decided, as the Go judges need it. */
struct go_judge_in {
	const struct go_goroutines *first, *last; /* NULL without profiles */
	double growth;        /* the verdict's robust growth, bytes; NaN */
	bool memory_grows;    /* the verdict is a leak */
	bool memory_flat;     /* plateau or stable */
	const char *grew;     /* the region class that grew most, or NULL */
	const char *pprof;    /* the pprof URL as given, or NULL */
	bool madv_free_expected; /* the runtime frees with MADV_FREE (version, GODEBUG) */
	double memlimit;      /* GOMEMLIMIT, bytes; NaN unset */
	double gogc;          /* GOGC percent, -1 off; NaN unset */
	const char *go_version; /* NULL unknown */
};

struct go_verdict {
	enum go_finding finding;
	size_t reads;                  /* samples with a read */
	double goroutines_first, goroutines_last;
	double heap_inuse_first, heap_inuse_last;
	double heap_alloc_last, next_gc_last, heap_released_last;
	double stack_inuse_first, stack_inuse_last;
	double sys_first, sys_last;
	double rss_last, lazyfree_last;
	double growth;                 /* the verdict's growth, bytes */
	/* goroutine-leak: the group that grew most */
	char group[GO_FUNC_MAX];       /* its innermost function, escaped */
	char group_caller[GO_FUNC_MAX]; /* the next one, "" if none */
	double group_growth, group_count;
	const char *grew;              /* outside-go-heap: region class */
	char pprof[256];               /* the pprof URL, escaped; "" unknown */
	bool madv_free_expected;
	double memlimit;
	double gogc;                   /* NaN: unset (the runtime's 100) */
	char go_version[32];           /* escaped; "" unknown */
};

/* Judges the Go evidence of points P[0..NP). */
void go_verdict_compute(const struct series_point *p, size_t np, const struct go_judge_in *in,
			struct go_verdict *g);

#endif
