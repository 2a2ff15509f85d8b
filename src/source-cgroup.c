#include "config.h"
#include "source-cgroup.h"
#include "source-proc.h"
#include "source-smaps.h"
#include "source-status.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* v1 prints "no limit" as PAGE_COUNTER_MAX pages in bytes; anything this
 * large is no limit. */
#define CG_NO_LIMIT (1ull << 62)
#define WALK_DEPTH_MAX 12

static const char *const field_names[CG_COUNT] = {
	[CG_USAGE] = "usage",
	[CG_LIMIT] = "limit",
	[CG_HIGH] = "high",
	[CG_PEAK] = "peak",
	[CG_SWAP] = "swap",
	[CG_SWAP_LIMIT] = "swap_limit",
	[CG_ANON] = "anon",
	[CG_ANON_THP] = "anon_thp",
	[CG_FILE] = "file",
	[CG_ACTIVE_FILE] = "active_file",
	[CG_INACTIVE_FILE] = "inactive_file",
	[CG_ACTIVE_ANON] = "active_anon",
	[CG_INACTIVE_ANON] = "inactive_anon",
	[CG_FILE_MAPPED] = "file_mapped",
	[CG_FILE_DIRTY] = "file_dirty",
	[CG_FILE_WRITEBACK] = "file_writeback",
	[CG_SHMEM] = "shmem",
	[CG_UNEVICTABLE] = "unevictable",
	[CG_KERNEL] = "kernel",
	[CG_KERNEL_STACK] = "kernel_stack",
	[CG_PAGETABLES] = "pagetables",
	[CG_SLAB_RECLAIMABLE] = "slab_reclaimable",
	[CG_SLAB_UNRECLAIMABLE] = "slab_unreclaimable",
	[CG_SOCK] = "sock",
	[CG_PERCPU] = "percpu",
	[CG_FAILCNT] = "failcnt",
	[CG_EV_LOW] = "events_low",
	[CG_EV_HIGH] = "events_high",
	[CG_EV_MAX] = "events_max",
	[CG_EV_OOM] = "events_oom",
	[CG_EV_OOM_KILL] = "oom_kill",
	[CG_UNDER_OOM] = "under_oom",
	[CG_PGLAZYFREE] = "pglazyfree",
	[CG_PGLAZYFREED] = "pglazyfreed",
};

const char *cg_field_name(enum cg_field f)
{
	return f < CG_COUNT ? field_names[f] : "?";
}

/* mountinfo escapes space, tab, newline and backslash as \ooo */
static void unescape_octal(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' && s[3] >= '0' &&
		    s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*d++ = *s;
		}
	}
	*d = '\0';
}

