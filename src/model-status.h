/* What /proc/PID/status says about a process: identity and the kernel's
 * O(1) memory counters.  Plain data; the parser lives in source-status. */
#ifndef MEMTRACE_MODEL_STATUS_H
#define MEMTRACE_MODEL_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum status_field {
	ST_VM_PEAK,
	ST_VM_SIZE,
	ST_VM_LCK,
	ST_VM_HWM,
	ST_VM_RSS,
	ST_RSS_ANON,  /* Linux 4.5 */
	ST_RSS_FILE,
	ST_RSS_SHMEM,
	ST_VM_DATA,
	ST_VM_STK,
	ST_VM_PTE,
	ST_VM_SWAP,
	ST_HUGETLB,
	ST_COUNT
};

struct proc_status {
	char name[64];      /* raw comm as printed (escape before display) */
	char state;         /* 'R', 'S', 'Z', ... or 0 */
	int threads;        /* -1 if absent */
	uid_t uid;          /* real uid */
	bool has_uid;
	uint64_t v[ST_COUNT]; /* bytes */
	uint32_t present;     /* bit per enum status_field */
};

static inline bool status_has(const struct proc_status *st, enum status_field f)
{
	return (st->present >> f) & 1;
}

/* A process has user memory if the kernel prints Vm* lines for it: kernel
 * threads and zombies have none. */
static inline bool status_has_mm(const struct proc_status *st)
{
	return status_has(st, ST_VM_SIZE);
}

#endif
