/*
 * scenario-hold - the control case for `memtrace watch` ("stable"): MIB
 * MiB allocated and written once, then kept in use (every 500 ms it reads
 * and rewrites every page), so RSS is flat while the process is busy.
 *
 *   scenario-hold MIB [--seconds N]           N defaults to 60
 *
 * One anonymous private mapping, no THP.  The re-touching runs on
 * absolute CLOCK_MONOTONIC deadlines for N seconds after ready; then it
 * sleeps until killed (RSS unchanged).
 *
 * stdout: "ready pid=P mib=M addr=0x<start> len=BYTES seconds=N"
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include "helper.h"

#define USAGE "scenario-hold MIB [--seconds N]"
#define TICK_NS 500000000LL	/* 500 ms */

int main(int argc, char **argv)
{
	unsigned long mib, seconds;
	unsigned long long k, ticks;
	struct timespec t0;
	size_t len, i;
	volatile unsigned char *c;
	void *p;

	seconds = helper_seconds_opt(&argc, argv, 60, USAGE);
	if (argc != 2)
		helper_usage(USAGE);
	mib = helper_arg(argv[1], 1, HELPER_MAX_MIB, USAGE);

	(void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	len = mib * HELPER_MIB;
	p = helper_map_anon(len);
	helper_touch(p, len);
	c = p;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	helper_say("ready pid=%ld mib=%lu addr=%#lx len=%zu seconds=%lu",
		   (long)getpid(), mib, (unsigned long)p, len, seconds);

	ticks = seconds * 1000000000ULL / TICK_NS;
	for (k = 1; k <= ticks; k++) {
		helper_wait_tick(&t0, k, TICK_NS);
		for (i = 0; i < len; i += HELPER_TOUCH_STEP)
			c[i] = (unsigned char)(c[i] + 1);
	}
	for (;;)
		pause();
}