static bool has_option(const char *opts, const char *want)
{
	size_t n = strlen(want);

	for (const char *p = opts; (p = strstr(p, want)); p += n)
		if ((p == opts || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

int cgroup_mounts_read(const char *root, struct cgroup_mounts *m)
{
	char *text, *line, *save = NULL;
	size_t len;
	int rc = proc_read_file(root, -1, "proc/self/mountinfo", &text, &len);

	memset(m, 0, sizeof(*m));
	if (rc)
		return rc;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS */
		char mnt[CG_PATH_MAX], mroot[CG_PATH_MAX], fstype[64], super[512];
		const char *sep = strstr(line, " - ");

		if (!sep || sscanf(line, "%*s %*s %*s %1023s %1023s", mroot, mnt) != 2 ||
		    sscanf(sep + 3, "%63s %*s %511s", fstype, super) != 2)
			continue;
		unescape_octal(mnt);
		unescape_octal(mroot);
		if (strcmp(fstype, "cgroup") == 0 && has_option(super, "memory") && !m->has_v1) {
			m->has_v1 = true;
			snprintf(m->v1, sizeof(m->v1), "%s", mnt);
			snprintf(m->v1_root, sizeof(m->v1_root), "%s", mroot);
		} else if (strcmp(fstype, "cgroup2") == 0 && !m->has_v2) {
			m->has_v2 = true;
			snprintf(m->v2, sizeof(m->v2), "%s", mnt);
			snprintf(m->v2_root, sizeof(m->v2_root), "%s", mroot);
		}
	}
	free(text);
	return m->has_v1 || m->has_v2 ? 0 : -ENOENT;
}

static int make_ref(const char *root, const char *mount, int version, const char *path, struct cgroup_ref *ref)
{
	char joined[3 * CG_PATH_MAX];
	const char *p = path;
	size_t n;

	while (*p == '/')
		p++;
	memset(ref, 0, sizeof(*ref));
	ref->version = version;
	snprintf(ref->path, sizeof(ref->path), "/%s", p);
	n = strlen(ref->path);
	while (n > 1 && ref->path[n - 1] == '/')
		ref->path[--n] = '\0';
	snprintf(joined, sizeof(joined), "%s%s", mount, ref->path[1] ? ref->path : "");
	return proc_path(ref->dir, sizeof(ref->dir), root, -1, joined[0] == '/' ? joined + 1 : joined);
}

static bool file_exists(const char *dir, const char *file)
{
	char path[2 * CG_PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return stat(path, &st) == 0;
}

static int check_ref(const struct cgroup_ref *ref)
{
	struct stat st;

	if (stat(ref->dir, &st) != 0)
		return -errno;
	if (!S_ISDIR(st.st_mode) || !file_exists(ref->dir, "cgroup.procs"))
		return -ENOTDIR;
	if (!file_exists(ref->dir, "memory.stat"))
		return -ENOMEDIUM;
	return 0;
}

/* /proc/PID/cgroup paths are relative to the hierarchy's top; a mount that
 * shows only a subtree (mountinfo's root field, e.g. /docker/<id> inside a
 * container without a cgroup namespace) holds that subtree at its mount
 * point. */
static const char *below_mount_root(const char *path, const char *mroot)
{
	size_t n = strlen(mroot);

	if (n <= 1 || strncmp(path, mroot, n) != 0 || (path[n] != '/' && path[n] != '\0'))
		return path;
	return path + n;
}

int cgroup_of_pid(const char *root, const struct cgroup_mounts *m, pid_t pid, struct cgroup_ref *ref)
{
	char *text, *line, *save = NULL;
	char v1path[CG_PATH_MAX] = "", v2path[CG_PATH_MAX] = "";
	bool have_v1 = false, have_v2 = false;
	size_t len;
	int rc = proc_read_file(root, pid, "cgroup", &text, &len);

	if (rc)
		return rc;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* hierarchy-ID:controller-list:cgroup-path */
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c2 = '\0';
		if (c1 - line == 1 && line[0] == '0' && c1[1] == '\0') { /* "0::/path": cgroup v2 */
			snprintf(v2path, sizeof(v2path), "%s", c2 + 1);
			have_v2 = true;
		} else if (has_option(c1 + 1, "memory")) {
			snprintf(v1path, sizeof(v1path), "%s", c2 + 1);
			have_v1 = true;
		}
	}
	free(text);
	if (have_v1 && m->has_v1)
		rc = make_ref(root, m->v1, 1, below_mount_root(v1path, m->v1_root), ref);
	else if (have_v2 && m->has_v2)
		rc = make_ref(root, m->v2, 2, below_mount_root(v2path, m->v2_root), ref);
	else
		return -ENOENT;
	return rc ? rc : check_ref(ref);
}

int cgroup_resolve_path(const char *root, const struct cgroup_mounts *m, const char *arg, struct cgroup_ref *ref)
{
	const struct {
		bool has;
		const char *mount;
		int version;
	} mounts[2] = { { m->has_v1, m->v1, 1 }, { m->has_v2, m->v2, 2 } };
	int rc = -ENOENT, first = -ENOENT;

	/* a path under a mount point */
	for (int i = 0; i < 2; i++) {
		size_t n = strlen(mounts[i].mount);
		if (mounts[i].has && strncmp(arg, mounts[i].mount, n) == 0 && (arg[n] == '/' || arg[n] == '\0')) {
			rc = make_ref(root, mounts[i].mount, mounts[i].version, arg + n, ref);
			return rc ? rc : check_ref(ref);
		}
	}
	/* a cgroup path: the memory controller's hierarchy first */
	for (int i = 0; i < 2; i++) {
		if (!mounts[i].has)
			continue;
		rc = make_ref(root, mounts[i].mount, mounts[i].version, arg, ref);
		if (rc == 0)
			rc = check_ref(ref);
		if (rc == 0)
			return 0;
		if (first == -ENOENT)
			first = rc;
	}
	return first;
}

/* ---- container search ---- */

static bool is_hex_id(const char *s, size_t n)
{
	if (n < 12)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Directory names that carry a container id, by runtime.  The ".scope"
 * forms are the systemd cgroup drivers (docker-<id>.scope,
 * cri-containerd-<id>.scope, crio-<id>.scope, libpod-<id>.scope); the bare
 * forms the cgroupfs drivers: Podman's cgroupfs manager makes
 * libpod_parent/libpod-<id> (or <--cgroup-parent>/libpod-<id>) without
 * ".scope", CRI-O's cgroupfs manager crio-<id>.  The monitors beside them
 * (libpod-conmon-<id>.scope, crio-conmon-<id>.scope, libpod_parent/conmon)
 * are not containers: "conmon-<id>" is not a hex id, so they never match. */
static const char *prefixed_id(const char *name, size_t n, size_t *idlen, const char **runtime)
{
	static const struct {
		const char *prefix, *runtime;
		bool bare; /* also without ".scope" (cgroupfs driver) */
	} forms[] = {
		{ "docker-", "docker", false },
		{ "cri-containerd-", "containerd", false },
		{ "crio-", "cri-o", true },
		{ "libpod-", "podman", true },
	};

	for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
		size_t p = strlen(forms[i].prefix);
		bool scope = n > p + 6 && strcmp(name + n - 6, ".scope") == 0;

		if (n <= p || strncmp(name, forms[i].prefix, p) != 0 || (!scope && !forms[i].bare))
			continue;
		if (is_hex_id(name + p, n - p - (scope ? 6 : 0))) {
			size_t len = n - p - (scope ? 6 : 0);
			*idlen = len;
			*runtime = forms[i].runtime;
			return name + p;
		}
	}
	return NULL;
}

const char *cgroup_container_id(const char *name, const char *parent, size_t *idlen, const char **runtime)
{
	size_t n = strlen(name);
	const char *id = prefixed_id(name, n, idlen, runtime);

	if (id)
		return id;
	if (!is_hex_id(name, n))
		return NULL;
	/* cgroupfs drivers: /docker/<id>, /kubepods/<qos>/pod<uid>/<id>,
	 * libpod_parent/<id> (Podman before 1.x) */
	if (strcmp(parent, "docker") == 0 || strncmp(parent, "pod", 3) == 0 || strcmp(parent, "libpod_parent") == 0) {
		*idlen = n;
		*runtime = strcmp(parent, "docker") == 0 ? "docker" : strncmp(parent, "pod", 3) == 0 ? "kubepods" : "podman";
		return name;
	}
	/* Docker's cgroupfs driver with --cgroup-parent P puts a container in
	 * P/<64 hex> whatever P is called; only a full 64-digit id counts
	 * there, so a short hex directory name elsewhere is not taken. */
	if (n == 64) {
		*idlen = n;
		*runtime = "docker";
		return name;
	}
	return NULL;
}

const char *cgroup_path_container(const char *path, char *id, size_t idsz, const char **runtime)
{
	char buf[CG_PATH_MAX];
	char *end;

	snprintf(buf, sizeof(buf), "%s", path);
	/* the deepest component that names a container: a process may sit in
	 * a cgroup below its container's (Podman's split "container" child) */
	while ((end = strrchr(buf, '/'))) {
		const char *name = end + 1, *parent;
		size_t idlen;
		const char *found;

		*end = '\0';
		parent = strrchr(buf, '/');
		parent = parent ? parent + 1 : buf;
		found = *name ? cgroup_container_id(name, parent, &idlen, runtime) : NULL;
		if (found) {
			snprintf(id, idsz, "%.*s", (int)idlen, found);
			return id;
		}
	}
	return NULL;
}

struct walk {
	const char *root, *mount;
	int version;
	const char *prefix; /* containers whose id starts with it; NULL: every cgroup */
	int max;            /* with PREFIX NULL: at most this many */
	struct cgroup_match *out;
	int n;
};

static void walk_add(struct walk *w, const struct cgroup_ref *ref, const char *id, size_t idlen, const char *runtime)
{
	w->out = xrealloc(w->out, (size_t)(w->n + 1) * sizeof(*w->out));
	w->out[w->n].ref = *ref;
	snprintf(w->out[w->n].id, sizeof(w->out[w->n].id), "%.*s", (int)idlen, id ? id : "");
	w->out[w->n].runtime = runtime;
	w->n++;
}

static void walk_dir(struct walk *w, const char *rel, const char *parent, int depth)
{
	char dirpath[3 * CG_PATH_MAX];
	struct dirent *de;
	DIR *d;

	snprintf(dirpath, sizeof(dirpath), "%s%s", w->mount, rel);
	{
		char full[4 * CG_PATH_MAX];
		if (proc_path(full, sizeof(full), w->root, -1, dirpath[0] == '/' ? dirpath + 1 : dirpath))
			return;
		d = opendir(full);
	}
	if (!d)
		return;
	(void)parent;
	while ((de = readdir(d))) {
		char child[CG_PATH_MAX];
		const char *id, *runtime;
		size_t idlen;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(child, sizeof(child), "%s/%s", rel, de->d_name) >= sizeof(child))
			continue;
		{
			const char *pname = strrchr(rel, '/');
			pname = pname ? pname + 1 : rel;
			id = cgroup_container_id(de->d_name, pname, &idlen, &runtime);
		}
		if (!w->prefix) {
			struct cgroup_ref ref;
			if (w->n >= w->max)
				break;
			if (make_ref(w->root, w->mount, w->version, child, &ref) == 0 && check_ref(&ref) == 0)
				walk_add(w, &ref, id, id ? idlen : 0, id ? runtime : NULL);
		} else if (id && strlen(w->prefix) <= idlen && strncasecmp(id, w->prefix, strlen(w->prefix)) == 0) {
			struct cgroup_ref ref;
			bool dup = false;
			if (make_ref(w->root, w->mount, w->version, child, &ref) == 0 && check_ref(&ref) == 0) {
				for (int i = 0; i < w->n; i++)
					if (strlen(w->out[i].id) == idlen && strncmp(w->out[i].id, id, idlen) == 0)
						dup = true;
				if (!dup)
					walk_add(w, &ref, id, idlen, runtime);
			}
		}
		if (depth < WALK_DEPTH_MAX && (w->prefix || w->n < w->max))
			walk_dir(w, child, de->d_name, depth + 1);
	}
	closedir(d);
}

int cgroup_find_container(const char *root, const struct cgroup_mounts *m, const char *id_prefix,
			  struct cgroup_match **out)
{
	struct walk w = { .root = root, .prefix = id_prefix };

	if (m->has_v1) {
		w.mount = m->v1;
		w.version = 1;
		walk_dir(&w, "", "", 0);
	}
	if (m->has_v2) {
		w.mount = m->v2;
		w.version = 2;
		walk_dir(&w, "", "", 0);
	}
	*out = w.out;
	return w.n;
}

int cgroup_list(const char *root, const struct cgroup_mounts *m, int max, struct cgroup_match **out)
{
	struct walk w = { .root = root, .prefix = NULL, .max = max };

	/* the hierarchy that has the memory controller: v1 on a hybrid host */
	w.mount = m->has_v1 ? m->v1 : m->v2;
	w.version = m->has_v1 ? 1 : 2;
	if (m->has_v1 || m->has_v2)
		walk_dir(&w, "", "", 0);
	*out = w.out;
	return w.n;
}

/* ---- memory.* files ---- */

static int read_text(const struct cgroup_ref *ref, const char *file, char **text)
{
	char path[2 * CG_PATH_MAX];
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", ref->dir, file);
	return read_file_path(path, text, &len);
}

static void set(struct cgroup_stats *s, enum cg_field f, uint64_t v)
{
	s->v[f] = v;
	s->present |= 1ull << f;
}

/* A file holding one number, or "max". */
static void read_value(const struct cgroup_ref *ref, const char *file, struct cgroup_stats *s, enum cg_field f)
{
	char *text, *end;
	unsigned long long v;

	if (read_text(ref, file, &text))
		return;
	if (strncmp(text, "max", 3) == 0) {
		set(s, f, UINT64_MAX);
	} else {
		errno = 0;
		v = strtoull(text, &end, 10);
		if (!errno && end != text)
			set(s, f, v >= CG_NO_LIMIT ? UINT64_MAX : v);
	}
	free(text);
}

struct key_map {
	const char *key;
	enum cg_field f;
};

/* "key value" lines; returns -EINVAL for a line that is not that. */
static int read_keyed(const struct cgroup_ref *ref, const char *file, const struct key_map *map, size_t nmap,
		      struct cgroup_stats *s, bool required)
{
	char *text, *line, *save = NULL;
	int rc = read_text(ref, file, &text);

	if (rc)
		return required ? rc : 0;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[128], *end;
		const char *val;
		unsigned long long v;
		size_t klen = strcspn(line, " ");

		if (klen == 0 || klen >= sizeof(key) || line[klen] != ' ') {
			rc = -EINVAL;
			break;
		}
		memcpy(key, line, klen);
		key[klen] = '\0';
		val = line + klen + 1;
		errno = 0;
		v = strtoull(val, &end, 10);
		if (errno || end == val || (*end && *end != ' ')) {
			rc = -EINVAL;
			break;
		}
		for (size_t i = 0; i < nmap; i++)
			if (strcmp(map[i].key, key) == 0)
				set(s, map[i].f, v);
	}
	free(text);
	return rc;
}

