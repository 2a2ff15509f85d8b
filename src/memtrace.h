/* The commands, and what only they share (the global options, resolving
 * a target).  Exit codes and error messages: report.h. */
#ifndef MEMTRACE_MEMTRACE_H
#define MEMTRACE_MEMTRACE_H

#include <stdio.h>
#include <sys/types.h>

#include "report.h"

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
int cmd_export(int argc, char **argv);

/* Resolves a PID or a process name (through libproc2) to a pid.  On
 * failure prints why and returns an exit code (> 0); 0 on success. */
int target_resolve(const char *arg, pid_t *pid);

#endif
