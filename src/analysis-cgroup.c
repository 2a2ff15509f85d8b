#include "config.h"
#include "analysis-cgroup.h"
#include "util.h"

#include <math.h>
#include <string.h>

static uint64_t get(const struct cgroup_stats *s, enum cg_field f)
{
	return cg_has(s, f) ? s->v[f] : 0;
}

static uint64_t sub0(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

static void tool(struct cgroup_view *v, enum cg_tool t, const char *id, const char *name, const char *formula,
		 const char *meaning, bool known, uint64_t value)
{
	v->tools[t] = (struct cg_tool_value){ id, name, formula, meaning, known, value };
}

void cgroup_view_compute(const struct cgroup_stats *s, const struct cg_proc *procs, size_t nprocs, bool has_swap,
			 struct cgroup_view *v)
{
	bool v1 = s->version == 1;
	uint64_t usage = get(s, CG_USAGE), inactive = get(s, CG_INACTIVE_FILE);
	bool have_inactive = cg_has(s, CG_INACTIVE_FILE);

	memset(v, 0, sizeof(*v));
	v->has_swap = has_swap;
	v->anon = get(s, CG_ANON);
	v->file = get(s, CG_FILE);
	v->shmem = get(s, CG_SHMEM);
	v->file_not_shmem = sub0(v->file, v->shmem);
	v->swap = get(s, CG_SWAP);
	v->kernel = cgroup_kernel_bytes(s, &v->kernel_derived);
	v->kernel_known = true;

	tool(v, TOOL_DOCKER, "docker_stats", "docker stats (20.10+)",
	     v1 ? "memory.usage_in_bytes - total_inactive_file" : "memory.current - inactive_file",
	     "usage without inactive page cache; still counts active page cache", have_inactive,
	     inactive < usage ? usage - inactive : usage);
	tool(v, TOOL_DOCKER_OLD, "docker_stats_pre_20_10", "docker stats (17.06-19.03)",
	     v1 ? "memory.usage_in_bytes - total_cache" : "memory.current - file (cgroup v2 was not supported then)",
	     "usage without any page cache, tmpfs included", cg_has(s, CG_FILE), sub0(usage, v->file));
	/* podman stats shows containers/common's cgroups Stat() as is
	 * (libpod/stats_linux.go: MemUsage = MemoryStats.Usage.Usage); in
	 * pkg/cgroups/memory_linux.go of the common 0.50 that Podman 4.3 uses,
	 * that is memory.usage_in_bytes on v1 (no page cache taken off) and
	 * memory.stat "anon" on v2.  Later common releases take v2's
	 * memory.current - inactive_file, docker's figure. */
	tool(v, TOOL_PODMAN, "podman_stats", "podman stats (4.x)", v1 ? "memory.usage_in_bytes" : "anon",
	     v1 ? "usage with all page cache counted" : "anonymous memory only (page cache left out)",
	     v1 ? cg_has(s, CG_USAGE) : cg_has(s, CG_ANON), v1 ? usage : v->anon);
	tool(v, TOOL_KUBELET, "kubelet_working_set", "kubelet / kubectl top (working set)",
	     v1 ? "max(0, memory.usage_in_bytes - total_inactive_file)" : "max(0, memory.current - inactive_file)",
	     "what the kubelet compares with the limit for eviction; counts active page cache", have_inactive,
	     sub0(usage, inactive));
	tool(v, TOOL_CADVISOR_RSS, "cadvisor_rss", "cAdvisor container_memory_rss", v1 ? "total_rss" : "anon",
	     "anonymous memory only (includes MADV_FREE pages not yet reclaimed)", cg_has(s, CG_ANON), v->anon);
	tool(v, TOOL_CADVISOR_CACHE, "cadvisor_cache", "cAdvisor container_memory_cache", v1 ? "total_cache" : "file",
	     "page cache, tmpfs and shared memory included", cg_has(s, CG_FILE), v->file);

	/* Reclaim: tmpfs/shmem pages sit on the anon LRU but are counted in
	 * file; the inactive/active file lists hold real page cache (and, since
	 * Linux 4.12, lazily freed anonymous pages on the inactive list). */
	v->reclaimable_easy = inactive;
	v->reclaimable_active = get(s, CG_ACTIVE_FILE);
	v->reclaimable_slab = get(s, CG_SLAB_RECLAIMABLE);

	v->usage_share_of_limit = s->limit_is_max || !cg_has(s, CG_LIMIT) || s->v[CG_LIMIT] == 0
					  ? NAN
					  : (double)usage / (double)s->v[CG_LIMIT];

	v->nprocs = nprocs;
	for (size_t i = 0; i < nprocs; i++) {
		const struct cg_proc *p = &procs[i];
		v->proc_rss += p->rss;
		v->proc_pss += p->pss;
		v->proc_uss += p->uss;
		v->proc_anon += p->anon;
		v->proc_file += p->file;
		v->proc_shmem += p->shmem;
		v->proc_lazyfree += p->lazyfree;
		if (!p->rollup)
			v->procs_partial++;
	}
	/* Lazily freed pages are anon in the process and in the cgroup alike,
	 * so they do not change this balance. */
	v->anon_unmapped = (int64_t)v->anon - (int64_t)v->proc_anon;
	v->shmem_unmapped = (int64_t)v->shmem - (int64_t)v->proc_shmem;
	v->file_unmapped = (int64_t)v->file_not_shmem - (int64_t)v->proc_file;

	/* Without swap, anonymous and tmpfs pages stay until freed, except the
	 * lazily freed ones (reclaimed under pressure, no swap needed); with
	 * swap they can be pushed out, at a price. */
	v->unreclaimable = get(s, CG_SLAB_UNRECLAIMABLE) + get(s, CG_KERNEL_STACK) + get(s, CG_PAGETABLES) +
			   get(s, CG_SOCK) + get(s, CG_PERCPU);
	if (!has_swap)
		v->unreclaimable += sub0(v->anon, v->proc_lazyfree) + v->shmem;
}

double cgroup_tool_bytes(const struct cgroup_stats *s, enum cg_tool t)
{
	struct cgroup_view v;

	cgroup_view_compute(s, NULL, 0, false, &v);
	return v.tools[t].known ? (double)v.tools[t].value : NAN;
}
