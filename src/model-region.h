/* Region classes: which kind of memory a mapping is.  One class per mapping,
 * decided from its name, permissions, flags and its lower neighbour.  The
 * rules are listed in the man page (REGION CLASSES) and tested on fixture
 * lines in tests/unit/test-region.c. */
#ifndef MEMTRACE_MODEL_REGION_H
#define MEMTRACE_MODEL_REGION_H

#include <stdbool.h>
#include <stdint.h>

#include "model-mapping.h"

enum region_class {
	RC_HEAP,         /* [heap]: the brk heap */
	RC_STACK,        /* [stack]: the main thread's stack */
	RC_THREAD_STACK, /* anonymous rw-p directly above a ---p guard */
	RC_ANON,         /* other private anonymous memory */
	RC_SHMEM,        /* shared anonymous, /dev/shm, SysV, memfd */
	RC_FILE_CODE,    /* file-backed, executable */
	RC_FILE_DATA,    /* file-backed, not executable */
	RC_HUGETLB,      /* hugetlbfs pages (not in Rss) */
	RC_SPECIAL,      /* [vdso], [vvar], [vsyscall], ... */
	RC_GUARD,        /* no access (---p): guards and reservations */
	RC_COUNT
};

const char *region_class_name(enum region_class rc);
/* Parses a class name; returns -1 if unknown. */
int region_class_from_name(const char *name);

/* The one mapping of lookbehind that the rules need, so that classification
 * can run while smaps streams (mappings come in address order). */
struct region_prev {
	bool valid;
	bool guard;         /* anonymous, no access */
	uint64_t start, end;
};

enum region_class region_classify(const struct smaps_mapping *m, const struct region_prev *prev);
void region_prev_update(struct region_prev *prev, const struct smaps_mapping *m);

/* A mapping with no backing file: no inode and either no name or a
 * kernel-given [anon:...] name. */
bool region_is_anonymous(const struct smaps_mapping *m);

/* Largest guard that still counts as a thread-stack guard.  glibc and musl
 * use one page by default (pthread_attr_setguardsize can raise it); a
 * bigger no-access region below an rw mapping is a reservation (Go heap
 * arenas, JVM), not a guard. */
#define REGION_GUARD_MAX (1024 * 1024)

/* glibc's non-main malloc arenas are "heaps" of HEAP_MAX_SIZE (64 MiB on
 * 64-bit), aligned to it: an rw-p part followed by a ---p remainder. */
#define GLIBC_HEAP_MAX_SIZE (64ull * 1024 * 1024)

#endif
