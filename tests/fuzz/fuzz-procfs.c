/* A whole /proc/PID directory written by a hostile or broken kernel:
 * status, stat, smaps, smaps_rollup, cmdline, environ, comm, in that
 * order, cut at FUZZ_SEP.  A snapshot of it (with identity: cmdline,
 * environ, times) must not crash, and its totals must add up. */
#include "config.h"
#include "fuzz.h"
#include "model-snapshot.h"
#include "source-snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const files[] = { "status", "stat", "smaps", "smaps_rollup", "cmdline", "environ", "comm" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_piece p[FUZZ_MAX_PIECES];
	size_t n = fuzz_split(data, size, p, sizeof(files) / sizeof(files[0]));
	struct snapshot_opts o = { .root = fuzz_root(), .top = 5, .keep_all = (size & 1) != 0, .identity = true };
	struct snapshot s;
	struct snapshot_error e;
	char rel[64];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(rel, sizeof(rel), "proc/4242/%s", files[i]);
		fuzz_write(rel, i < n ? p[i].data : NULL, i < n ? p[i].len : 0);
	}
	snapshot_init(&s, 4242, o.top, o.keep_all);
	snapshot_take(&o, &s, &e);
	snapshot_free(&s);
	return 0;
}
