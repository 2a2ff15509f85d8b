/*
 * scenario-release - memory that is used for a while and then really
 * given back, for `memtrace watch` to call "released": RSS ramps up by
 * MIB MiB in one second, stays there HOLD_S seconds, then drops back to
 * the baseline when the whole mapping is munmap()ed at once.
 *
 *   scenario-release MIB HOLD_S [--seconds N]
 *
 * One anonymous private mapping (no THP) written MIB/20 at a time on
 * twenty 50 ms ticks after ready; the munmap happens at ready + 1 s +
 * HOLD_S (absolute CLOCK_MONOTONIC deadlines), after which it prints
 * "released" and sleeps until killed.  --seconds is accepted for the
 * common helper contract but has no effect: the behaviour is one-shot.
 *
 * stdout:
 *   "ready pid=P mib=M hold_s=H addr=0x<start> len=BYTES"
 *   "released len=BYTES"
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include "helper.h"

#define USAGE "scenario-release MIB HOLD_S [--seconds N]"
#define TICK_NS 50000000LL	/* 50 ms */
#define RAMP_TICKS 20ULL	/* 1 s */

int main(int argc, char **argv)
{
	unsigned long mib, hold;
	unsigned long long k;
	size_t len, done = 0;
	struct timespec t0;
	unsigned char *p;

	(void)helper_seconds_opt(&argc, argv, 0, USAGE);
	if (argc != 3)
		helper_usage(USAGE);
	mib = helper_arg(argv[1], 1, HELPER_MAX_MIB, USAGE);
	hold = helper_arg(argv[2], 0, 86400, USAGE);

	(void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	len = mib * HELPER_MIB;
	p = helper_map_anon(len);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	helper_say("ready pid=%ld mib=%lu hold_s=%lu addr=%#lx len=%zu",
		   (long)getpid(), mib, hold, (unsigned long)p, len);

	for (k = 1; k <= RAMP_TICKS; k++) {
		size_t target = (size_t)(len * k / RAMP_TICKS) & ~(size_t)4095;

		helper_wait_tick(&t0, k, TICK_NS);
		helper_touch(p + done, target - done);
		done = target;
	}
	helper_wait_tick(&t0, RAMP_TICKS + hold * (1000000000ULL / TICK_NS),
			 TICK_NS);
	if (munmap(p, len) != 0)
		helper_die("munmap");
	helper_say("released len=%zu", len);
	for (;;)
		pause();
}