static const struct key_map v1_stat[] = {
	/* hierarchical totals (this cgroup and its children) */
	{ "total_rss", CG_ANON },
	{ "total_rss_huge", CG_ANON_THP },
	{ "total_cache", CG_FILE },
	{ "total_active_file", CG_ACTIVE_FILE },
	{ "total_inactive_file", CG_INACTIVE_FILE },
	{ "total_active_anon", CG_ACTIVE_ANON },
	{ "total_inactive_anon", CG_INACTIVE_ANON },
	{ "total_mapped_file", CG_FILE_MAPPED },
	{ "total_dirty", CG_FILE_DIRTY },
	{ "total_writeback", CG_FILE_WRITEBACK },
	{ "total_shmem", CG_SHMEM },
	{ "total_unevictable", CG_UNEVICTABLE },
	/* MADV_FREE event counters (pages), hierarchical as well */
	{ "total_pglazyfree", CG_PGLAZYFREE },
	{ "total_pglazyfreed", CG_PGLAZYFREED },
};

static const struct key_map v2_stat[] = {
	{ "anon", CG_ANON },
	{ "anon_thp", CG_ANON_THP },
	{ "file", CG_FILE },
	{ "active_file", CG_ACTIVE_FILE },
	{ "inactive_file", CG_INACTIVE_FILE },
	{ "active_anon", CG_ACTIVE_ANON },
	{ "inactive_anon", CG_INACTIVE_ANON },
	{ "file_mapped", CG_FILE_MAPPED },
	{ "file_dirty", CG_FILE_DIRTY },
	{ "file_writeback", CG_FILE_WRITEBACK },
	{ "shmem", CG_SHMEM },
	{ "unevictable", CG_UNEVICTABLE },
	{ "kernel", CG_KERNEL },
	{ "kernel_stack", CG_KERNEL_STACK },
	{ "pagetables", CG_PAGETABLES },
	{ "slab_reclaimable", CG_SLAB_RECLAIMABLE },
	{ "slab_unreclaimable", CG_SLAB_UNRECLAIMABLE },
	{ "sock", CG_SOCK },
	{ "percpu", CG_PERCPU },
	{ "pglazyfree", CG_PGLAZYFREE },
	{ "pglazyfreed", CG_PGLAZYFREED },
};

