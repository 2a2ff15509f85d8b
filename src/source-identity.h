/* Who is behind a PID, read cheaply every tick, so that a watch notices at
 * the next sample when the program changed under it:
 *  - exec(): same PID and start time, new address space.  The exe link
 *    changes (unless the program re-executes itself); the stack start
 *    (stat field 28) is new, placed at random by ASLR; and VmHWM starts
 *    again from the new program's RSS.  VmHWM is not exact: it is the
 *    larger of a recorded high-water mark and the current RSS, both read
 *    from per-CPU counters, so it can fall by a few hundred KiB when the
 *    program frees memory (seen here: 67048 -> 66908 kB after a 64 MiB
 *    MADV_DONTNEED, Linux 6.18); only a large fall counts.  comm alone is
 *    not trusted: programs rename themselves with prctl(PR_SET_NAME).
 *  - PID reuse: the start time (stat field 22) differs. */
#ifndef MEMTRACE_SOURCE_IDENTITY_H
#define MEMTRACE_SOURCE_IDENTITY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "source-status.h"

struct proc_identity {
	unsigned long long start_ticks; /* 0 unknown */
	unsigned long long start_stack; /* 0 unknown */
	char comm[64];                  /* raw, escape before display */
	char exe[1024];                 /* "" when unreadable; " (deleted)" cut */
	uint64_t hwm;                   /* VmHWM, bytes */
	bool have_hwm;
};

enum identity_change { IDENTITY_SAME, IDENTITY_EXEC, IDENTITY_PID_REUSED };

/* Fills *ID from ST (the status just read) and ROOT/proc/PID/exe; the
 * start time comes from the caller's stat read.  Never fails: what cannot
 * be read stays unknown and is not compared.  SF may be NULL. */
void identity_from(const char *root, pid_t pid, const struct proc_status *st, const struct proc_stat *sf,
		   struct proc_identity *id);

/* What changed between two readings of the same PID. */
enum identity_change identity_compare(const struct proc_identity *before, const struct proc_identity *now);

const char *identity_change_name(enum identity_change c);

#endif
