/* The host's processes as `memtrace top` follows them: one row per
 * process, with the last few minutes of its memory in a small ring (not a
 * full series: a thousand processes must fit in a few MiB).  Plain data
 * and arithmetic on it; the scanner that fills it lives in
 * source-hostscan, the verdicts come from analysis-verdict. */
#ifndef MEMTRACE_MODEL_PROCTABLE_H
#define MEMTRACE_MODEL_PROCTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model-series.h"

/* Samples kept per process: 4 minutes at the default 1 s. */
#define PROC_HISTORY 240

/* One process's history, oldest first from HEAD.  NaN: not measured at
 * that tick (effective memory and LazyFree come from smaps_rollup, which
 * is read for some processes only). */
struct proc_ring {
	float rss[PROC_HISTORY], effective[PROC_HISTORY], lazyfree[PROC_HISTORY], swap[PROC_HISTORY];
	double t[PROC_HISTORY]; /* CLOCK_MONOTONIC seconds */
	unsigned head, len;
};

struct proc_row {
	pid_t pid;
	unsigned long long start_ticks; /* stat field 22: a reused PID is a new row */
	uid_t uid;
	bool has_uid;
	char comm[64];                   /* raw: escape before display */
	char cmdline[256];               /* raw, arguments joined by spaces, cut
					    at 255 bytes; "" empty or unread */
	double cmdline_at;               /* when it was read, -1 never (an exec
					    or a rename clears it) */
	double rss, swap;                /* status, every tick */
	double anon, file, shmem;        /* status RssAnon/File/Shmem, NaN unknown */
	double effective, lazyfree, pss; /* smaps_rollup; NaN until read */
	double rollup_at;                /* when it was last read, -1 never */
	double rollup_cost;              /* CPU seconds of its last read */
	bool rollup_denied;              /* not ours to read: status only */
	double growth;                   /* bytes/s of held memory, NaN unknown */
	int verdict;                     /* enum verdict_kind, -1 none yet */
	double verdict_at;               /* when the verdict was computed, 0 never */
	double time_to_limit;            /* a leak: seconds to MemAvailable, NaN */
	double judged_held;              /* held memory then (proc_ring_held) */
	bool seen;                       /* found by the current scan */
	struct proc_ring ring;
};

/* The slot the next sample of a ring of PROC_HISTORY goes to: the oldest
 * one once the ring is full.  Updates *HEAD and *LEN. */
static inline unsigned ring_next_slot(unsigned *head, unsigned *len)
{
	unsigned slot;

	if (*len < PROC_HISTORY)
		return (*head + (*len)++) % PROC_HISTORY;
	slot = *head;
	*head = (*head + 1) % PROC_HISTORY;
	return slot;
}

/* Appends one tick; values may be NaN. */
void proc_ring_add(struct proc_ring *r, double t, double rss, double effective, double lazyfree, double swap);

/* The I-th sample from the oldest (I < len). */
static inline unsigned proc_ring_index(const struct proc_ring *r, unsigned i)
{
	return (r->head + i) % PROC_HISTORY;
}

/* Held memory at one slot: effective + swap when effective was measured,
 * else RSS + swap (the status view); NaN when nothing is. */
double proc_ring_held(const struct proc_ring *r, unsigned slot);


/* The whole ring as a series (for the verdict engine); S is reset first. */
void proc_ring_to_series(const struct proc_ring *r, struct series *s);

/* The same with a Go service's reads (--go-pprof in top): the M_GO_*
 * numbers of each of GO[0..NGO) (oldest first) go into the first sample
 * of the ring at or after its time, as the watch puts a read into the
 * sample of the tick that took it. */
void proc_ring_to_series_go(const struct proc_ring *r, const struct sample *go, size_t ngo, struct series *s);

#endif
