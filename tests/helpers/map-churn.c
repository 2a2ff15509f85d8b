/*
 * map-churn - a hostile target: maps and unmaps thousands of mappings per
 * second while memtrace reads its smaps, so every read races the address
 * space changing under it.
 *
 *   map-churn MAX_MAPPINGS PAGES
 *
 * Keeps between MAX_MAPPINGS/2 and MAX_MAPPINGS private anonymous
 * mappings of 1..PAGES pages (touched, so they are resident), alternating
 * read-only and read-write so the kernel cannot merge neighbours, and
 * replaces one at random as fast as it can (thousands per second: munmap
 * costs a TLB shootdown, some 70 us in a VM).
 * Prints "ready pid=P" once the first MAX_MAPPINGS exist, then churns
 * until killed, printing the total number of replacements every second.
 */
#include "helper.h"

#include <signal.h>

#define USAGE "map-churn MAX_MAPPINGS PAGES"

struct slot {
	char *p;
	size_t len;
};

static unsigned long long rng = 88172645463325252ull;

static unsigned long next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned long)rng;
}

static void map_one(struct slot *s, unsigned long pages, unsigned long k)
{
	long page = sysconf(_SC_PAGESIZE);

	s->len = (size_t)(1 + next() % pages) * (size_t)page;
	s->p = mmap(NULL, s->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->p == MAP_FAILED)
		helper_die("mmap");
	for (size_t o = 0; o < s->len; o += (size_t)page)
		s->p[o] = 1;
	if (k & 1)
		mprotect(s->p, s->len, PROT_READ);
}

int main(int argc, char **argv)
{
	unsigned long max, pages, churned = 0;
	struct slot *slots;
	struct timespec t0, now;

	if (argc != 3)
		helper_usage(USAGE);
	max = helper_arg(argv[1], 2, 60000, USAGE);
	pages = helper_arg(argv[2], 1, 256, USAGE);
	slots = calloc(max, sizeof(*slots));
	if (!slots)
		helper_die("calloc");
	for (unsigned long k = 0; k < max; k++)
		map_one(&slots[k], pages, k);
	helper_say("ready pid=%d mappings=%lu", (int)getpid(), max);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		unsigned long k = next() % max;
		munmap(slots[k].p, slots[k].len);
		map_one(&slots[k], pages, next());
		if (++churned % 256 == 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec > t0.tv_sec) {
				helper_say("churned=%lu", churned);
				t0 = now;
			}
		}
	}
}