static const struct key_map v2_events[] = {
	{ "low", CG_EV_LOW }, { "high", CG_EV_HIGH },         { "max", CG_EV_MAX },
	{ "oom", CG_EV_OOM }, { "oom_kill", CG_EV_OOM_KILL },
};

static const struct key_map v1_oom[] = {
	{ "under_oom", CG_UNDER_OOM },
	{ "oom_kill", CG_EV_OOM_KILL },
};


static void read_psi(const struct cgroup_ref *ref, struct cgroup_psi *p)
{
	char *text, *line, *save = NULL;

	memset(p, 0, sizeof(*p));
	if (read_text(ref, "memory.pressure", &text))
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		double a10, a60, a300;
		unsigned long long total;
		if (sscanf(line, "some avg10=%lf avg60=%lf avg300=%lf total=%llu", &a10, &a60, &a300, &total) == 4) {
			p->some_avg10 = a10, p->some_avg60 = a60, p->some_avg300 = a300, p->some_total_us = total;
			p->present = true;
		} else if (sscanf(line, "full avg10=%lf avg60=%lf avg300=%lf total=%llu", &a10, &a60, &a300, &total) == 4) {
			p->full_avg10 = a10, p->full_avg60 = a60, p->full_avg300 = a300, p->full_total_us = total;
		}
	}
	free(text);
}

