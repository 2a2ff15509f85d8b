#include "config.h"
#include "cgroup-target.h"
#include "escape.h"
#include "memtrace.h"
#include "source-proc.h"
#include "source-runtimeapi.h"
#include "util.h"

#include <ctype.h>
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

static bool is_hex(const char *s)
{
	return strlen(s) >= 2 && strspn(s, "0123456789abcdefABCDEF") == strlen(s);
}

/* A name Docker and Podman accept: [a-zA-Z0-9][a-zA-Z0-9_.-]+ (Docker's
 * daemon/names validation; Podman uses the same), with the leading '/'
 * the Docker API puts before names allowed. */
static bool is_container_name(const char *s)
{
	if (*s == '/')
		s++;
	if (!isalnum((unsigned char)s[0]) || strlen(s) > 200)
		return false;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.' && *s != '-')
			return false;
	return true;
}

/* Why the API at a socket gave no id, in words (no exit: the caller
 * decides, as another socket may still know the name). */
static void api_error(const char *sock, int rc, int status, const char *e)
{
	char *s = escape_dup(sock, strlen(sock));

	switch (-rc) {
	case ETIMEDOUT:
		err_msg("the container runtime at %s gave no whole answer within %.0f s (timed out): is the daemon hung?",
			s, RTAPI_TIMEOUT);
		break;
	case EPROTO:
		err_msg("the answer of %s is not an HTTP response: is it a Docker or Podman API socket?", s);
		break;
	case EREMOTEIO:
		err_msg("the container runtime at %s answered HTTP %d to the lookup of '%s'", s, status, e);
		break;
	case EBADMSG:
		err_msg("the container runtime at %s answered the lookup of '%s' with a body that is not JSON", s, e);
		break;
	case ENOMSG:
		err_msg("the container runtime at %s answered the lookup of '%s' without a container \"Id\"", s, e);
		break;
	case E2BIG:
		err_msg("the answer of %s is larger than memtrace reads (64 KiB of headers, 1 MiB of body)", s);
		break;
	default:
		err_msg("cannot ask the container runtime at %s: %s", s, strerror(-rc));
	}
	free(s);
}

/* Asks each reachable runtime socket for the container named T->container
 * (a 404 passes to the next: Docker and Podman may both run).  0 with its
 * id, or an exit code after printing why. */
static int lookup_name(const struct cgroup_target *t, const char *e, char *id, size_t idsz,
		       const struct cgroup_mounts *mounts, bool id_searched)
{
	const char *socks[RTAPI_SOCKETS];
	char tried[1024] = "", asked[1024] = "";
	int n = rtapi_socket_list(t->socket, socks, (int)ARRAY_SIZE(socks)), status;

	for (int i = 0; i < n; i++) {
		char *s = escape_dup(socks[i], strlen(socks[i]));
		int fd = rtapi_connect(socks[i]), rc;
		size_t len;

		if (fd < 0) {
			len = strlen(tried);
			snprintf(tried + len, sizeof(tried) - len, "%s%s (%s)", len ? ", " : "", s, strerror(-fd));
			free(s);
			continue;
		}
		rc = rtapi_lookup_name(fd, t->container, id, idsz, &status);
		if (rc == 0) {
			free(s);
			return 0;
		}
		len = strlen(asked);
		snprintf(asked + len, sizeof(asked) - len, "%s%s", len ? ", " : "", s);
		free(s);
		if (rc != -ENOENT) {
			api_error(socks[i], rc, status, e);
			return EXIT_RUNTIME;
		}
	}
	if (!asked[0] && id_searched) {
		char w[2 * CG_PATH_MAX + 64];
		where(mounts, w, sizeof(w));
		err_msg("no container with id '%s' (searched the Docker, containerd/CRI, CRI-O and Podman cgroup "
			"layouts under %s), and no container runtime socket reachable to look it up as a name "
			"(tried %s; --socket PATH)",
			e, w, tried[0] ? tried : "no socket");
		return EXIT_TARGET;
	}
	if (!asked[0]) {
		err_msg("no container runtime socket reachable to look up the name '%s'; use the container id, or --socket "
			"PATH (tried %s)",
			e, tried[0] ? tried : "no socket");
		return EXIT_RUNTIME;
	}
	err_msg("no container named '%s' (asked %s)", e, asked);
	return EXIT_TARGET;
}

