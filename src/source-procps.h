/* The one place memtrace talks to procps-ng: libproc2 (procps-ng 4) or
 * libprocps (procps-ng 3.3), chosen by configure (--with-procps).
 *
 * procps-ng reads the live /proc only, so it serves what a fixture root does
 * not need: finding processes by name, and the elapsed time of a process.
 * Both APIs give the same answers here.  Results are copied out at once:
 * the libraries reuse their buffers between calls, and neither is safe to
 * call from two threads (libprocps 3.3 reads into static buffers, libproc2
 * keeps per-thread ones): call these from the main thread only.
 *
 * libproc2's API moved between 4.0.4 and 4.0.5 (PIDS_VAL lost an argument),
 * so values are read through the public result union, never through
 * PIDS_VAL: the same code builds against 4.0.2 and 4.0.5. */
#ifndef MEMTRACE_SOURCE_PROCPS_H
#define MEMTRACE_SOURCE_PROCPS_H

#include <stddef.h>
#include <sys/types.h>

struct procps_match {
	pid_t pid;
	char *comm;    /* raw */
	char *cmdline; /* raw, arguments joined by spaces; "[comm]" if empty */
};

/* Every process (not thread) whose comm equals NAME or whose argv[0]
 * basename equals NAME, except memtrace itself.  Returns the number found
 * (0..) with *OUT allocated, or a negative errno. */
int procps_find_by_name(const char *name, struct procps_match **out);
void procps_matches_free(struct procps_match *m, int n);

/* Seconds since the process started (its start time in clock ticks after
 * boot, against the uptime).  Returns 0, or -ESRCH if it is gone. */
int procps_process_age(pid_t pid, double *elapsed);

/* The library and version memtrace was built against, as configure found
 * them: "libproc2 4.0.2", "libprocps 3.3.17". */
const char *procps_built_with(void);

#endif
