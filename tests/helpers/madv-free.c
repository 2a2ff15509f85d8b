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
#include <sys/syscall.h>
#include <time.h>
#include "helper.h"

#define USAGE "madv-free [MIB [FREE_MIB [free|dontneed]]]"

static long lazyfree_kb(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	long kb = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "LazyFree: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/*
 * MADV_FREE queues pages on per-CPU folio batches (31 folios) and
 * LazyFree counts a page only once its batch is drained, so right after
 * madvise LazyFree is short by up to 30 pages (64 kB for 64 MiB on 6.18)
 * until something else drains the batches, typically within a second.
 * migrate_pages(2) from node 0 to node 0 moves nothing but drains every
 * CPU's batches first (lru_cache_disable); poll in case it is missing.
 */
static long settle_lazyfree(long want_kb)
{
	unsigned long node0 = 1;
	struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
	long kb = -1;
	int i;

	(void)syscall(SYS_migrate_pages, 0, 8 * sizeof(node0), &node0, &node0);
	for (i = 0; i < 500; i++) {
		kb = lazyfree_kb();
		if (kb < 0 || kb >= want_kb)
			break;
		nanosleep(&ten_ms, NULL);
	}
	return kb;
}

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
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		helper_die("mmap");
	/* Keep the accounting in 4 KiB pages whatever THP is set to. */
	(void)madvise(p, len, MADV_NOHUGEPAGE);
	helper_touch(p, len);
	if (freed > 0 && madvise(p, freed, advice) != 0)
		helper_die("madvise");
	if (advice == MADV_FREE)
		kb = settle_lazyfree((long)(freed / 1024));
	else
		kb = lazyfree_kb();
	helper_ready("addr=%#lx len=%zu freed=%zu advice=%s lazyfree_kb=%ld",
		     (unsigned long)p, len, freed,
		     advice == MADV_FREE ? "free" : "dontneed", kb);
}
