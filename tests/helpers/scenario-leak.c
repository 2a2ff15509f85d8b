/*
 * scenario-leak - a process that leaks anonymous memory at a steady rate,
 * for `memtrace watch` to call "leak".  Every block is written as soon as
 * it is allocated, so RSS follows the allocation, and none is ever freed.
 *
 *   scenario-leak brk|mmap RATE_KIB_PER_S [--seconds N]   N defaults to 60
 *
 *   brk   malloc()s 16 KiB blocks on the main arena (mmap disabled in
 *         malloc, M_TOP_PAD 0), so the [heap] mapping grows a little at
 *         every allocation.
 *   mmap  mmap()s 64 KiB anonymous regions; the kernel merges neighbours,
 *         so the mapping count stays small while one anon mapping grows.
 *
 * RATE_KIB_PER_S is KiB per second (1..1048576).  Time-driven: every 50 ms
 * tick (absolute CLOCK_MONOTONIC deadlines, no drift) it allocates whole
 * blocks until it has allocated RATE * elapsed, so RSS rises in steps of
 * one block.  After N seconds it stops, prints a "done" line and sleeps
 * until killed.  THP is disabled for the process (PR_SET_THP_DISABLE) so
 * RSS moves in 4 KiB pages whatever the host's THP mode.
 *
 * stdout:
 *   "ready pid=P mode=brk|mmap rate_kib=R block=BYTES seconds=N"
 *   "done allocated_kib=K"                      after N seconds
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include "helper.h"

#define USAGE "scenario-leak brk|mmap RATE_KIB_PER_S [--seconds N]"
#define TICK_NS 50000000LL	/* 50 ms */
#define TICKS_PER_S 20ULL

int main(int argc, char **argv)
{
	unsigned long rate, seconds;
	unsigned long long k, allocated = 0;
	struct timespec t0;
	size_t block;
	int use_mmap;

	seconds = helper_seconds_opt(&argc, argv, 60, USAGE);
	if (argc != 3)
		helper_usage(USAGE);
	if (strcmp(argv[1], "mmap") == 0)
		use_mmap = 1;
	else if (strcmp(argv[1], "brk") == 0)
		use_mmap = 0;
	else
		helper_usage(USAGE);
	rate = helper_arg(argv[2], 1, 1024UL * 1024UL, USAGE);
	block = use_mmap ? 64 * 1024 : 16 * 1024;

	(void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	/* Every block from brk, and brk moved by exactly what is needed. */
	if (!use_mmap && (mallopt(M_MMAP_MAX, 0) != 1 ||
			  mallopt(M_TOP_PAD, 0) != 1))
		helper_die("mallopt");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	helper_say("ready pid=%ld mode=%s rate_kib=%lu block=%zu seconds=%lu",
		   (long)getpid(), argv[1], rate, block, seconds);

	for (k = 1; k <= seconds * TICKS_PER_S; k++) {
		unsigned long long target = rate * 1024ULL * k / TICKS_PER_S;

		helper_wait_tick(&t0, k, TICK_NS);
		while (allocated + block <= target) {
			void *p;

			if (use_mmap) {
				p = mmap(NULL, block, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
				if (p == MAP_FAILED)
					helper_die("mmap");
			} else {
				p = malloc(block);
				if (p == NULL)
					helper_die("malloc");
			}
			helper_touch(p, block);	/* leaked: never freed */
			allocated += block;
		}
	}
	helper_say("done allocated_kib=%llu", allocated / 1024);
	for (;;)
		pause();
}
