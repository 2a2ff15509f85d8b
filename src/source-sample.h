/* The sampler: one sample per tick from the cheapest tiers that answer the
 * question, within a CPU budget.
 *
 * status is read every tick (O(1) counters).  smaps_rollup (exact Rss,
 * Pss, LazyFree) every tick while its measured cost fits the budget, else
 * as often as it fits.  The full smaps (attribution to region classes and
 * mappings) at the start, then as often as the budget allows and at most
 * every SAMPLER_SMAPS_PERIOD seconds, sooner when the caller says growth
 * needs attributing.  Costs are memtrace's own CPU time, measured per tier
 * and reported. */
#ifndef MEMTRACE_SOURCE_SAMPLE_H
#define MEMTRACE_SOURCE_SAMPLE_H

#include <stdbool.h>
#include <sys/types.h>

#include "model-sample.h"
#include "model-snapshot.h"
#include "source-identity.h"
#include "source-snapshot.h"

#define SAMPLER_SMAPS_PERIOD 30.0
/* Above this many mappings the sampler keeps class totals only, not every
 * mapping, so its memory stays small (mapping-level growth is then not
 * attributed). */
#define SAMPLER_KEEP_MAPPINGS_MAX 20000

enum { TIER_IDX_STATUS, TIER_IDX_ROLLUP, TIER_IDX_SMAPS, TIER_IDX_COUNT };

struct tier_cost {
	unsigned long reads;
	double total;  /* CPU seconds spent */
	double last;   /* CPU seconds of the last read */
	double est;    /* running estimate per read */
};

struct sampler {
	const char *root;
	pid_t pid;
	double interval;
	double budget;          /* fraction of one core, e.g. 0.01 */
	struct tier_cost cost[TIER_IDX_COUNT];
	double last_rollup, last_smaps;
	bool rollup_ok;         /* the kernel has smaps_rollup and we may read it */
	bool smaps_ok;          /* smaps readable (else status only) */
	int smaps_errno;
	double lazyfree;        /* last known LazyFree, NaN if never known */
	bool want_attribution;  /* set by the caller: take smaps soon */
	bool have_baseline, baseline_is_ident;
	bool ident_pending; /* the first sample takes its classes from ident */
	struct snapshot baseline; /* first full smaps */
	struct snapshot latest;   /* most recent full smaps */
	bool have_latest;
	struct runtime_info *rt;  /* identity from the first full snapshot */
	struct snapshot ident;    /* the identity snapshot (cmdline, exe, rt) */
	/* who is behind the PID, checked every tick; after a tick that saw
	 * another program, CHANGE says how and ID_BEFORE who it was */
	struct proc_identity id, id_before;
	enum identity_change change;
};

/* Reads identity and the first full sample.  Returns 0 or -errno with *E. */
int sampler_init(struct sampler *sm, const char *root, pid_t pid, double interval, double budget,
		 struct snapshot_error *e);
void sampler_free(struct sampler *sm);

/* One tick.  Returns 0, or -ESRCH when the target is gone (e->kind says
 * how), or another -errno. */
int sampler_take(struct sampler *sm, struct sample *out, struct snapshot_error *e);

/* After an exec (sm->change == IDENTITY_EXEC): forget the old program's
 * mappings and identity, read the new one's, so that attribution and the
 * runtime are the new program's.  Returns 0 or -errno with *E. */
int sampler_rebase(struct sampler *sm, struct snapshot_error *e);

/* memtrace's own CPU seconds so far (all threads). */
double sampler_self_cpu(void);

#endif
