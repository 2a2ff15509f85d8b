/* Every memory cgroup of the host, once a tick: the cgroup view of
 * `memtrace top`.  The cgroups are listed again every CGSCAN_RELIST ticks
 * (a directory walk); each one's memory.* files are read every tick, not
 * its processes (the process view has them).  At most CGSCAN_MAX cgroups. */
#ifndef MEMTRACE_SOURCE_CGSCAN_H
#define MEMTRACE_SOURCE_CGSCAN_H

#include "model-cgtable.h"
#include "source-cgroup.h"
#include "source-hostscan.h"

#define CGSCAN_RELIST 10
#define CGSCAN_MAX 400

struct cgscan {
	const char *root;
	struct cgroup_mounts mounts;
	int mounts_rc;         /* 0, or why there is no cgroup view */
	struct cgroup_match *list;
	int nlist;
	struct cg_row **rows;  /* one per listed cgroup, in list order */
	struct cgroup_stats *stats; /* per row: its counters as last read
				     * (without processes), for the tools' figures */
	size_t n;
	unsigned long ticks;
	double now;
	struct hostscan_cost reads;
};

void cgscan_init(struct cgscan *c, const char *root);
void cgscan_free(struct cgscan *c);
/* One tick.  Returns 0, or -errno when there is no memory cgroup mount. */
int cgscan_tick(struct cgscan *c);
/* The index of the row of the cgroup PATH (escaped, as in the rows), or
 * -1 when it is gone. */
int cgscan_find(const struct cgscan *c, const char *path);

#endif
