/* /proc/PID/status: identity and the kernel's O(1) memory counters.
 * Parsed here rather than through libproc2 so that it works under any
 * --proc-root and so that a missing field stays visibly missing. */
#ifndef MEMTRACE_SOURCE_STATUS_H
#define MEMTRACE_SOURCE_STATUS_H

#include <stdbool.h>
#include <stddef.h>
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

/* Parses the text of a status file.  Returns 0 or -EINVAL if it does not
 * look like one (no Name: line). */
int status_parse(const char *text, size_t len, struct proc_status *st);
/* Reads and parses ROOT/proc/PID/status; 0 or -errno. */
int status_read(const char *root, pid_t pid, struct proc_status *st);

/* User+system CPU seconds of PID from ROOT/proc/PID/stat (fields 14 and
 * 15, after the parenthesised comm, which may hold spaces and parentheses).
 * Read directly rather than through libproc2 because watch reads it every
 * tick: libproc2 also reads status and uptime for it, twice the cost. */
int stat_cpu_seconds(const char *root, pid_t pid, double *cpu);

/* The same read, with what tells programs apart behind one PID. */
struct proc_stat {
	double cpu;                      /* user + system seconds */
	unsigned long long start_ticks;  /* field 22: exec() keeps it, a new
					  * process on a reused PID does not */
	unsigned long long start_stack;  /* field 28: the address space's stack
					  * start, new (ASLR) at every exec; 0
					  * when not ours to see (ptrace access) */
};
int stat_read(const char *root, pid_t pid, struct proc_stat *out);

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
