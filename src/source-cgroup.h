/* Memory cgroups, read directly from the cgroup filesystem (no container
 * daemon or API): mount discovery (v1, v2, hybrid), a process's memory
 * cgroup, container ids by the layouts of Docker, containerd/CRI, CRI-O
 * and Podman, and the memory.* files.  Everything is under a root
 * directory like the other sources, so fixture trees stand in for hosts
 * this machine is not. */
#ifndef MEMTRACE_SOURCE_CGROUP_H
#define MEMTRACE_SOURCE_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CG_PATH_MAX 1024

struct cgroup_mounts {
	bool has_v1, has_v2;
	char v1[CG_PATH_MAX]; /* mount point of the v1 memory controller */
	char v2[CG_PATH_MAX]; /* mount point of cgroup2 */
	/* the cgroup each mount shows as its top ("/" unless a container
	 * mounted only its own subtree) */
	char v1_root[CG_PATH_MAX], v2_root[CG_PATH_MAX];
};

struct cgroup_ref {
	int version;              /* 1 or 2 */
	char path[CG_PATH_MAX];   /* cgroup path, "/" for the root cgroup */
	char dir[CG_PATH_MAX];    /* ROOT + mount + path: where its files are */
};

/* The counters memtrace uses, v1 and v2 names mapped onto one set. */
enum cg_field {
	CG_USAGE,          /* v1 memory.usage_in_bytes, v2 memory.current */
	CG_LIMIT,          /* v1 memory.limit_in_bytes, v2 memory.max */
	CG_HIGH,           /* v2 memory.high */
	CG_PEAK,           /* v1 memory.max_usage_in_bytes, v2 memory.peak (5.19) */
	CG_SWAP,           /* v1 memsw - usage, v2 memory.swap.current */
	CG_SWAP_LIMIT,     /* v1 memory.memsw.limit_in_bytes, v2 memory.swap.max */
	CG_ANON,           /* v1 total_rss, v2 anon */
	CG_ANON_THP,       /* v1 total_rss_huge, v2 anon_thp */
	CG_FILE,           /* v1 total_cache, v2 file (both include shmem) */
	CG_ACTIVE_FILE,
	CG_INACTIVE_FILE,
	CG_ACTIVE_ANON,
	CG_INACTIVE_ANON,
	CG_FILE_MAPPED,    /* v1 total_mapped_file, v2 file_mapped */
	CG_FILE_DIRTY,     /* v1 total_dirty, v2 file_dirty */
	CG_FILE_WRITEBACK, /* v1 total_writeback, v2 file_writeback */
	CG_SHMEM,          /* v1 total_shmem, v2 shmem */
	CG_UNEVICTABLE,
	CG_KERNEL,         /* v2 kernel (5.18), v1 memory.kmem.usage_in_bytes */
	CG_KERNEL_STACK,
	CG_PAGETABLES,
	CG_SLAB_RECLAIMABLE,
	CG_SLAB_UNRECLAIMABLE,
	CG_SOCK,
	CG_PERCPU,
	CG_FAILCNT,        /* v1 memory.failcnt (count) */
	CG_EV_LOW,         /* v2 memory.events (counts) */
	CG_EV_HIGH,
	CG_EV_MAX,
	CG_EV_OOM,
	CG_EV_OOM_KILL,    /* v2 memory.events, v1 memory.oom_control oom_kill */
	CG_UNDER_OOM,      /* v1 memory.oom_control under_oom */
	CG_PGLAZYFREE,     /* pages (events) freed with MADV_FREE */
	CG_PGLAZYFREED,    /* ... and reclaimed */
	CG_COUNT
};

struct cgroup_psi {
	bool present;
	double some_avg10, some_avg60, some_avg300, full_avg10, full_avg60, full_avg300;
	uint64_t some_total_us, full_total_us;
};

struct cgroup_stats {
	int version;
	uint64_t v[CG_COUNT];
	uint64_t present;       /* bit per enum cg_field */
	bool limit_is_max;      /* no limit ("max" / PAGE_COUNTER_MAX) */
	struct cgroup_psi psi;
	pid_t *procs;           /* every process in it and below */
	size_t nprocs;
};

static inline bool cg_has(const struct cgroup_stats *s, enum cg_field f)
{
	return (s->present >> f) & 1;
}

const char *cg_field_name(enum cg_field f);