static int report_matches(const char *e, struct cgroup_match *m, int n, const struct cgroup_mounts *mounts,
			  const char *name)
{
	char w[2 * CG_PATH_MAX + 64];

	where(mounts, w, sizeof(w));
	if (n == 0 && name) {
		err_msg("container '%s' is %.12s, but it has no cgroup under %s: is it running?", name, e, w);
		return EXIT_TARGET;
	}
	if (n == 0) {
		err_msg("no container with id '%s' (searched the Docker, containerd/CRI, CRI-O and Podman cgroup "
			"layouts under %s)",
			e, w);
		return EXIT_TARGET;
	}
	err_msg("container id '%s' matches %d containers; give more of the id:", e, n);
	for (int i = 0; i < n; i++) {
		char *p = escape_dup(m[i].ref.path, strlen(m[i].ref.path));
		fprintf(stderr, "  %-12.12s  %-10s %s\n", m[i].id, m[i].runtime, p);
		free(p);
	}
	return EXIT_USAGE;
}

/* --container: an id prefix found in the cgroup layouts first when it is
 * hexadecimal; else, or when no cgroup has that id, a name the runtime's
 * API turns into an id. */
static int resolve_container(const struct cgroup_target *t, struct cgroup_resolved *r)
{
	struct cgroup_match *m = NULL;
	char *e = escape_dup(t->container, strlen(t->container)), id[RTAPI_ID_MAX];
	const char *want = t->container;
	bool by_name = false;
	int n = 0, rc = 0;

	if (!is_hex(want) && !is_container_name(want)) {
		err_msg("'%s' is neither a container id (hexadecimal, as docker ps or crictl ps show) nor a container name "
			"(a letter or digit, then letters, digits, '_', '.' or '-', as Docker and Podman allow)",
			e);
		free(e);
		return EXIT_USAGE;
	}
	if (is_hex(want))
		n = cgroup_find_container(g.proc_root, &r->mounts, want, &m);
	if (n == 0) {
		/* a hex argument no cgroup has may still be a name */
		rc = lookup_name(t, e, id, sizeof(id), &r->mounts, is_hex(want));
		if (rc)
			goto out;
		free(m);
		m = NULL;
		by_name = true;
		n = cgroup_find_container(g.proc_root, &r->mounts, id, &m);
	}
	if (n != 1) {
		rc = report_matches(by_name ? id : e, m, n, &r->mounts, by_name ? e : NULL);
		goto out;
	}
	r->ref = m[0].ref;
	snprintf(r->container_id, sizeof(r->container_id), "%s", m[0].id);
	r->runtime = m[0].runtime;
	if (by_name)
		snprintf(r->container_name, sizeof(r->container_name), "%s", t->container);
out:
	free(e);
	free(m);
	return rc;
}

int cgroup_container_id_of(const char *arg, const char *socket, char *id, size_t idsz)
{
	struct cgroup_target t = { .container = arg, .socket = socket };
	char *e;
	int rc;

	if (is_hex(arg)) {
		snprintf(id, idsz, "%s", arg);
		return 0;
	}
	e = escape_dup(arg, strlen(arg));
	if (!is_container_name(arg)) {
		err_msg("--container '%s': neither a container id (hexadecimal) nor a container name", e);
		rc = EXIT_USAGE;
	} else {
		rc = lookup_name(&t, e, id, idsz, NULL, false);
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
	return resolve_container(t, r);
}
