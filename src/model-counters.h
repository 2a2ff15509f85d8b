/* The per-mapping memory counters of /proc/PID/smaps, as bytes.
 * One array indexed by enum mc_field keeps parsing, summing and output
 * table-driven.  A field the kernel did not print (LazyFree before 4.12,
 * Pss_Anon outside the rollup, ...) is absent from `present`: show it as
 * unavailable, never as 0. */
#ifndef MEMTRACE_MODEL_COUNTERS_H
#define MEMTRACE_MODEL_COUNTERS_H

#include <stdbool.h>
#include <stdint.h>

enum mc_field {
	MC_SIZE,
	MC_KERNEL_PAGE_SIZE,
	MC_MMU_PAGE_SIZE,
	MC_RSS,
	MC_PSS,
	MC_PSS_DIRTY,      /* Linux 6.0 */
	MC_PSS_ANON,       /* rollup only, Linux 5.x */
	MC_PSS_FILE,       /* rollup only */
	MC_PSS_SHMEM,      /* rollup only */
	MC_SHARED_CLEAN,
	MC_SHARED_DIRTY,
	MC_PRIVATE_CLEAN,
	MC_PRIVATE_DIRTY,
	MC_REFERENCED,
	MC_ANONYMOUS,
	MC_KSM,            /* Linux 6.1 */
	MC_LAZYFREE,       /* Linux 4.12 */
	MC_ANON_HUGE,
	MC_SHMEM_PMD,      /* Linux 4.8 */
	MC_FILE_PMD,       /* Linux 5.4 */
	MC_SHARED_HUGETLB, /* Linux 4.4 */
	MC_PRIVATE_HUGETLB,
	MC_SWAP,
	MC_SWAP_PSS,       /* Linux 4.3 */
	MC_LOCKED,
	MC_COUNT
};

typedef uint32_t mc_mask;
#define MC_BIT(f) ((mc_mask)1 << (f))

struct mem_counters {
	uint64_t v[MC_COUNT];
	mc_mask present;
};

/* The kernel's name for a field ("LazyFree"), and memtrace's JSON key
 * ("lazyfree"). */
const char *mc_kernel_name(enum mc_field f);
const char *mc_json_key(enum mc_field f);

/* Adds the additive fields of SRC to DST (page sizes are not additive) and
 * unions presence. */
void mc_add(struct mem_counters *dst, const struct mem_counters *src);

/* USS: memory only this process maps (Private_Clean + Private_Dirty). */
static inline uint64_t mc_uss(const struct mem_counters *c)
{
	return c->v[MC_PRIVATE_CLEAN] + c->v[MC_PRIVATE_DIRTY];
}

static inline bool mc_has(const struct mem_counters *c, enum mc_field f)
{
	return (c->present & MC_BIT(f)) != 0;
}

#endif
