/* Machine-wide facts a report depends on. */
#ifndef MEMTRACE_SOURCE_SYSTEM_H
#define MEMTRACE_SOURCE_SYSTEM_H

#include <stddef.h>

/* ROOT/proc/sys/kernel/osrelease ("6.1.0-18-amd64"); "" if unreadable. */
void system_kernel_release(const char *root, char *buf, size_t len);
/* The selected mode of ROOT/sys/kernel/mm/transparent_hugepage/enabled
 * ("always", "madvise", "never"); "" if unreadable. */
void system_thp_mode(const char *root, char *buf, size_t len);

/* MemAvailable from ROOT/proc/meminfo in bytes; NaN if unknown. */
double system_mem_available(const char *root);
/* The machine's memory from ROOT/proc/meminfo in one read, bytes; NaN
 * for what it does not say. */
struct meminfo {
	double total, available, swap_total, swap_free;
};
void system_meminfo(const char *root, struct meminfo *m);

/* SwapFree from ROOT/proc/meminfo in bytes (0 without swap); NaN if
 * unknown. */
double system_swap_free(const char *root);

/* The boot time from ROOT/proc/stat ("btime", seconds since the epoch),
 * NaN if unknown: with a process's start (stat field 22, clock ticks after
 * boot) it dates the process. */
double system_boot_time(const char *root);

#endif
