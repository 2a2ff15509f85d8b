/* What the commands and the watch loop share to talk to the user: exit
 * codes, error messages on stderr, the words for a failed snapshot, and
 * a checked end of standard output.  Only commands and the watch loop
 * (the top of the layers in HACKING.md) print errors. */
#ifndef MEMTRACE_REPORT_H
#define MEMTRACE_REPORT_H

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

/* memtrace: MESSAGE (printf-style) on stderr. */
void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints a snapshot_take failure with the path and a hint; returns the
 * exit code for it. */
int report_snapshot_error(pid_t pid, const struct snapshot_error *e);

/* "'PATH' exists; use --force to overwrite it" and the like: the words
 * for a failed out_file_open (output-file.h) of PATH, into BUF. */
char *create_error_text(const char *path, int rc, char *buf, size_t len);

/* Flushes OUT and turns a write error (e.g. > /dev/full) into an error
 * message and EXIT_RUNTIME; returns RC otherwise. */
int finish_output(FILE *out, int rc);

/* Parses a non-negative integer option; false if it is not one. */
int parse_count(const char *s, long max, long *out);

#endif
