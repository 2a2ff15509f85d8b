/* The running verdicts of a whole host, within a CPU allowance: what
 * `memtrace top` shows and `memtrace export` exports.  Which rows are
 * judged when is planned here once for both (the rows the caller names
 * first, then the fastest growers, then the rest, the longest unjudged
 * first); the judging itself is analysis-top's. */
#ifndef MEMTRACE_SCAN_JUDGE_H
#define MEMTRACE_SCAN_JUDGE_H

#include <stddef.h>
#include <sys/types.h>

#include "source-cgscan.h"
#include "source-hostscan.h"

/* GROW/s: the least-squares slope over the last 20 s, what a row does now */
#define SCAN_GROWTH_WINDOW 20.0
/* A settled verdict of a row whose memory did not move is kept this long */
#define SCAN_VERDICT_REUSE 30.0

/* Sets every process row's growth from its ring. */
void scan_growth_processes(struct hostscan *hs);
/* Sets every cgroup row's growth (usage + swap) from its ring. */
void scan_growth_cgroups(struct cgscan *c);

/* Running verdicts of the processes within ALLOWANCE CPU seconds: the
 * FIRST rows (NFIRST pids; the rows on screen), then the 20 fastest
 * growers, then the others; rows whose memory did not move since a settled
 * verdict not at all.  MEM_AVAILABLE (NaN unknown) for the time to the
 * limit. */
void scan_judge_processes(struct hostscan *hs, const pid_t *first, size_t nfirst, double allowance,
			  double mem_available, struct series *scratch);

/* The same for the rows of PIDS only (the exporter's targets: judging the
 * rest of the host would spend the allowance on what nobody reads). */
void scan_judge_pids(struct hostscan *hs, const pid_t *pids, size_t npids, double allowance, double mem_available,
		     struct series *scratch);

/* Running verdicts of the cgroups seen by the last scan, the longest
 * unjudged first, within ALLOWANCE CPU seconds. */
void scan_judge_cgroups(struct cgscan *c, double interval, double allowance, struct series *scratch);

#endif
