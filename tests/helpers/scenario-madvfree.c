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
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include "helper.h"

#define USAGE "scenario-madvfree MIB [free|dontneed [DELAY_S]] [--seconds N]"

/* Like helper_ready, but returns: the behaviour goes on after ready. */
__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (fflush(stdout) != 0)
		helper_die("stdout");
}

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
 * LazyFree lags madvise by up to a per-CPU folio batch; migrate_pages()
 * node 0 -> node 0 drains the batches (see madv-free.c), then poll.
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
	unsigned long mib, delay = 2;
	int advice = MADV_FREE;
	struct timespec d;
	size_t len;
	long kb;
	void *p;

	if (argc >= 3 && strcmp(argv[argc - 2], "--seconds") == 0) {
		(void)helper_arg(argv[argc - 1], 0, 86400, USAGE);
		argc -= 2;
	}
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
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		helper_die("mmap");
	(void)madvise(p, len, MADV_NOHUGEPAGE);
	helper_touch(p, len);

	clock_gettime(CLOCK_MONOTONIC, &d);
	say("ready pid=%ld mib=%lu advice=%s delay_s=%lu addr=%#lx len=%zu",
	    (long)getpid(), mib, advice == MADV_FREE ? "free" : "dontneed",
	    delay, (unsigned long)p, len);

	d.tv_sec += (time_t)delay;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &d, NULL) != 0)
		;
	if (madvise(p, len, advice) != 0)
		helper_die("madvise");
	kb = advice == MADV_FREE ? settle_lazyfree((long)(len / 1024))
				 : lazyfree_kb();
	say("freed advice=%s lazyfree_kb=%ld",
	    advice == MADV_FREE ? "free" : "dontneed", kb);
	for (;;)
		pause();
}
