/*
 * scenario-plateau - a cache that warms up and then stops growing, for
 * `memtrace watch` to call "plateau": RSS rises linearly to TOTAL_MIB over
 * GROW_SECONDS, then stays flat while the process keeps working (every
 * 100 ms it reads and rewrites every page of one random entry, like a
 * cache hit, which keeps it alive without changing RSS).
 *
 *   scenario-plateau TOTAL_MIB GROW_SECONDS [--seconds N]   N defaults to 60
 *
 * Entries are malloc()ed 64 KiB blocks (below glibc's mmap threshold, so
 * they sit on the brk [heap]) and are never freed.  Growth is time-driven:
 * every 50 ms tick (absolute CLOCK_MONOTONIC deadlines) it allocates
 * entries until it has TOTAL * elapsed / GROW_SECONDS, i.e.
 * TOTAL_MIB / GROW_SECONDS MiB per second.  Growth always completes; the
 * cache hits go on until N seconds after ready, then it sleeps until
 * killed (RSS unchanged).  THP is disabled for the process.
 *
 * stdout:
 *   "ready pid=P total_mib=T grow_s=G entry=65536 seconds=N"
 *   "flat entries=E"          once growth is complete (E = T * 16)
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include "helper.h"

#define USAGE "scenario-plateau TOTAL_MIB GROW_SECONDS [--seconds N]"
#define TICK_NS 50000000LL	/* 50 ms */
#define TICKS_PER_S 20ULL
#define ENTRY (64UL * 1024UL)

/* A cache hit: read and rewrite every page of the entry. */
static void hit(unsigned char *e)
{
	volatile unsigned char *c = e;
	size_t i;

	for (i = 0; i < ENTRY; i += HELPER_TOUCH_STEP)
		c[i] = (unsigned char)(c[i] + 1);
}

int main(int argc, char **argv)
{
	unsigned long total, grow, seconds;
	unsigned long long k, grow_ticks, end_ticks, n, have = 0;
	unsigned long long rng = 0x9e3779b97f4a7c15ULL;
	unsigned char **entries;
	struct timespec t0;

	seconds = helper_seconds_opt(&argc, argv, 60, USAGE);
	if (argc != 3)
		helper_usage(USAGE);
	total = helper_arg(argv[1], 1, HELPER_MAX_MIB, USAGE);
	grow = helper_arg(argv[2], 1, 86400, USAGE);

	(void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	n = total * HELPER_MIB / ENTRY;
	entries = calloc(n, sizeof(*entries));
	if (entries == NULL)
		helper_die("calloc");
	grow_ticks = grow * TICKS_PER_S;
	end_ticks = seconds * TICKS_PER_S;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	helper_say("ready pid=%ld total_mib=%lu grow_s=%lu entry=%lu seconds=%lu",
		   (long)getpid(), total, grow, ENTRY, seconds);

	for (k = 1; k <= grow_ticks; k++) {
		unsigned long long target = n * k / grow_ticks;

		helper_wait_tick(&t0, k, TICK_NS);
		for (; have < target; have++) {
			entries[have] = malloc(ENTRY);
			if (entries[have] == NULL)
				helper_die("malloc");
			helper_touch(entries[have], ENTRY);
		}
	}
	helper_say("flat entries=%llu", have);

	/* Flat: a cache hit on a random entry every other tick (100 ms). */
	for (k = grow_ticks + 2; k <= end_ticks; k += 2) {
		helper_wait_tick(&t0, k, TICK_NS);
		rng ^= rng << 13;	/* xorshift64 */
		rng ^= rng >> 7;
		rng ^= rng << 17;
		hit(entries[rng % n]);
	}
	for (;;)
		pause();
}
