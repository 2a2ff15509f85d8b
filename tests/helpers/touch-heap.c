/*
 * touch-heap - puts a known amount of resident anonymous memory on the
 * brk heap (or, in "mmap" mode, in one anonymous mapping), so tests can
 * check that memtrace attributes it to [heap] (or to an unnamed anon
 * mapping) with the right size.
 *
 *   touch-heap MIB          malloc MIB MiB in 64 KiB chunks on [heap]
 *   touch-heap MIB mmap     one anonymous private mmap of MIB MiB
 *
 * ready line: "ready pid=P heap_mib=N"
 *         or: "ready pid=P mmap_addr=0x... mib=N"
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <string.h>
#include <sys/mman.h>
#include "helper.h"

#define USAGE "touch-heap MIB [mmap]"
#define CHUNK (64UL * 1024UL)

int main(int argc, char **argv)
{
	unsigned long mib, i, n;

	if (argc < 2 || argc > 3)
		helper_usage(USAGE);
	mib = helper_arg(argv[1], 1, HELPER_MAX_MIB, USAGE);

	if (argc == 3) {
		void *p;

		if (strcmp(argv[2], "mmap") != 0)
			helper_usage(USAGE);
		p = mmap(NULL, mib * HELPER_MIB, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			helper_die("mmap");
		helper_touch(p, mib * HELPER_MIB);
		helper_ready("mmap_addr=%#lx mib=%lu", (unsigned long)p, mib);
	}

	/*
	 * 64 KiB is already below glibc's 128 KiB default threshold, but
	 * the threshold is dynamic: pin it to its maximum so every chunk
	 * is carved from the main arena, i.e. from brk.
	 */
	if (mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) != 1)
		helper_die("mallopt");
	n = mib * HELPER_MIB / CHUNK;
	for (i = 0; i < n; i++) {
		void *p = malloc(CHUNK);

		if (p == NULL)
			helper_die("malloc");
		helper_touch(p, CHUNK);
	}
	helper_ready("heap_mib=%lu", mib);
}
