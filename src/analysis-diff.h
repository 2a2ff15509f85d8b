/* What changed between two snapshots, per class and per mapping, sorted by
 * growth: the `pprof -diff_base` of RSS.  Pure: snapshots in, diff out. */
#ifndef MEMTRACE_ANALYSIS_DIFF_H
#define MEMTRACE_ANALYSIS_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model-snapshot.h"

struct diff_row {
	char *key;             /* escaped name, or the address of an unnamed mapping */
	enum region_class cls;
	bool in_a, in_b;
	unsigned long maps_a, maps_b;
	struct mem_counters a, b;
};

struct snapshot_diff {
	double seconds;                 /* B taken this long after A (< 0 unknown) */
	struct mem_counters total_a, total_b;
	struct class_total class_a[RC_COUNT], class_b[RC_COUNT];
	struct diff_row *rows;          /* sorted by Rss growth, largest first */
	size_t nrows;
};

/* Both snapshots must hold every mapping (keep_all). */
void snapshot_diff_compute(const struct snapshot *a, const struct snapshot *b, struct snapshot_diff *d);
void snapshot_diff_free(struct snapshot_diff *d);

/* The rows worth showing: up to TOP that grew (largest first), then up to
 * TOP that shrank (largest shrink first).  OUT holds up to 2*TOP row
 * indices; returns how many. */
size_t snapshot_diff_select(const struct snapshot_diff *d, size_t top, size_t *out);

static inline int64_t diff_delta(const struct mem_counters *a, const struct mem_counters *b, enum mc_field f)
{
	return (int64_t)b->v[f] - (int64_t)a->v[f];
}

#endif
