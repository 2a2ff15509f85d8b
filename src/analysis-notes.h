/* Notes on a snapshot: what a reader of the totals would otherwise
 * misread (LazyFree, the high-water mark, thread stacks, Go's MADV_FREE
 * era, glibc arenas, ...).  Each note is data: its kind and the numbers
 * the words need; output-notes-text.c words it.  Pure: no I/O. */
#ifndef MEMTRACE_ANALYSIS_NOTES_H
#define MEMTRACE_ANALYSIS_NOTES_H

#include <stdbool.h>
#include <stdint.h>

#include "model-snapshot.h"

#define NOTES_MAX 16

enum note_kind {
	NOTE_SMAPS_DENIED,	   /* err */
	NOTE_SMAPS_TRUNCATED,
	NOTE_TORN_READ,		   /* value: |a - b|, a: the mappings' RSS, b: the rollup's */
	NOTE_LAZYFREE_UNKNOWN,	   /* kernel before 4.12 */
	NOTE_LAZYFREE,		   /* value: LazyFree, share: of RSS, a: effective RSS */
	NOTE_GO_MADV_FREE,	   /* str: Go version, str2: GODEBUG or NULL */
	NOTE_GO_VERSION_UNKNOWN,
	NOTE_AT_HWM,		   /* value: VmHWM, a: RSS, flag: glibc malloc */
	NOTE_BELOW_HWM,		   /* value: VmHWM, a: RSS, share: RSS of VmHWM */
	NOTE_GO_STACKS,		   /* value: thread-stack mappings, count: threads */
	NOTE_STACKS_MATCH,	   /* value: thread stacks, count: threads, a: their RSS */
	NOTE_STACKS_EXTRA,	   /* value: thread-stack mappings, count: threads */
	NOTE_STACKS_UNRECOGNISED,  /* value: thread-stack mappings, count: threads, count2: missing */
	NOTE_ARENAS,		   /* value: arenas, a: their RSS, flag: MALLOC_ARENA_MAX set */
	NOTE_THP,		   /* value: AnonHugePages, share: of RSS, str: THP mode or NULL */
	NOTE_SWAP,		   /* value: swapped out */
	NOTE_HUGETLB,		   /* value: hugetlb bytes, count: mappings */
	NOTE_ENVIRON_UNREADABLE,   /* err */
	NOTE_KIND_COUNT
};

struct note {
	enum note_kind kind;
	uint64_t value; /* the number it is about (JSON "value"), bytes or a count */
	bool has_value;
	uint64_t a, b;
	double share; /* a fraction, 0..1 */
	long count, count2;
	int err;	  /* positive errno */
	bool flag;
	const char *str, *str2; /* point into the snapshot */
};

/* Fills OUT (up to NOTES_MAX) and returns how many apply. */
int notes_for_snapshot(const struct snapshot *s, struct note *out);

/* The stable key of a kind for JSON: "lazyfree", "hwm", "thread-stacks"... */
const char *note_id(enum note_kind k);

#endif
