/*
 * helper.h - shared bits of memtrace's test helpers.
 *
 * Why: every helper parses a few small numbers strictly, touches pages so
 * they are resident, and ends with the same handshake that tests/lib.sh's
 * start_helper waits for: one line starting with "ready" on stdout, then
 * the process sleeps until killed so the numbers stay still while a test
 * or benchmark looks at /proc/PID.  The scenario helpers go on after
 * ready: they print further lines with helper_say and pace themselves on
 * absolute CLOCK_MONOTONIC deadlines (helper_wait_ns, helper_wait_tick).
 */
#ifndef MEMTRACE_HELPER_H
#define MEMTRACE_HELPER_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define HELPER_MIB (1024UL * 1024UL)
#define HELPER_TOUCH_STEP 4096UL
/* Upper bound for any MiB argument: keeps size arithmetic far from overflow. */
#define HELPER_MAX_MIB (1024UL * 1024UL)

static inline void helper_usage(const char *usage)
{
	fprintf(stderr, "usage: %s\n", usage);
	exit(2);
}

static inline void helper_die(const char *what)
{
	perror(what);
	exit(1);
}

/* A plain decimal number in [min, max], or the usage line and exit 2. */
static inline unsigned long helper_arg(const char *s, unsigned long min,
				       unsigned long max, const char *usage)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		helper_usage(usage);
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		helper_usage(usage);
	return v;
}

/*
 * The scenario helpers' common option: a trailing "--seconds N" (0..86400)
 * is taken off argv (*argc -= 2) and N returned; without it, dflt.
 */
static inline unsigned long helper_seconds_opt(int *argc, char **argv,
					       unsigned long dflt,
					       const char *usage)
{
	if (*argc >= 3 && strcmp(argv[*argc - 2], "--seconds") == 0) {
		dflt = helper_arg(argv[*argc - 1], 0, 86400, usage);
		*argc -= 2;
	}
	return dflt;
}

/* Write a non-zero byte into every 4 KiB page of [p, p+len). */
static inline void helper_touch(void *p, size_t len)
{
	volatile unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i += HELPER_TOUCH_STEP)
		c[i] = 1;
}

/*
 * An anonymous private mapping of len bytes (dies if mmap fails), kept in
 * 4 KiB pages whatever THP is set to.  Not touched: see helper_touch.
 */
static inline void *helper_map_anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		helper_die("mmap");
	(void)madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

/* Print fmt's line and flush it, so a test sees it at once. */
__attribute__((format(printf, 1, 0)))
static inline void helper_vsay(const char *fmt, va_list ap)
{
	vprintf(fmt, ap);
	putchar('\n');
	if (fflush(stdout) != 0)
		helper_die("stdout");
}

/* Like helper_ready, but returns: the behaviour goes on after ready. */
__attribute__((format(printf, 1, 2)))
static inline void helper_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	helper_vsay(fmt, ap);
	va_end(ap);
}

/* Sleep until *t0 + ns on CLOCK_MONOTONIC (absolute deadline, so no drift). */
static inline void helper_wait_ns(const struct timespec *t0,
				  unsigned long long ns)
{
	struct timespec d = *t0;

	d.tv_sec += (time_t)(ns / 1000000000ULL);
	d.tv_nsec += (long)(ns % 1000000000ULL);
	if (d.tv_nsec >= 1000000000L) {
		d.tv_sec++;
		d.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &d, NULL) != 0)
		;
}

/* Sleep until *t0 + k ticks of tick_ns nanoseconds each. */
static inline void helper_wait_tick(const struct timespec *t0,
				    unsigned long long k, long long tick_ns)
{
	helper_wait_ns(t0, k * tick_ns);
}

/* This process's LazyFree in kB from /proc/self/smaps_rollup, or -1. */
static inline long helper_lazyfree_kb(void)
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
 * LazyFree once it has reached want_kb (or after 5 s, or -1 if unreadable).
 * MADV_FREE queues pages on per-CPU folio batches (31 folios) and
 * LazyFree counts a page only once its batch is drained, so right after
 * madvise LazyFree is short by up to 30 pages (64 kB for 64 MiB on 6.18)
 * until something else drains the batches, typically within a second.
 * migrate_pages(2) from node 0 to node 0 moves nothing but drains every
 * CPU's batches first (lru_cache_disable); poll in case it is missing.
 */
static inline long helper_settle_lazyfree(long want_kb)
{
	unsigned long node0 = 1;
	struct timespec ten_ms = { 0, 10 * 1000 * 1000 };
	long kb = -1;
	int i;

	(void)syscall(SYS_migrate_pages, 0, 8 * sizeof(node0), &node0, &node0);
	for (i = 0; i < 500; i++) {
		kb = helper_lazyfree_kb();
		if (kb < 0 || kb >= want_kb)
			break;
		nanosleep(&ten_ms, NULL);
	}
	return kb;
}

/* Print "ready pid=N <facts>", flush, and sleep until killed. */
__attribute__((format(printf, 1, 2), noreturn))
static inline void helper_ready(const char *fmt, ...)
{
	va_list ap;

	printf("ready pid=%ld ", (long)getpid());
	va_start(ap, fmt);
	helper_vsay(fmt, ap);
	va_end(ap);
	for (;;)
		pause();
}

#endif
