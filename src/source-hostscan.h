/* Every process of the host, once a tick, within a budget: what `memtrace
 * top` reads.
 *
 * Reading smaps_rollup for every process every second would cost more than
 * htop does (a page-table walk each, under the target's mmap lock).  So the
 * reads are planned, cheapest first:
 *  - status for every process every tick (O(1) counters: RSS, swap, name,
 *    owner); stat only for a PID seen for the first time or renamed (its
 *    start time tells a reused PID from the old process);
 *  - smaps_rollup (effective memory, LazyFree, PSS) for the processes the
 *    caller names first (the rows on screen), then the top growers (by
 *    the growth the caller's analysis set on the rows), then
 *    the others round-robin, until this tick's share of the budget is
 *    spent.  Each read's cost is measured and the plan uses it;
 *  - the full smaps of one process is not read here (the drill-down reads
 *    it with the watch sampler).
 * Kernel threads have no user memory and are not rows. */
#ifndef MEMTRACE_SOURCE_HOSTSCAN_H
#define MEMTRACE_SOURCE_HOSTSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model-proctable.h"

struct hostscan_cost {
	unsigned long reads;
	double cpu; /* memtrace's CPU seconds spent on them */
};

struct hostscan {
	const char *root;
	double interval; /* seconds between ticks */
	double budget;   /* fraction of one core for rollups */
	struct proc_row **rows; /* sorted by pid */
	size_t n, cap;
	pid_t *kthreads; /* kernel threads seen (not rows), sorted */
	size_t nk, capk;
	struct hostscan_cost status, rollup;
	double rollup_est; /* CPU seconds per rollup read, running estimate */
	size_t rollups_last; /* rollups read in the last tick */
	unsigned long ticks;
	double now;        /* CLOCK_MONOTONIC of the last tick */
};

void hostscan_init(struct hostscan *h, const char *root, double interval, double budget);
void hostscan_free(struct hostscan *h);

/* One tick: scans ROOT/proc, updates every row, drops the processes that
 * are gone, reads rollups (PRIORITY first, NPRIORITY pids), and appends one
 * sample to each row's ring.  Returns 0 or -errno when /proc cannot be
 * listed. */
int hostscan_tick(struct hostscan *h, const pid_t *priority, size_t npriority);

/* The row of PID, or NULL. */
struct proc_row *hostscan_find(const struct hostscan *h, pid_t pid);

/* R's command line (raw, arguments joined by spaces, at most 255 bytes; ""
 * for a process without one), read when first asked for and again after
 * an exec or when HOSTSCAN_CMDLINE_AGE seconds old (a process may rewrite
 * its arguments, as postgres and nginx workers do).  Only `top --cmdline`
 * asks, so the default costs nothing. */
#define HOSTSCAN_CMDLINE_AGE 10.0
const char *hostscan_cmdline(const struct hostscan *h, struct proc_row *r);

#endif
