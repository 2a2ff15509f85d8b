/* The one place memtrace talks to libproc2 (procps-ng 4).
 *
 * libproc2 reads the live /proc only, so it serves what a fixture root does
 * not need: finding processes by name, and the elapsed and CPU times (it
 * knows the clock tick and boot time arithmetic).  Results are copied out at
 * once: the library reuses its result stacks between calls.  Its API moved
 * between 4.0.4 and 4.0.5 (PIDS_VAL lost an argument), so values are read
 * through the public result union here, not through PIDS_VAL. */
#ifndef MEMTRACE_SOURCE_PROCPS_H
#define MEMTRACE_SOURCE_PROCPS_H

#include <stddef.h>
#include <sys/types.h>

struct procps_match {
	pid_t pid;
	char *comm;    /* raw */
	char *cmdline; /* raw, arguments joined by spaces */
};

/* Every process (not thread) whose comm equals NAME or whose argv[0]
 * basename equals NAME, except memtrace itself.  Returns the number found
 * (0..) with *OUT allocated, or a negative errno. */
int procps_find_by_name(const char *name, struct procps_match **out);
void procps_matches_free(struct procps_match *m, int n);

/* Seconds since the process started (libproc2 knows the boot time and
 * clock tick arithmetic).  Returns 0, or -ESRCH if it is gone. */
int procps_process_age(pid_t pid, double *elapsed);

/* The libproc2 version memtrace was built against. */
const char *procps_built_version(void);

#endif
