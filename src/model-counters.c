#include "config.h"
#include "model-counters.h"

static const struct {
	const char *kernel;
	const char *json;
} mc_names[MC_COUNT] = {
	[MC_SIZE] = { "Size", "size" },
	[MC_KERNEL_PAGE_SIZE] = { "KernelPageSize", "kernel_page_size" },
	[MC_MMU_PAGE_SIZE] = { "MMUPageSize", "mmu_page_size" },
	[MC_RSS] = { "Rss", "rss" },
	[MC_PSS] = { "Pss", "pss" },
	[MC_PSS_DIRTY] = { "Pss_Dirty", "pss_dirty" },
	[MC_PSS_ANON] = { "Pss_Anon", "pss_anon" },
	[MC_PSS_FILE] = { "Pss_File", "pss_file" },
	[MC_PSS_SHMEM] = { "Pss_Shmem", "pss_shmem" },
	[MC_SHARED_CLEAN] = { "Shared_Clean", "shared_clean" },
	[MC_SHARED_DIRTY] = { "Shared_Dirty", "shared_dirty" },
	[MC_PRIVATE_CLEAN] = { "Private_Clean", "private_clean" },
	[MC_PRIVATE_DIRTY] = { "Private_Dirty", "private_dirty" },
	[MC_REFERENCED] = { "Referenced", "referenced" },
	[MC_ANONYMOUS] = { "Anonymous", "anonymous" },
	[MC_KSM] = { "KSM", "ksm" },
	[MC_LAZYFREE] = { "LazyFree", "lazyfree" },
	[MC_ANON_HUGE] = { "AnonHugePages", "anon_huge_pages" },
	[MC_SHMEM_PMD] = { "ShmemPmdMapped", "shmem_pmd_mapped" },
	[MC_FILE_PMD] = { "FilePmdMapped", "file_pmd_mapped" },
	[MC_SHARED_HUGETLB] = { "Shared_Hugetlb", "shared_hugetlb" },
	[MC_PRIVATE_HUGETLB] = { "Private_Hugetlb", "private_hugetlb" },
	[MC_SWAP] = { "Swap", "swap" },
	[MC_SWAP_PSS] = { "SwapPss", "swap_pss" },
	[MC_LOCKED] = { "Locked", "locked" },
};

const char *mc_kernel_name(enum mc_field f)
{
	return mc_names[f].kernel;
}

const char *mc_json_key(enum mc_field f)
{
	return mc_names[f].json;
}

void mc_add(struct mem_counters *dst, const struct mem_counters *src)
{
	for (int f = 0; f < MC_COUNT; f++) {
		if (f == MC_KERNEL_PAGE_SIZE || f == MC_MMU_PAGE_SIZE)
			continue;
		dst->v[f] += src->v[f];
	}
	dst->present |= src->present;
}
