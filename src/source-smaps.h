/* Streaming parser for /proc/PID/smaps and smaps_rollup.
 *
 * The kernel produces smaps text about one page per read() while holding
 * the target's mmap lock, and the text is large (about 700 bytes per
 * mapping).  So the parser reads through one fixed buffer and hands each
 * mapping to a callback as soon as its block is complete: memory stays
 * constant whatever the mapping count, and nothing is copied but the name.
 * It accepts an fd (live files) or a buffer (unit tests, fuzzing). */
#ifndef MEMTRACE_SOURCE_SMAPS_H
#define MEMTRACE_SOURCE_SMAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model-counters.h"
#include "model-mapping.h"

/* The longest mapping name the chunked reader carries across chunks (the
 * kernel escapes a PATH_MAX path into at most four times its length); a
 * line longer than this plus 256 that straddles two chunks is malformed. */
#define SMAPS_NAME_MAX (4 * 4096 + 64)

/* Return 0 to go on, or a negative errno to stop parsing with that error. */
typedef int (*smaps_mapping_cb)(void *ctx, const struct smaps_mapping *m);

/* Flags reported after a parse. */
enum {
	SMAPS_TRUNCATED = 1u << 0, /* ended mid-line or mid-block */
};

struct smaps_result {
	unsigned long mappings;
	unsigned long lines;
	unsigned flags;
	/* On -EINVAL: the 1-based line number and a (raw) excerpt of it. */
	unsigned long bad_line;
	char bad_text[64];
};

/* Parses an open smaps or smaps_rollup file to its end.  Returns 0, a
 * negative errno from read() (-ESRCH when the process exited), -EINVAL for
 * malformed text (see result->bad_line), or the callback's error. */
int smaps_parse_fd(int fd, smaps_mapping_cb cb, void *ctx, struct smaps_result *result);

/* The same in two steps: start reading FD on a background thread now, parse
 * later (the caller can do other I/O meanwhile).  smaps_stream_parse always
 * consumes the stream, whatever it returns; it does not close FD. */
struct smaps_stream;
struct smaps_stream *smaps_stream_start(int fd);
int smaps_stream_parse(struct smaps_stream *st, smaps_mapping_cb cb, void *ctx,
		       struct smaps_result *result);

/* The same over a buffer in memory. */
int smaps_parse_buffer(const char *buf, size_t len, smaps_mapping_cb cb, void *ctx,
		       struct smaps_result *result);

/* The same over a buffer cut into chunks of the sizes CUTS gives (used in
 * turn; 0 or past the end: the rest), the way a live read cuts the text:
 * lines then straddle chunks.  For tests and fuzzing, which check that it
 * agrees with smaps_parse_buffer. */
int smaps_parse_chunked(const char *buf, size_t len, const size_t *cuts, size_t ncuts, smaps_mapping_cb cb, void *ctx,
			struct smaps_result *result);

/* Reads ROOT/proc/PID/smaps_rollup into OUT; *HAVE is false when the
 * kernel has none (before Linux 4.14) or it came back empty (an exiting
 * process).  Returns 0 or -errno (-EACCES for another user's process). */
#include <sys/types.h>
int smaps_read_rollup(const char *root, pid_t pid, struct mem_counters *out, bool *have);

#endif
