/* /proc/PID/status: identity and the kernel's O(1) memory counters.
 * Parsed here rather than through libproc2 so that it works under any
 * --proc-root and so that a missing field stays visibly missing. */
#ifndef MEMTRACE_SOURCE_STATUS_H
#define MEMTRACE_SOURCE_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model-status.h"

/* Parses the text of a status file.  Returns 0 or -EINVAL if it does not
 * look like one (no Name: line). */
int status_parse(const char *text, size_t len, struct proc_status *st);
/* Reads and parses ROOT/proc/PID/status; 0 or -errno. */
int status_read(const char *root, pid_t pid, struct proc_status *st);

/* User+system CPU seconds of PID from ROOT/proc/PID/stat (fields 14 and
 * 15, after the parenthesised comm, which may hold spaces and parentheses).
 * Read directly rather than through libproc2 because watch reads it every
 * tick: libproc2 also reads status and uptime for it, twice the cost. */
int stat_cpu_seconds(const char *root, pid_t pid, double *cpu);

/* The same read, with what tells programs apart behind one PID. */
struct proc_stat {
	double cpu;                      /* user + system seconds */
	unsigned long long start_ticks;  /* field 22: exec() keeps it, a new
					  * process on a reused PID does not */
	unsigned long long start_stack;  /* field 28: the address space's stack
					  * start, new (ASLR) at every exec; 0
					  * when not ours to see (ptrace access) */
};
int stat_read(const char *root, pid_t pid, struct proc_stat *out);

#endif
