/* What the fuzz harnesses share.  Each harness defines
 * LLVMFuzzerTestOneInput for one parser of outside input; it is linked
 * with libFuzzer by `make fuzz` (clang), and with replay.c by `make
 * check`, which runs it over its corpus in tests/fuzz/corpus/NAME.
 *
 * Inputs that stand for several files (a /proc/PID directory, a cgroup
 * directory) are cut into pieces at FUZZ_SEP; the pieces are written
 * into a private fake root (the --proc-root the fixtures use), so the
 * real readers, through source-proc.c, read them. */
#ifndef MEMTRACE_FUZZ_H
#define MEMTRACE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_SEP "\n@@\n"
#define FUZZ_MAX_PIECES 16

struct fuzz_piece {
	const char *data;
	size_t len;
};

/* Cuts DATA at each FUZZ_SEP into at most MAX pieces (the last takes the
 * rest); returns the count. */
size_t fuzz_split(const uint8_t *data, size_t size, struct fuzz_piece *pieces, size_t max);

/* The private fake root (created on first use, removed at exit). */
const char *fuzz_root(void);

/* Writes LEN bytes to fuzz_root()/REL, creating its directories; a
 * piece of NULL data removes the file. */
void fuzz_write(const char *rel, const char *data, size_t len);

/* Makes fuzz_root()/REL a directory. */
void fuzz_mkdir(const char *rel);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
