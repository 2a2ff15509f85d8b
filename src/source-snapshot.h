/* Takes a snapshot: reads status, smaps (+ smaps_rollup), cmdline, the
 * executable, environ and the system facts for one process, and fills a
 * struct snapshot.  The only part of the snapshot pipeline that does I/O. */
#ifndef MEMTRACE_SOURCE_SNAPSHOT_H
#define MEMTRACE_SOURCE_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model-snapshot.h"

struct snapshot_opts {
	const char *root;   /* "/" or a fixture tree */
	size_t top;         /* how many top mappings to keep */
	bool keep_all;      /* keep every mapping (--save, diff) */
	bool identity;      /* read cmdline, exe, environ, times (one-shot) */
};

enum snapshot_failure {
	SNAP_FAIL_NONE,
	SNAP_FAIL_READ,       /* err and path say what */
	SNAP_FAIL_ZOMBIE,     /* exited, not yet reaped: no memory left */
	SNAP_FAIL_KTHREAD,    /* a kernel thread has no user memory */
	SNAP_FAIL_EXITED,     /* exited while being read */
	SNAP_FAIL_MALFORMED,  /* a file's text did not parse (line, text) */
};

struct snapshot_error {
	enum snapshot_failure kind;
	int err;              /* negative errno */
	char path[512];
	unsigned long line;
	char text[64];
};

/* Returns 0 (the snapshot may still be partial: see s->partial) or a
 * negative errno with *E describing the failure.  S must have been
 * initialised with snapshot_init; it is filled even on partial success. */
int snapshot_take(const struct snapshot_opts *o, struct snapshot *s, struct snapshot_error *e);

#endif
