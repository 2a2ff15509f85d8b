/*
 * scenario-madvfree - memory handed back with madvise() after a while,
 * for `memtrace watch` to tell "MADV_FREE residue" (RSS stays, LazyFree
 * rises to MIB MiB) from a real release (dontneed: RSS drops).
 *
 *   scenario-madvfree MIB [free|dontneed [DELAY_S]] [--seconds N]
 *                                          defaults: free, 2 s
 *
 * It maps and writes MIB MiB (one anonymous private mapping, no THP),
 * prints ready, holds it DELAY_S seconds (0..86400, measured from ready
 * on CLOCK_MONOTONIC), madvises all of it, prints "freed" and then idles
 * in pause() without touching the pages again (a write would cancel the
 * lazy free of that page).  --seconds is accepted for the common helper
 * contract but has no effect: the behaviour is one-shot.
 *
 * stdout:
 *   "ready pid=P mib=M advice=free|dontneed delay_s=D addr=0x<start> len=BYTES"
 *   "freed advice=free|dontneed lazyfree_kb=K"      K: own smaps_rollup
 *      LazyFree after settling (-1 if unreadable); for free it equals
 *      MIB*1024 unless settling timed out (5 s), for dontneed it is 0.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include "helper.h"

#define USAGE "scenario-madvfree MIB [free|dontneed [DELAY_S]] [--seconds N]"

int main(int argc, char **argv)
{
	unsigned long mib, delay = 2;
	int advice = MADV_FREE;
	struct timespec t0;
	size_t len;
	long kb;
	void *p;

	(void)helper_seconds_opt(&argc, argv, 0, USAGE);
	if (argc < 2 || argc > 4)
		helper_usage(USAGE);
	mib = helper_arg(argv[1], 1, HELPER_MAX_MIB, USAGE);
	if (argc > 2) {
		if (strcmp(argv[2], "dontneed") == 0)
			advice = MADV_DONTNEED;
		else if (strcmp(argv[2], "free") != 0)
			helper_usage(USAGE);
	}
	if (argc > 3)
		delay = helper_arg(argv[3], 0, 86400, USAGE);

	(void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	len = mib * HELPER_MIB;
	p = helper_map_anon(len);
	helper_touch(p, len);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	helper_say("ready pid=%ld mib=%lu advice=%s delay_s=%lu addr=%#lx len=%zu",
		   (long)getpid(), mib,
		   advice == MADV_FREE ? "free" : "dontneed", delay,
		   (unsigned long)p, len);

	helper_wait_ns(&t0, delay * 1000000000ULL);
	if (madvise(p, len, advice) != 0)
		helper_die("madvise");
	kb = advice == MADV_FREE ? helper_settle_lazyfree((long)(len / 1024))
				 : helper_lazyfree_kb();
	helper_say("freed advice=%s lazyfree_kb=%ld",
		   advice == MADV_FREE ? "free" : "dontneed", kb);
	for (;;)
		pause();
}
