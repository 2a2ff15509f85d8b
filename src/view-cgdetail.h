/* One memory cgroup on the whole screen: the drill-down of the cgroup view
 * of `memtrace top`.  Pure, like view-detail: facts in, screen lines out,
 * for any size.
 *
 * From the top: a title (the cgroup path, its container, its limit); a
 * chart of usage over time with its scale; one line per component (usage,
 * anon, page cache, shmem, kernel, swap) with its value now, its growth
 * rate and its sparkline; what each tool would show (docker stats, the
 * kubelet's working set, cAdvisor's rss, the raw usage counter); the
 * running cgroup verdict with its evidence, wrapped; a key line. */
#ifndef MEMTRACE_VIEW_CGDETAIL_H
#define MEMTRACE_VIEW_CGDETAIL_H

#include <stdbool.h>

#include "analysis-cgroup.h"
#include "analysis-verdict.h"
#include "model-cgtable.h"
#include "view-lines.h"

struct cgdetail_input {
	const char *path;          /* the cgroup path, escaped */
	const char *id;            /* container id, escaped; "" or NULL: none */
	const char *runtime;       /* "docker", ... or NULL */
	double limit;              /* bytes, NaN: no limit */
	int version;               /* cgroup version (1, 2; 0 unknown): counter names */
	const struct cg_ring *ring;
	double now[CGC_COUNT];     /* bytes, NaN unknown */
	double growth[CGC_COUNT];  /* bytes/s, NaN unknown */
	const struct cg_tool_value *tools; /* TOOL_COUNT figures (analysis-cgroup), or NULL */
	const struct verdict *verdict;     /* the running cgroup verdict, or NULL */
	const char *keys;          /* the bottom line */
	const char *message;       /* news for the title line, or NULL */
};

#define CGDETAIL_MIN_COLS 50
#define CGDETAIL_MIN_ROWS 21

void cgdetail_view_build(const struct cgdetail_input *in, int cols, int rows, bool unicode, struct view_screen *out);

#endif