static void collect_procs(const char *dir, struct cgroup_stats *s, size_t *cap, int depth)
{
	char path[2 * CG_PATH_MAX];
	struct dirent *de;
	FILE *f;
	DIR *d;
	long pid;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	if ((f = fopen(path, "re"))) {
		while (fscanf(f, "%ld", &pid) == 1) {
			if (s->nprocs == *cap) {
				*cap = *cap ? *cap * 2 : 16;
				s->procs = xrealloc(s->procs, *cap * sizeof(*s->procs));
			}
			s->procs[s->nprocs++] = (pid_t)pid;
		}
		fclose(f);
	}
	if (depth >= WALK_DEPTH_MAX || !(d = opendir(dir)))
		return;
	while ((de = readdir(d)))
		if (de->d_type == DT_DIR && de->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			collect_procs(path, s, cap, depth + 1);
		}
	closedir(d);
}

int cgroup_stats_read(const struct cgroup_ref *ref, struct cgroup_stats *s, bool with_procs)
{
	size_t cap = 0;
	int rc;

	memset(s, 0, sizeof(*s));
	s->version = ref->version;
	if (ref->version == 1) {
		rc = read_keyed(ref, "memory.stat", v1_stat, ARRAY_SIZE(v1_stat), s, true);
		if (rc)
			return rc;
		read_value(ref, "memory.usage_in_bytes", s, CG_USAGE);
		read_value(ref, "memory.limit_in_bytes", s, CG_LIMIT);
		read_value(ref, "memory.max_usage_in_bytes", s, CG_PEAK);
		read_value(ref, "memory.failcnt", s, CG_FAILCNT);
		read_value(ref, "memory.kmem.usage_in_bytes", s, CG_KERNEL);
		read_value(ref, "memory.memsw.limit_in_bytes", s, CG_SWAP_LIMIT);
		{
			struct cgroup_stats tmp = { 0 };
			read_value(ref, "memory.memsw.usage_in_bytes", &tmp, CG_USAGE);
			if (cg_has(&tmp, CG_USAGE) && cg_has(s, CG_USAGE))
				set(s, CG_SWAP, tmp.v[CG_USAGE] > s->v[CG_USAGE] ? tmp.v[CG_USAGE] - s->v[CG_USAGE] : 0);
		}
		read_keyed(ref, "memory.oom_control", v1_oom, ARRAY_SIZE(v1_oom), s, false);
	} else {
		rc = read_keyed(ref, "memory.stat", v2_stat, ARRAY_SIZE(v2_stat), s, true);
		if (rc)
			return rc;
		read_value(ref, "memory.current", s, CG_USAGE);
		read_value(ref, "memory.max", s, CG_LIMIT);
		read_value(ref, "memory.high", s, CG_HIGH);
		read_value(ref, "memory.peak", s, CG_PEAK);
		read_value(ref, "memory.swap.current", s, CG_SWAP);
		read_value(ref, "memory.swap.max", s, CG_SWAP_LIMIT);
		read_keyed(ref, "memory.events", v2_events, ARRAY_SIZE(v2_events), s, false);
		read_psi(ref, &s->psi);
	}
	s->limit_is_max = !cg_has(s, CG_LIMIT) || s->v[CG_LIMIT] == UINT64_MAX;
	if (!cg_has(s, CG_USAGE))
		return -ENODATA; /* nothing to free on an error (fuzzing found the pids leaked here) */
	if (with_procs)
		collect_procs(ref->dir, s, &cap, 0);
	return 0;
}