/* Kernel memory charged to the cgroup: v2's "kernel" (5.18+), else the sum
 * of its parts (stacks, page tables, slab, sockets, percpu), else (v1
 * without kmem accounting) usage - anon - file, with *DERIVED set. */
uint64_t cgroup_kernel_bytes(const struct cgroup_stats *s, bool *derived);

/* Reads ROOT/proc/self/mountinfo.  0, or -ENOENT if there is no memory
 * cgroup mount at all. */
int cgroup_mounts_read(const char *root, struct cgroup_mounts *m);

/* The memory cgroup of PID from ROOT/proc/PID/cgroup. */
int cgroup_of_pid(const char *root, const struct cgroup_mounts *m, pid_t pid, struct cgroup_ref *ref);

/* A path under a cgroup mount ("/sys/fs/cgroup/memory/docker/ID") or a
 * cgroup path relative to one ("docker/ID", "/system.slice/x.scope").
 * -ENOENT: no such directory; -ENOTDIR: not a cgroup; -ENOMEDIUM: a cgroup
 * without the memory controller. */
int cgroup_resolve_path(const char *root, const struct cgroup_mounts *m, const char *arg, struct cgroup_ref *ref);

/* Is the cgroup's directory still there?  A cgroup removed while its
 * files are read fails in more ways than ENOENT (kernfs answers ENODEV
 * on a file opened before the rmdir; a file gone between two reads
 * leaves the stats without their usage), so a failed read asks this. */
bool cgroup_exists(const struct cgroup_ref *ref);

/* Containers whose id starts with ID_PREFIX, found by directory names:
 * docker/<id>, <cgroup-parent>/<64 hex id>, docker-<id>.scope,
 * cri-containerd-<id>.scope, crio-<id>.scope, crio-<id>,
 * libpod-<id>.scope, libpod-<id> (Podman's cgroupfs manager), kubepods
 * .../pod<uid>/<id>; never the conmon cgroups beside them.
 * Returns the number of distinct containers (refs allocated in *OUT). */
struct cgroup_match {
	struct cgroup_ref ref;
	char id[80];
	const char *runtime; /* "docker", "containerd", "cri-o", "podman", "kubepods" */
};
int cgroup_find_container(const char *root, const struct cgroup_mounts *m, const char *id_prefix,
			  struct cgroup_match **out);

/* The container id in a cgroup directory NAME whose parent directory is
 * PARENT, by runtime layout (see above); NULL when it names none.  *IDLEN
 * and *RUNTIME are set when it does. */
const char *cgroup_container_id(const char *name, const char *parent, size_t *idlen, const char **runtime);

/* The container a cgroup PATH belongs to: the deepest path component
 * that names one.  Writes its id into ID and returns ID, with *RUNTIME
 * set; NULL when no component names a container. */
const char *cgroup_path_container(const char *path, char *id, size_t idsz, const char **runtime);

/* Every memory cgroup below the mount of the memory controller (v1 on a
 * hybrid host), depth first, at most MAX (the mount's own top is not
 * listed), with the container id and runtime where the directory name
 * says one (ID "" and RUNTIME NULL otherwise).  Returns the count; *OUT is
 * allocated. */
int cgroup_list(const char *root, const struct cgroup_mounts *m, int max, struct cgroup_match **out);

/* Reads the memory.* files of REF, and with WITH_PROCS the pids of every
 * process in it and below.  Returns 0 or -errno (missing optional files are
 * simply absent from `present`). */
int cgroup_stats_read(const struct cgroup_ref *ref, struct cgroup_stats *s, bool with_procs);
void cgroup_stats_free(struct cgroup_stats *s);

/* One process of the cgroup, from status and smaps_rollup. */
struct cg_proc {
	pid_t pid;
	char comm[64];        /* raw */
	bool rollup;          /* smaps_rollup was readable */
	int err;              /* -errno when even status failed (gone) */
	uint64_t rss, anon, file, shmem, swap; /* status (RssAnon/RssFile/RssShmem) */
	uint64_t pss, uss, lazyfree;           /* rollup, when readable */
	bool lazyfree_known;
};

/* Reads every process in S->procs (ROOT/proc/PID/...).  Returns the count
 * read (processes that exited meanwhile are left out). */
size_t cgroup_read_processes(const char *root, const struct cgroup_stats *s, struct cg_proc **out);

#endif
