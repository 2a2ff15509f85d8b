/* Small helpers every layer uses: checked allocation, byte formatting. */
#ifndef MEMTRACE_UTIL_H
#define MEMTRACE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that cannot fail: on exhaustion memtrace prints and exits 1,
 * because there is no useful partial answer without memory. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* "1.5 GiB", "512 KiB", "0 B": binary units, 3 significant digits. */
char *format_bytes(uint64_t bytes, char *buf, size_t len);
/* "+1.5 MiB" / "-12 KiB" for differences. */
char *format_bytes_signed(int64_t bytes, char *buf, size_t len);
/* Seconds of CLOCK_MONOTONIC (sample times, deadlines) and of
 * CLOCK_REALTIME (wall times in recordings). */
double clock_mono(void);
double clock_wall(void);

/* "2026-11-23T18:37:38Z" */
char *format_utc(time_t t, char *buf, size_t len);
/* "3d 4h", "5m 12s", "0.4s" */
char *format_duration(double seconds, char *buf, size_t len);

#endif
