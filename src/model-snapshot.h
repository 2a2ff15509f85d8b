/* A snapshot: one moment of one process's memory, attributed by region
 * class.  Plain data: built by source-snapshot.c (which reads the kernel),
 * rendered by output-*.c, compared by analysis-diff.c. */
#ifndef MEMTRACE_MODEL_SNAPSHOT_H
#define MEMTRACE_MODEL_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "model-counters.h"
#include "model-region.h"
#include "model-runtime.h"
#include "model-status.h"

struct snap_mapping {
	uint64_t start, end, offset, inode;
	unsigned dev_major, dev_minor;
	char perms[5];
	enum region_class cls;
	char *name; /* raw bytes from the kernel, NUL-terminated */
	size_t name_len;
	struct mem_counters c;
};

struct class_total {
	unsigned long mappings;
	struct mem_counters c;
};

/* Why a snapshot holds less than everything. */
enum snapshot_partial {
	PARTIAL_NONE = 0,
	PARTIAL_SMAPS_DENIED,   /* smaps unreadable: status numbers only */
	PARTIAL_SMAPS_TRUNCATED /* smaps text ended mid-block */
};

struct snapshot {
	pid_t pid;
	struct timespec wall;  /* when it was taken (CLOCK_REALTIME) */
	double monotonic;      /* CLOCK_MONOTONIC seconds */

	/* Identity */
	struct proc_status status;
	char **argv;           /* raw, NULL-terminated; NULL if unreadable */
	char *exe;             /* raw path or NULL */
	double age;            /* seconds since start, < 0 if unknown */
	double cpu_seconds;    /* user+system, < 0 if unknown */
	char kernel[128];      /* osrelease, "" if unknown */
	char thp[32];          /* transparent_hugepage/enabled mode, "" if unknown */
	struct runtime_info rt;

	/* Memory */
	bool have_smaps;
	enum snapshot_partial partial;
	int smaps_errno;       /* when PARTIAL_SMAPS_DENIED */
	struct mem_counters sum;    /* summed over smaps mappings */
	struct mem_counters rollup; /* smaps_rollup, when read */
	bool have_rollup;
	unsigned long mappings;
	struct class_total classes[RC_COUNT];
	uint64_t shmem_rss;    /* resident shmem pages (class shmem, not COW'd) */
	unsigned long thread_stacks;

	/* Top mappings by Rss, largest first. */
	struct snap_mapping *top;
	size_t ntop, top_max;
	/* Every mapping, in address order, when asked for (--save, diff). */
	struct snap_mapping *maps;
	size_t nmaps, maps_cap;
	bool keep_all;
};

void snapshot_init(struct snapshot *s, pid_t pid, size_t top_max, bool keep_all);
void snapshot_free(struct snapshot *s);

/* Adds one mapping already classified as CLS (copies what it keeps). */
void snapshot_add_mapping(struct snapshot *s, const struct smaps_mapping *m, enum region_class cls);

/* The process totals: the kernel's rollup where it was read (exact Pss,
 * and Pss_Anon/File/Shmem), else the sum over mappings.  Size always comes
 * from the sum (the rollup has none). */
const struct mem_counters *snapshot_totals(const struct snapshot *s);

/* Totals memtrace derives, in bytes; *_known false where the kernel did not
 * say (e.g. no LazyFree field before Linux 4.12). */
struct snapshot_derived {
	uint64_t vsz, rss, rss_anon, rss_file, rss_shmem;
	uint64_t uss, lazyfree, effective_rss;
	bool lazyfree_known;
};
void snapshot_derive(const struct snapshot *s, struct snapshot_derived *d);

#endif
