/*
 * scenario-staged - memory handed back in several steps, for `memtrace
 * watch` to tell a staged release (dontneed: RSS falls in steps, a
 * "release", not a sawtooth) from staged MADV_FREE residue (free: RSS
 * stays while LazyFree rises in steps, "madv-free-residue").
 *
 *   scenario-staged MIB HOLD_S STAGES GAP_MS free|dontneed [--seconds N]
 *
 * One anonymous private mapping of MIB MiB (no THP) written MIB/20 at a
 * time on twenty 50 ms ticks after ready, like scenario-release, then
 * held (not re-touched: it stays resident, there is no swap pressure)
 * until ready + 1 s + HOLD_S.  Then it is madvise()d in STAGES (1..1024)
 * equal page-aligned parts, front to back, GAP_MS (0..3600000) ms apart
 * (absolute CLOCK_MONOTONIC deadlines: stage K at ready + 1 s + HOLD_S +
 * (K-1)*GAP_MS); the last part also takes the rounding remainder.  Freed
 * pages are never touched again (a write would cancel a lazy free).
 * After the last stage it prints "released" and idles in pause() until
 * killed.  --seconds is accepted for the common helper contract but has
 * no effect: the behaviour is one-shot.
 *
 * stdout:
 *   "ready pid=P mib=M hold_s=H stages=S gap_ms=G advice=free|dontneed addr=0x<start> len=BYTES"
 *   "stage K/S freed=BYTES lazyfree_kb=L"   once per stage; freed is the
 *      total so far; L is the own smaps_rollup LazyFree after settling
 *      (free: equals freed/1024 unless settling timed out; dontneed: 0;
 *      -1 if unreadable)
 *   "released advice=free|dontneed len=BYTES"
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include "helper.h"

#define USAGE "scenario-staged MIB HOLD_S STAGES GAP_MS free|dontneed [--seconds N]"
#define TICK_NS 50000000LL	/* 50 ms */
#define RAMP_TICKS 20ULL	/* 1 s */

int main(int argc, char **argv)
{
	unsigned long mib, hold, stages, gap_ms, s;
	unsigned long long k, release_ns;
	size_t len, part, done = 0, freed = 0;
	int advice;
	struct timespec t0;
	unsigned char *p;
	long kb;

	(void)helper_seconds_opt(&argc, argv, 0, USAGE);
	if (argc != 6)
		helper_usage(USAGE);
	mib = helper_arg(argv[1], 1, HELPER_MAX_MIB, USAGE);
	hold = helper_arg(argv[2], 0, 86400, USAGE);
	stages = helper_arg(argv[3], 1, 1024, USAGE);
	gap_ms = helper_arg(argv[4], 0, 3600000, USAGE);
	if (strcmp(argv[5], "free") == 0)
		advice = MADV_FREE;
	else if (strcmp(argv[5], "dontneed") == 0)
		advice = MADV_DONTNEED;
	else
		helper_usage(USAGE);

	(void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	len = mib * HELPER_MIB;
	/* equal whole-page parts; the last one takes the remainder */
	part = (len / stages) & ~(size_t)(HELPER_TOUCH_STEP - 1);
	if (part == 0)
		helper_usage(USAGE);	/* more stages than pages */
	p = helper_map_anon(len);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	helper_say("ready pid=%ld mib=%lu hold_s=%lu stages=%lu gap_ms=%lu advice=%s addr=%#lx len=%zu",
		   (long)getpid(), mib, hold, stages, gap_ms, argv[5],
		   (unsigned long)p, len);

	for (k = 1; k <= RAMP_TICKS; k++) {
		size_t target = (size_t)(len * k / RAMP_TICKS) & ~(size_t)4095;

		helper_wait_tick(&t0, k, TICK_NS);
		helper_touch(p + done, target - done);
		done = target;
	}

	release_ns = (RAMP_TICKS * TICK_NS) + hold * 1000000000ULL;
	for (s = 1; s <= stages; s++) {
		size_t n = s == stages ? len - freed : part;

		helper_wait_ns(&t0, release_ns + (s - 1) * gap_ms * 1000000ULL);
		if (madvise(p + freed, n, advice) != 0)
			helper_die("madvise");
		freed += n;
		kb = advice == MADV_FREE
			? helper_settle_lazyfree((long)(freed / 1024))
			: helper_lazyfree_kb();
		helper_say("stage %lu/%lu freed=%zu lazyfree_kb=%ld",
			   s, stages, freed, kb);
	}
	helper_say("released advice=%s len=%zu", argv[5], len);
	for (;;)
		pause();
}
