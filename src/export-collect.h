/* The targets of `memtrace export`, sampled and judged in rounds: the
 * whole host is scanned as `memtrace top` scans it (source-hostscan,
 * source-cgscan, the verdict plan of scan-judge), and each round keeps the
 * targets the page shows:
 *  - the TOP processes by RSS at or above MIN_RSS (unless !processes), and
 *    every PID given, while it lives;
 *  - with ALL_CGROUPS every memory cgroup (at most CGSCAN_MAX), else the
 *    cgroups given by path and the containers given by id prefix.
 * Cardinality is bounded by TOP and CGSCAN_MAX.  A process leaves the set
 * when it exits or drops out of the top N: its series are no longer in the
 * page, and Prometheus marks them stale.  A PID reused by another process
 * is a new row (its start time differs), never the old one's history. */
#ifndef MEMTRACE_EXPORT_COLLECT_H
#define MEMTRACE_EXPORT_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model-series.h"
#include "output-metrics.h"
#include "source-cgscan.h"
#include "source-hostscan.h"

struct export_opts {
	double interval;         /* seconds between rounds */
	double budget;           /* fraction of one core for rollups and verdicts */
	bool processes;          /* the top processes by RSS */
	long top;                /* how many */
	double min_rss;          /* bytes */
	const pid_t *pids;       /* always exported while they live */
	size_t npids;
	bool all_cgroups;
	const char *const *cgroups; /* cgroup paths (as cgroup_resolve_path gives them) */
	size_t ncgroups;
	const char *const *containers; /* container id prefixes */
	size_t ncontainers;
};

struct export_collect {
	const char *root;
	struct export_opts o;
	struct hostscan hs;
	struct cgscan cg;
	bool cg_on;              /* cgroups are exported (a mount was found) */
	struct series scratch;
	double boot_time;        /* seconds since the epoch, NaN unknown */
	double clk_tck;
	unsigned long rounds, samples;
	/* the page of the last round */
	struct metrics_process *procs;
	char (*comm)[128];
	size_t nprocs, cap;
	pid_t *chosen;           /* its pids: read first in the next round */
	struct metrics_cgroup *cgs;
	size_t ncgs;
	char (*cg_given)[512];   /* o.cgroups escaped as the scan names them */
};

/* Opens the scans.  0, or -errno when cgroups were asked for and there is
 * no memory cgroup mount (-ENOENT). */
int export_collect_init(struct export_collect *e, const char *root, const struct export_opts *o);
void export_collect_free(struct export_collect *e);

/* One round: scans, judges within the budget, chooses the targets.  0, or
 * -errno when /proc cannot be listed. */
int export_collect_round(struct export_collect *e);

/* The page of the last round (pointers into E, valid until the next
 * round), with memtrace's own figures. */
void export_collect_page(const struct export_collect *e, struct metrics_page *p);

#endif
