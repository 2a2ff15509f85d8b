#include "config.h"
#include "cgroup-target.h"
#include "escape.h"
#include "memtrace.h"
#include "source-proc.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void where(const struct cgroup_mounts *m, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s", m->has_v1 ? m->v1 : "", m->has_v1 ? " (v1 memory)" : "",
		 m->has_v1 && m->has_v2 ? " and " : "", m->has_v2 ? m->v2 : "", m->has_v2 ? " (v2)" : "");
}

static int path_error(const char *arg, int rc, const struct cgroup_mounts *m)
{
	char w[2 * CG_PATH_MAX + 64];
	char *e = escape_dup(arg, strlen(arg));

	where(m, w, sizeof(w));
	switch (-rc) {
	case ENOENT:
		err_msg("no cgroup '%s' (looked under %s)", e, w);
		rc = EXIT_TARGET;
		break;
	case ENOTDIR:
		err_msg("'%s' is not a cgroup: it has no cgroup.procs", e);
		rc = EXIT_USAGE;
		break;
	case ENOMEDIUM:
		err_msg("cgroup '%s' has no memory controller: no memory.stat there (on cgroup v2, enable it with "
			"'+memory' in the parent's cgroup.subtree_control)",
			e);
		rc = EXIT_USAGE;
		break;
	case EACCES:
	case EPERM:
		err_msg("cannot read cgroup '%s': %s", e, strerror(-rc));
		rc = EXIT_DENIED;
		break;
	default:
		err_msg("cannot use cgroup '%s': %s", e, strerror(-rc));
		rc = EXIT_RUNTIME;
	}
	free(e);
	return rc;
}

int cgroup_target_resolve(const struct cgroup_target *t, struct cgroup_resolved *r)
{
	int n = !!t->path + !!t->container + !!t->process, rc;

	memset(r, 0, sizeof(*r));
	if (n != 1) {
		err_msg(n ? "give only one of --cgroup, --container and --pid"
			  : "which cgroup? give --cgroup PATH, --container ID or --pid PID");
		return EXIT_USAGE;
	}
	rc = cgroup_mounts_read(g.proc_root, &r->mounts);
	if (rc) {
		err_msg("no memory cgroup is mounted (looked for cgroup and cgroup2 mounts in %s/proc/self/mountinfo)",
			strcmp(g.proc_root, "/") ? g.proc_root : "");
		return EXIT_RUNTIME;
	}
	if (t->path) {
		rc = cgroup_resolve_path(g.proc_root, &r->mounts, t->path, &r->ref);
		if (rc)
			return path_error(t->path, rc, &r->mounts);
		cgroup_path_container(r->ref.path, r->container_id, sizeof(r->container_id), &r->runtime);
		return 0;
	}
	if (t->process) {
		pid_t pid;
		rc = target_resolve(t->process, &pid);
		if (rc)
			return rc;
		rc = cgroup_of_pid(g.proc_root, &r->mounts, pid, &r->ref);
		if (rc == -ENOENT && !proc_pid_exists(g.proc_root, pid)) {
			err_msg("no process with PID %d", (int)pid);
			return EXIT_TARGET;
		}
		if (rc) {
			char label[64];
			snprintf(label, sizeof(label), "of pid %d", (int)pid);
			return path_error(r->ref.path[0] ? r->ref.path : label, rc, &r->mounts);
		}
		/* name the runtime of the cgroup the process is in, when its
		 * path says one */
		cgroup_path_container(r->ref.path, r->container_id, sizeof(r->container_id), &r->runtime);
		return 0;
	}
	{
		struct cgroup_match *m;
		char w[2 * CG_PATH_MAX + 64];
		char *e = escape_dup(t->container, strlen(t->container));

		if (strlen(t->container) < 2 || strspn(t->container, "0123456789abcdefABCDEF") != strlen(t->container)) {
			err_msg("'%s' is not a container id (hexadecimal, as docker ps or crictl ps show)", e);
			free(e);
			return EXIT_USAGE;
		}
		n = cgroup_find_container(g.proc_root, &r->mounts, t->container, &m);
		where(&r->mounts, w, sizeof(w));
		if (n == 0) {
			err_msg("no container with id '%s' (searched the Docker, containerd/CRI, CRI-O and Podman cgroup "
				"layouts under %s)",
				e, w);
			free(e);
			free(m);
			return EXIT_TARGET;
		}
		if (n > 1) {
			err_msg("container id '%s' matches %d containers; give more of the id:", e, n);
			for (int i = 0; i < n; i++) {
				char *p = escape_dup(m[i].ref.path, strlen(m[i].ref.path));
				fprintf(stderr, "  %-12.12s  %-10s %s\n", m[i].id, m[i].runtime, p);
				free(p);
			}
			free(e);
			free(m);
			return EXIT_USAGE;
		}
		r->ref = m[0].ref;
		snprintf(r->container_id, sizeof(r->container_id), "%s", m[0].id);
		r->runtime = m[0].runtime;
		free(e);
		free(m);
		return 0;
	}
}
