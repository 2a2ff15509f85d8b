/* The memory.* files of a cgroup (v1 or v2 by the first byte): stat,
 * events, pressure, usage, limit, swap, oom_control, failcnt, cut at
 * FUZZ_SEP.  Reading them must not crash whatever the text. */
#include "config.h"
#include "fuzz.h"
#include "source-cgroup.h"

#include <stdio.h>
#include <string.h>

static const char *const v1_files[] = { "memory.stat", "memory.usage_in_bytes", "memory.limit_in_bytes",
					"memory.failcnt", "memory.oom_control", "memory.memsw.usage_in_bytes",
					"memory.pressure", "cgroup.procs" };
static const char *const v2_files[] = { "memory.stat", "memory.current", "memory.max", "memory.events",
					"memory.swap.current", "memory.pressure", "memory.high", "cgroup.procs" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_piece p[FUZZ_MAX_PIECES];
	int version = size > 0 && (data[0] & 1) ? 2 : 1;
	const char *const *files = version == 2 ? v2_files : v1_files;
	size_t n = size > 0 ? fuzz_split(data + 1, size - 1, p, 8) : 0;
	struct cgroup_ref ref;
	struct cgroup_stats st;
	char rel[128];

	for (size_t i = 0; i < 8; i++) {
		snprintf(rel, sizeof(rel), "cg%d/%s", version, files[i]);
		fuzz_write(rel, i < n ? p[i].data : NULL, i < n ? p[i].len : 0);
	}
	memset(&ref, 0, sizeof(ref));
	ref.version = version;
	snprintf(ref.dir, sizeof(ref.dir), "%s/cg%d", fuzz_root(), version);
	memset(&st, 0, sizeof(st));
	if (cgroup_stats_read(&ref, &st, (size & 2) != 0) == 0)
		cgroup_stats_free(&st);
	return 0;
}
