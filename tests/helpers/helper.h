/*
 * helper.h - shared bits of memtrace's test helpers.
 *
 * Why: every helper parses a few small numbers strictly, touches pages so
 * they are resident, and ends with the same handshake that tests/lib.sh's
 * start_helper waits for: one line starting with "ready" on stdout, then
 * the process sleeps until killed so the numbers stay still while a test
 * or benchmark looks at /proc/PID.
 */
#ifndef MEMTRACE_HELPER_H
#define MEMTRACE_HELPER_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Write a non-zero byte into every 4 KiB page of [p, p+len). */
static inline void helper_touch(void *p, size_t len)
{
	volatile unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i += HELPER_TOUCH_STEP)
		c[i] = 1;
}

/* Print "ready pid=N <facts>", flush, and sleep until killed. */
__attribute__((format(printf, 1, 2), noreturn))
static inline void helper_ready(const char *fmt, ...)
{
	va_list ap;

	printf("ready pid=%ld ", (long)getpid());
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (fflush(stdout) != 0)
		helper_die("stdout");
	for (;;)
		pause();
}

#endif
