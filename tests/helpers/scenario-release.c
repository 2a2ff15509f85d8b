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
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include "helper.h"

#define USAGE "scenario-release MIB HOLD_S [--seconds N]"
#define TICK_NS 50000000LL	/* 50 ms */
#define RAMP_TICKS 20ULL	/* 1 s */

static struct timespec t0;

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

/* Sleep until t0 + k ticks (absolute deadline, so no drift). */
static void wait_tick(unsigned long long k)
{
	unsigned long long ns = k * TICK_NS;
	struct timespec d = t0;

	d.tv_sec += (time_t)(ns / 1000000000ULL);
	d.tv_nsec += (long)(ns % 1000000000ULL);
	if (d.tv_nsec >= 1000000000L) {
		d.tv_sec++;
		d.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &d, NULL) != 0)
		;
}

int main(int argc, char **argv)
{
	unsigned long mib, hold;
	unsigned long long k;
	size_t len, done = 0;
	unsigned char *p;

	if (argc >= 3 && strcmp(argv[argc - 2], "--seconds") == 0) {
		(void)helper_arg(argv[argc - 1], 0, 86400, USAGE);
		argc -= 2;
	}
	if (argc != 3)
		helper_usage(USAGE);
	mib = helper_arg(argv[1], 1, HELPER_MAX_MIB, USAGE);
	hold = helper_arg(argv[2], 0, 86400, USAGE);

	(void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	len = mib * HELPER_MIB;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		helper_die("mmap");
	(void)madvise(p, len, MADV_NOHUGEPAGE);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	say("ready pid=%ld mib=%lu hold_s=%lu addr=%#lx len=%zu",
	    (long)getpid(), mib, hold, (unsigned long)p, len);

	for (k = 1; k <= RAMP_TICKS; k++) {
		size_t target = (size_t)(len * k / RAMP_TICKS) & ~(size_t)4095;

		wait_tick(k);
		helper_touch(p + done, target - done);
		done = target;
	}
	wait_tick(RAMP_TICKS + hold * (1000000000ULL / TICK_NS));
	if (munmap(p, len) != 0)
		helper_die("munmap");
	say("released len=%zu", len);
	for (;;)
		pause();
}
