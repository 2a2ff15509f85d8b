/*
 * scenario-sawtooth - a garbage-collected heap: every period RSS ramps up
 * by AMPLITUDE_MIB and then drops all at once, like a GC cycle.  "flat"
 * keeps the troughs level (no leak, `memtrace watch` must not call it
 * one); "rising" also leaks RISE_KIB_PER_PERIOD each period (default
 * 2048), so the troughs rise by that much per period (a leak under a GC).
 *
 *   scenario-sawtooth flat PERIOD_S AMPLITUDE_MIB [--seconds N]
 *   scenario-sawtooth rising PERIOD_S AMPLITUDE_MIB [RISE_KIB_PER_PERIOD]
 *                     [--seconds N]                      N defaults to 60
 *
 * PERIOD_S 1..3600 s, AMPLITUDE_MIB 1..65536, RISE 0..1048576 KiB
 * (rounded up to whole pages).  Time-driven in 50 ms ticks (absolute
 * CLOCK_MONOTONIC deadlines); a period is T = PERIOD_S*20 ticks.  At tick
 * 0 of each period every chunk is munmap()ed (RSS really falls) and, when
 * rising, one RISE_KIB mapping is mmap()ed, written and kept forever.  At
 * tick j = 1..T-1 it holds AMPLITUDE * j/(T-1) in 256 KiB mmap()ed,
 * written chunks, so the peak (whole AMPLITUDE) lasts the period's last
 * tick.  After N seconds it stops where it is (the current chunks stay)
 * and sleeps until killed.  THP is disabled for the process.
 *
 * stdout:
 *   "ready pid=P mode=flat|rising period_s=S amplitude_mib=A rise_kib=R seconds=N"
 *   "done periods=K leaked_kib=L"
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include "helper.h"

#define USAGE "scenario-sawtooth flat|rising PERIOD_S AMPLITUDE_MIB " \
	"[RISE_KIB_PER_PERIOD] [--seconds N]"
#define TICK_NS 50000000LL	/* 50 ms */
#define TICKS_PER_S 20ULL
#define CHUNK (256UL * 1024UL)

static void *map_touched(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		helper_die("mmap");
	helper_touch(p, len);
	return p;
}

int main(int argc, char **argv)
{
	unsigned long period, amp, rise_kib = 0, seconds;
	unsigned long long k, T, max_chunks, have = 0, leaked = 0;
	size_t rise_len;
	struct timespec t0;
	void **chunks;
	int rising;

	seconds = helper_seconds_opt(&argc, argv, 60, USAGE);
	if (argc != 4 && argc != 5)
		helper_usage(USAGE);
	if (strcmp(argv[1], "rising") == 0)
		rising = 1;
	else if (strcmp(argv[1], "flat") == 0)
		rising = 0;
	else
		helper_usage(USAGE);
	if (argc == 5 && !rising)
		helper_usage(USAGE);
	period = helper_arg(argv[2], 1, 3600, USAGE);
	amp = helper_arg(argv[3], 1, 65536, USAGE);
	if (rising)
		rise_kib = argc == 5 ?
			helper_arg(argv[4], 0, 1024UL * 1024UL, USAGE) : 2048;
	rise_len = (rise_kib * 1024 + 4095) & ~(size_t)4095;

	(void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	T = period * TICKS_PER_S;
	max_chunks = amp * HELPER_MIB / CHUNK;
	chunks = calloc(max_chunks, sizeof(*chunks));
	if (chunks == NULL)
		helper_die("calloc");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	helper_say("ready pid=%ld mode=%s period_s=%lu amplitude_mib=%lu rise_kib=%zu seconds=%lu",
		   (long)getpid(), argv[1], period, amp, rise_len / 1024,
		   seconds);

	for (k = 0; k < seconds * TICKS_PER_S; k++) {
		unsigned long long j = k % T, target;

		helper_wait_tick(&t0, k, TICK_NS);
		if (j == 0) {
			/* The "collection": everything goes back at once. */
			while (have > 0)
				if (munmap(chunks[--have], CHUNK) != 0)
					helper_die("munmap");
			if (rise_len > 0) {
				(void)map_touched(rise_len);	/* leaked */
				leaked += rise_len;
			}
			continue;
		}
		target = max_chunks * j / (T - 1);
		while (have < target) {
			chunks[have] = map_touched(CHUNK);
			have++;
		}
	}
	helper_say("done periods=%llu leaked_kib=%llu",
		   (seconds * TICKS_PER_S + T - 1) / T, leaked / 1024);
	for (;;)
		pause();
}
