/* The exporter's page: what `memtrace export` serves on /metrics and
 * writes to a textfile, in the Prometheus text format 0.0.4 or in
 * OpenMetrics 1.0.  Pure: the targets' figures in, text out.
 *
 * Naming follows Prometheus practice: base units (bytes, seconds) as name
 * suffixes, `_total` only on counters, HELP and TYPE on every family; in
 * OpenMetrics also UNIT, counter families named without `_total` in their
 * metadata, and `# EOF`.  A verdict is a state set (one series per
 * possible verdict, 1 for the current one) with the label named like the
 * family, as OpenMetrics requires; the text format has no state sets, so
 * there it is a gauge with the same series.  Unknown figures (NaN) are
 * left out, never written as 0.  No timestamps: the scraper's time is the
 * sample's. */
#ifndef MEMTRACE_OUTPUT_METRICS_H
#define MEMTRACE_OUTPUT_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "analysis-cgroup.h"

enum metrics_format {
	METRICS_TEXT,        /* text/plain; version=0.0.4 */
	METRICS_OPENMETRICS, /* application/openmetrics-text; version=1.0.0 */
};

/* The Content-Type header of a format. */
const char *metrics_content_type(enum metrics_format f);

/* The format to answer a request whose Accept header is the LEN bytes of
 * ACCEPT (NULL: none): OpenMetrics when application/openmetrics-text with
 * version 1.0.0 (or none given) has a higher quality (q) than
 * text/plain and the wildcards; the text format otherwise, and on ties
 * (every scraper reads it).  Never reads past LEN; any bytes. */
enum metrics_format metrics_negotiate(const char *accept, size_t len);

/* Process memory components, in the order of the `component` label. */
enum metrics_pcomp { MP_RSS, MP_EFFECTIVE, MP_LAZYFREE, MP_SWAP, MP_PSS, MP_ANON, MP_FILE, MP_SHMEM, MP_COUNT };
/* Cgroup memory components. */
enum metrics_ccomp { MCG_USAGE, MCG_ANON, MCG_FILE, MCG_SHMEM, MCG_KERNEL, MCG_SWAP, MCG_COUNT };

struct metrics_process {
	pid_t pid;
	const char *comm;      /* escaped (escape_name) */
	double start_time;     /* seconds since the epoch, NaN unknown */
	double mem[MP_COUNT];  /* bytes, NaN unknown */
	double growth;         /* bytes/s, NaN unknown */
	int verdict;           /* enum verdict_kind, -1 not judged yet */
	double time_to_limit;  /* seconds, NaN unknown or not leaking */
};

struct metrics_cgroup {
	const char *path;      /* escaped */
	const char *id;        /* container id, "" */
	const char *runtime;   /* "" when none is recognised */
	double mem[MCG_COUNT];
	double limit;          /* bytes, NaN without a limit */
	struct {
		const char *id;  /* "docker_stats", ... (cgroup_view_compute) */
		double value;    /* bytes, NaN unknown */
	} tool[TOOL_COUNT];      /* what each tool would show */
	double growth;
	int verdict;
	double time_to_limit;
};

/* memtrace's own figures. */
struct metrics_self {
	double cpu_seconds;     /* user + system since it started */
	double rss;             /* bytes, NaN unknown */
	unsigned long rounds;   /* rounds of sampling done */
	unsigned long samples;  /* target samples taken (one per target per round) */
	double round_seconds;   /* wall time of the last round, NaN before one */
	double start_time;      /* seconds since the epoch */
};

struct metrics_page {
	const struct metrics_process *procs;
	size_t nprocs;
	const struct metrics_cgroup *cgroups;
	size_t ncgroups;
	struct metrics_self self;
};

/* Renders P in format F.  Returns a NUL-terminated allocation and its
 * length in *LEN. */
char *metrics_render(const struct metrics_page *p, enum metrics_format f, size_t *len);

/* The label names and values of the families, for the man page and tests. */
const char *metrics_pcomp_name(enum metrics_pcomp c);
const char *metrics_ccomp_name(enum metrics_ccomp c);

#endif
