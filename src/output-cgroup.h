/* The cgroup report, for people and as JSON (schema memtrace-cgroup v1). */
#ifndef MEMTRACE_OUTPUT_CGROUP_H
#define MEMTRACE_OUTPUT_CGROUP_H

#include <jansson.h>
#include <stdio.h>

#include "analysis-cgroup.h"

struct cgroup_report {
	const struct cgroup_ref *ref;
	const struct cgroup_mounts *mounts;
	const char *container_id, *runtime; /* NULL unless the cgroup is a container's */
	const char *container_name;         /* NULL unless found by name (raw) */
	const struct cgroup_stats *stats;
	const struct cg_proc *procs;
	size_t nprocs;
	const struct cgroup_view *view;
};

void cgroup_print_text(FILE *out, const struct cgroup_report *r);
json_t *cgroup_to_json(const struct cgroup_report *r);

#endif
