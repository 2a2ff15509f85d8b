/* Command table, exit codes and what commands share. */
#ifndef MEMTRACE_MEMTRACE_H
#define MEMTRACE_MEMTRACE_H

#include <stdio.h>
#include <sys/types.h>

#include "source-snapshot.h"

/* Exit codes (documented in memtrace(1), EXIT STATUS). */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1, /* an error while running: I/O, malformed input, ... */
	EXIT_USAGE = 2,   /* bad options or arguments; ambiguous process name */
	EXIT_TARGET = 3,  /* no such process, it exited, or has no user memory */
	EXIT_DENIED = 4,  /* permission denied: the report is partial */
	EXIT_LEAK = 5,    /* --fail-on-leak and the verdict is a leak */
};

struct globals {
	const char *proc_root; /* --proc-root or MEMTRACE_PROC_ROOT, default "/" */
};

extern struct globals g;

int cmd_snapshot(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_cgroup(int argc, char **argv);
int cmd_top(int argc, char **argv);

/* memtrace: MESSAGE (printf-style) on stderr. */
void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Resolves a PID or a process name (through libproc2) to a pid.  On
 * failure prints why and returns an exit code (> 0); 0 on success. */
int target_resolve(const char *arg, pid_t *pid);

/* Prints a snapshot_take failure with the path and a hint; returns the
 * exit code for it. */
int report_snapshot_error(pid_t pid, const struct snapshot_error *e);

/* Flushes OUT and turns a write error (e.g. > /dev/full) into an error
 * message and EXIT_RUNTIME; returns RC otherwise. */
int finish_output(FILE *out, int rc);

/* Parses a non-negative integer option; false if it is not one. */
int parse_count(const char *s, long max, long *out);

#endif
