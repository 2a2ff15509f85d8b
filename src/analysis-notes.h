/* Plain-language notes on a snapshot, each with its number: what a reader
 * of the totals would otherwise misread (LazyFree, high-water mark, thread
 * stacks, Go's MADV_FREE era, glibc arenas, ...).  Pure: no I/O. */
#ifndef MEMTRACE_ANALYSIS_NOTES_H
#define MEMTRACE_ANALYSIS_NOTES_H

#include <stdbool.h>
#include <stdint.h>

#include "model-snapshot.h"

#define NOTES_MAX 16

struct note {
	const char *id;   /* stable key for JSON: "lazyfree", "hwm", ... */
	char text[400];   /* one sentence or two, for people */
	uint64_t value;   /* the number it is about, in bytes or a count */
	bool has_value;
};

/* Fills OUT (up to NOTES_MAX) and returns how many apply. */
int notes_for_snapshot(const struct snapshot *s, struct note *out);

#endif
