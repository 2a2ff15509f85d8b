/*
 * many-maps - a process with N extra mappings, for tests and benchmarks
 * of how reading smaps scales with the number of mappings.  One anonymous
 * region of N pages is touched, then every other page is made read-only,
 * so the kernel must keep N separate VMAs (neighbours differ in
 * protection and cannot merge).  /proc/PID/maps then has about N + 25
 * lines.  The default vm.max_map_count (65530) allows N up to ~65000.
 *
 *   many-maps N
 *
 * ready line: "ready pid=P maps=N addr=0x<start> pages=N"
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include "helper.h"

#define USAGE "many-maps N"

int main(int argc, char **argv)
{
	unsigned long n, i;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char *p;

	if (argc != 2)
		helper_usage(USAGE);
	n = helper_arg(argv[1], 1, 10000000, USAGE);

	p = mmap(NULL, n * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		helper_die("mmap");
	/* Huge pages would only be split again by the mprotect calls. */
	(void)madvise(p, n * page, MADV_NOHUGEPAGE);
	for (i = 0; i < n; i++)
		p[i * page] = 1;
	for (i = 1; i < n; i += 2)
		if (mprotect(p + i * page, page, PROT_READ) != 0)
			helper_die("mprotect (vm.max_map_count too low?)");
	helper_ready("maps=%lu addr=%#lx pages=%lu", n, (unsigned long)p, n);
}
