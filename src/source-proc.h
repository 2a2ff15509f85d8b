/* Paths and small-file reads under a root directory.  Every /proc and /sys
 * reader goes through here so that a fixture tree (tests/fixtures/<case>/)
 * can stand in for the running kernel: `--proc-root DIR` or the
 * MEMTRACE_PROC_ROOT environment variable; the default root is "/". */
#ifndef MEMTRACE_SOURCE_PROC_H
#define MEMTRACE_SOURCE_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* How a failed read is reported: the target exited, we may not look, or
 * something else went wrong.  Never confuse them (HACKING.md, "Layers"). */
enum proc_outcome { PROC_OK, PROC_GONE, PROC_DENIED, PROC_ERROR };

enum proc_outcome proc_outcome_of(int neg_errno);

/* "ROOT/proc/PID/FILE" (PID < 0: "ROOT/FILE").  Returns -ENAMETOOLONG if
 * it does not fit. */
int proc_path(char *buf, size_t len, const char *root, pid_t pid, const char *file);

/* Opens ROOT/proc/PID/FILE read-only; returns an fd or a negative errno. */
int proc_open(const char *root, pid_t pid, const char *file);

/* Reads a whole small file (status, cmdline, environ, ...) into a new
 * NUL-terminated buffer; *LEN gets the byte count.  Returns 0 or -errno. */
int proc_read_file(const char *root, pid_t pid, const char *file, char **out, size_t *len);

/* Reads the link ROOT/proc/PID/FILE (exe, cwd) into BUF, NUL-terminated
 * (cut at LEN - 1).  Returns 0 or -errno. */
int proc_readlink(const char *root, pid_t pid, const char *file, char *buf, size_t len);

/* The same for any path (cgroup files live outside proc/). */
int read_file_path(const char *path, char **out, size_t *len);

/* True when the root is the live system ("/"), where libproc2 applies. */
bool proc_root_is_live(const char *root);

/* Does ROOT/proc/PID still exist? */
bool proc_pid_exists(const char *root, pid_t pid);

#endif
