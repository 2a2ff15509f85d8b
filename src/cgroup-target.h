/* Turns --cgroup PATH, --container ID or --pid PID|NAME into a memory
 * cgroup, printing a clear error (with the path or where it looked) when it
 * cannot.  Shared by `cgroup` and `watch --cgroup/--container`.  A
 * container is found by id prefix in the cgroup layouts, or by name
 * through the runtime's API (source-runtimeapi.h). */
#ifndef MEMTRACE_CGROUP_TARGET_H
#define MEMTRACE_CGROUP_TARGET_H

#include "source-cgroup.h"

struct cgroup_target {
	const char *path;      /* --cgroup */
	const char *container; /* --container */
	const char *process;   /* --pid (a PID or a name) */
	const char *socket;    /* --socket: the runtime API to ask for names */
};

struct cgroup_resolved {
	struct cgroup_mounts mounts;
	struct cgroup_ref ref;
	char container_id[80];
	char container_name[256]; /* "" unless found by name through the API */
	const char *runtime; /* NULL unless a container (by id, or by --pid's cgroup path) */
};

/* 0, or an exit code after printing why. */
int cgroup_target_resolve(const struct cgroup_target *t, struct cgroup_resolved *r);

/* `export --container`: ARG as the id prefix to match cgroups against.
 * Hexadecimal stays as it is (an id prefix, even for a container that is
 * not running yet); a name is asked of the runtime's API (SOCKET, or the
 * sockets of source-runtimeapi.h) and its full id copied into ID.  0, or
 * an exit code after printing why. */
int cgroup_container_id_of(const char *arg, const char *socket, char *id, size_t idsz);

#endif