bool cgroup_exists(const struct cgroup_ref *ref)
{
	struct stat st;

	return stat(ref->dir, &st) == 0 && S_ISDIR(st.st_mode);
}

void cgroup_stats_free(struct cgroup_stats *s)
{
	free(s->procs);
	memset(s, 0, sizeof(*s));
}

size_t cgroup_read_processes(const char *root, const struct cgroup_stats *s, struct cg_proc **out)
{
	struct cg_proc *p = xcalloc(s->nprocs ? s->nprocs : 1, sizeof(*p));
	size_t n = 0;

	for (size_t i = 0; i < s->nprocs; i++) {
		struct proc_status st;
		struct mem_counters c;
		bool have = false;
		struct cg_proc *x = &p[n];

		if (status_read(root, s->procs[i], &st) != 0 || !status_has_mm(&st))
			continue; /* exited, or a kernel thread/zombie: no memory */
		memset(x, 0, sizeof(*x));
		x->pid = s->procs[i];
		snprintf(x->comm, sizeof(x->comm), "%s", st.name);
		x->rss = st.v[ST_VM_RSS];
		x->anon = st.v[ST_RSS_ANON];
		x->file = st.v[ST_RSS_FILE];
		x->shmem = st.v[ST_RSS_SHMEM];
		x->swap = st.v[ST_VM_SWAP];
		if (smaps_read_rollup(root, x->pid, &c, &have) == 0 && have) {
			x->rollup = true;
			x->rss = c.v[MC_RSS];
			x->anon = c.v[MC_ANONYMOUS];
			x->pss = c.v[MC_PSS];
			x->uss = mc_uss(&c);
			x->swap = c.v[MC_SWAP];
			x->lazyfree_known = mc_has(&c, MC_LAZYFREE);
			x->lazyfree = c.v[MC_LAZYFREE];
		}
		n++;
	}
	*out = p;
	return n;
}

uint64_t cgroup_kernel_bytes(const struct cgroup_stats *s, bool *derived)
{
	static const enum cg_field parts[] = { CG_KERNEL_STACK, CG_PAGETABLES, CG_SLAB_RECLAIMABLE,
					       CG_SLAB_UNRECLAIMABLE, CG_SOCK, CG_PERCPU };
	uint64_t sum = 0, pages = s->v[CG_ANON] + s->v[CG_FILE];
	bool any = false;

	*derived = false;
	if (cg_has(s, CG_KERNEL))
		return s->v[CG_KERNEL];
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		if (cg_has(s, parts[i])) {
			sum += s->v[parts[i]];
			any = true;
		}
	if (any)
		return sum;
	*derived = true;
	return s->v[CG_USAGE] > pages ? s->v[CG_USAGE] - pages : 0;
}
