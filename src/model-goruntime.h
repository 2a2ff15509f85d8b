/* What a Go service says about its own memory, read from its pprof and
 * expvar endpoints (--go-pprof, --go-expvar): the runtime.MemStats numbers
 * and the goroutine profile of one read.  Plain data: the parsers are in
 * source-goparse.c, the fetcher in source-gofetch.c, the judges in
 * analysis-goruntime.c.  Unknown is NaN, never 0. */
#ifndef MEMTRACE_MODEL_GORUNTIME_H
#define MEMTRACE_MODEL_GORUNTIME_H

#include <stdbool.h>

/* The runtime.MemStats fields memtrace keeps (bytes, except the counts). */
enum go_stat {
	GS_HEAP_ALLOC,    /* bytes of live and not yet swept heap objects */
	GS_HEAP_INUSE,    /* bytes in spans with at least one object */
	GS_HEAP_IDLE,     /* bytes in spans with none */
	GS_HEAP_RELEASED, /* idle bytes returned to the OS (madvise) */
	GS_HEAP_SYS,
	GS_SYS,           /* everything the runtime got from the OS */
	GS_STACK_INUSE,   /* goroutine stacks */
	GS_NEXT_GC,       /* heap size the next GC aims at (GOGC) */
	GS_NUM_GC,        /* completed GC cycles */
	GS_LAST_PAUSE_NS, /* the last GC's stop-the-world pause */
	GS_COUNT
};

/* Go's own names of the fields ("HeapAlloc", ...; "LastPauseNs" is
 * PauseNs[(NumGC+255)%256], which Go has no name for). */
extern const char *const go_stat_keys[GS_COUNT];

#define GO_GROUPS 8      /* largest goroutine groups kept per read */
#define GO_FRAMES 4      /* top frames kept per group */
#define GO_FUNC_MAX 128  /* an escaped function name, NUL included */

/* Goroutines with the same stack, as the profile groups them. */
struct go_group {
	double count;
	unsigned nframes;
	char func[GO_FRAMES][GO_FUNC_MAX]; /* escaped, innermost first */
};

struct go_goroutines {
	double total;    /* "goroutine profile: total N"; NaN unknown */
	unsigned ngroups;
	struct go_group g[GO_GROUPS]; /* largest count first */
};

/* One read of both endpoints. */
struct go_read {
	double t;                /* clock_mono() when the read ended */
	double stat[GS_COUNT];   /* NaN where the endpoint did not say */
	struct go_goroutines gr; /* the total always when known; the groups
				    only when profiled */
	bool profiled;           /* gr is a goroutine profile (with groups),
				    not a count alone (pprof's index, expvar) */
};

void go_stats_clear(double stat[GS_COUNT]);
void go_goroutines_clear(struct go_goroutines *gr);
void go_read_clear(struct go_read *r);

/* The key of a runtime.MemStats field, or -1. */
int go_stat_from_key(const char *key, unsigned len);

/* Two groups are the same stack when their kept frames are. */
bool go_group_same(const struct go_group *a, const struct go_group *b);

/* The group of GR with the stack of G, or NULL. */
const struct go_group *go_group_find(const struct go_goroutines *gr, const struct go_group *g);

#endif
