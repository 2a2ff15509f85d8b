/* The host's memory cgroups as `memtrace top` follows them: one row per
 * cgroup, with the last minutes of its components in a small ring (the
 * cgroup verdict needs anon, page cache, shmem and kernel memory over
 * time, not only usage).  Plain data; source-cgscan fills it. */
#ifndef MEMTRACE_MODEL_CGTABLE_H
#define MEMTRACE_MODEL_CGTABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "model-proctable.h"
#include "model-series.h"

struct cg_ring {
	float usage[PROC_HISTORY], anon[PROC_HISTORY], file[PROC_HISTORY], shmem[PROC_HISTORY];
	float kernel[PROC_HISTORY], swap[PROC_HISTORY], inactive_file[PROC_HISTORY];
	float limit_hits[PROC_HISTORY], oom_kills[PROC_HISTORY];
	double t[PROC_HISTORY];
	unsigned head, len;
};

/* The parts of a cgroup's memory the ring keeps, for the drill-down. */
enum cg_component { CGC_USAGE, CGC_ANON, CGC_FILE, CGC_SHMEM, CGC_KERNEL, CGC_SWAP, CGC_COUNT };

struct cg_row {
	char path[512];       /* cgroup path, escaped */
	char id[80];          /* container id, "" when none is recognised */
	const char *runtime;  /* "docker", "podman", ... or NULL */
	double usage, anon, file, shmem, kernel, swap, limit; /* bytes, NaN unknown */
	double growth;        /* bytes/s of usage + swap, NaN unknown */
	int verdict;          /* enum verdict_kind, -1 not judged yet */
	double verdict_at;
	double time_to_limit; /* a leak: seconds to the limit, NaN */
	bool seen;
	struct cg_ring ring;  /* .usage doubles as the sparkline's series */
	struct proc_ring spark; /* usage + swap, for the shared sparkline code */
};

/* The sample of one ring slot, with the cgroup metrics set. */
void cg_ring_sample(const struct cg_ring *r, unsigned slot, struct sample *x);
void cg_ring_add(struct cg_ring *r, double t, const struct sample *x);
void cg_ring_to_series(const struct cg_ring *r, struct series *s);
/* The history of one component, oldest first, into OUT (PROC_HISTORY
 * values at most; NaN where it was not measured); returns how many. */
size_t cg_ring_values(const struct cg_ring *r, enum cg_component c, double *out);
/* The component's value now (the newest sample), NaN unknown. */
double cg_row_component(const struct cg_row *r, enum cg_component c);

#endif
