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
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include "helper.h"

#define USAGE "scenario-hold MIB [--seconds N]"
#define TICK_NS 500000000LL	/* 500 ms */

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

int main(int argc, char **argv)
{
	unsigned long mib, seconds = 60;
	unsigned long long k, ticks;
	struct timespec t0;
	size_t len, i;
	volatile unsigned char *c;
	void *p;

	if (argc >= 3 && strcmp(argv[argc - 2], "--seconds") == 0) {
		seconds = helper_arg(argv[argc - 1], 0, 86400, USAGE);
		argc -= 2;
	}
	if (argc != 2)
		helper_usage(USAGE);
	mib = helper_arg(argv[1], 1, HELPER_MAX_MIB, USAGE);

	(void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	len = mib * HELPER_MIB;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		helper_die("mmap");
	(void)madvise(p, len, MADV_NOHUGEPAGE);
	helper_touch(p, len);
	c = p;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	say("ready pid=%ld mib=%lu addr=%#lx len=%zu seconds=%lu",
	    (long)getpid(), mib, (unsigned long)p, len, seconds);

	ticks = seconds * 1000000000ULL / TICK_NS;
	for (k = 1; k <= ticks; k++) {
		unsigned long long ns = k * TICK_NS;
		struct timespec d = t0;

		d.tv_sec += (time_t)(ns / 1000000000ULL);
		d.tv_nsec += (long)(ns % 1000000000ULL);
		if (d.tv_nsec >= 1000000000L) {
			d.tv_sec++;
			d.tv_nsec -= 1000000000L;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &d,
				       NULL) != 0)
			;
		for (i = 0; i < len; i += HELPER_TOUCH_STEP)
			c[i] = (unsigned char)(c[i] + 1);
	}
	for (;;)
		pause();
}
