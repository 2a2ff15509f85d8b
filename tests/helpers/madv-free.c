/*
 * madv-free - an anonymous region whose pages were handed back with
 * MADV_FREE: RSS, Rss and Anonymous do not drop, LazyFree rises instead.
 * Tests use it to check memtrace reports lazily-freed memory separately
 * rather than as memory in use.  "dontneed" gives the contrast: RSS
 * drops and LazyFree stays 0.
 *
 *   madv-free [MIB [FREE_MIB [free|dontneed]]]   defaults 64, MIB, free
 *
 * ready line:
 *   "ready pid=P addr=0x<start> len=<bytes> freed=<bytes> advice=free|dontneed lazyfree_kb=N"
 * addr is printed as in /proc/PID/maps (lowercase hex, no leading zeros).
 * lazyfree_kb is the helper's own smaps_rollup LazyFree when it got
 * ready (-1 if unreadable); it equals freed/1024 unless settling timed out.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "helper.h"

#define USAGE "madv-free [MIB [FREE_MIB [free|dontneed]]]"

int main(int argc, char **argv)
{
	unsigned long mib = 64, free_mib;
	int advice = MADV_FREE;
	size_t len, freed;
	long kb;
	void *p;

	if (argc > 4)
		helper_usage(USAGE);
	if (argc > 1)
		mib = helper_arg(argv[1], 1, HELPER_MAX_MIB, USAGE);
	free_mib = mib;
	if (argc > 2)
		free_mib = helper_arg(argv[2], 0, mib, USAGE);
	if (argc > 3) {
		if (strcmp(argv[3], "dontneed") == 0)
			advice = MADV_DONTNEED;
		else if (strcmp(argv[3], "free") != 0)
			helper_usage(USAGE);
	}

	len = mib * HELPER_MIB;
	freed = free_mib * HELPER_MIB;
	p = helper_map_anon(len);
	helper_touch(p, len);
	if (freed > 0 && madvise(p, freed, advice) != 0)
		helper_die("madvise");
	if (advice == MADV_FREE)
		kb = helper_settle_lazyfree((long)(freed / 1024));
	else
		kb = helper_lazyfree_kb();
	helper_ready("addr=%#lx len=%zu freed=%zu advice=%s lazyfree_kb=%ld",
		     (unsigned long)p, len, freed,
		     advice == MADV_FREE ? "free" : "dontneed", kb);
}
