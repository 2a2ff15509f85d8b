/* One mapping of a process, as smaps describes it: the record every
 * reader of smaps hands to the model (classification, snapshots, runtime
 * detection).  Plain data; the parser lives in source-smaps. */
#ifndef MEMTRACE_MODEL_MAPPING_H
#define MEMTRACE_MODEL_MAPPING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model-counters.h"

/* VmFlags memtrace uses (two-letter codes in the kernel's VmFlags line). */
enum {
	VMF_HUGETLB = 1u << 0,   /* ht */
	VMF_GROWSDOWN = 1u << 1, /* gd */
	VMF_SHARED = 1u << 2,    /* sh */
	VMF_LOCKED = 1u << 3,    /* lo */
};

struct smaps_mapping {
	uint64_t start, end, offset, inode;
	unsigned dev_major, dev_minor;
	char perms[5];
	/* Raw name bytes as the kernel printed them (newlines already shown as
	 * \012, other control bytes raw); valid only during the callback. */
	const char *name;
	size_t name_len;
	struct mem_counters c;
	uint32_t vmflags;
	bool has_vmflags;
};

#endif
