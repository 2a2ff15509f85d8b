#include "config.h"
#include "source-snapshot.h"
#include "source-status.h"
#include "source-proc.h"
#include "source-procps.h"
#include "source-runtime.h"
#include "source-smaps.h"
#include "source-system.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct take_ctx {
	struct snapshot *s;
	struct region_prev prev;
};

static int on_mapping(void *arg, const struct smaps_mapping *m)
{
	struct take_ctx *c = arg;
	enum region_class cls = region_classify(m, &c->prev);

	region_prev_update(&c->prev, m);
	runtime_note_mapping(&c->s->rt, m, cls);
	snapshot_add_mapping(c->s, m, cls);
	return 0;
}

static int set_error(struct snapshot_error *e, enum snapshot_failure kind, int err, const char *root,
		     pid_t pid, const char *file)
{
	e->kind = kind;
	e->err = err;
	proc_path(e->path, sizeof(e->path), root, pid, file);
	return err ? err : -EIO;
}

static void read_cmdline(const char *root, struct snapshot *s)
{
	char *text;
	size_t len, argc = 0;

	if (proc_read_file(root, s->pid, "cmdline", &text, &len))
		return;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\0')
			argc++;
	if (len && text[len - 1] != '\0')
		argc++;
	s->argv = xcalloc(argc + 1, sizeof(char *));
	for (size_t i = 0, k = 0; i < len && k < argc; k++) {
		size_t n = strnlen(text + i, len - i);
		s->argv[k] = xstrndup(text + i, n);
		i += n + 1;
	}
	free(text);
}

static void read_exe_link(const char *root, struct snapshot *s)
{
	char path[512], target[4096];
	ssize_t n;
	const char *base;

	if (proc_path(path, sizeof(path), root, s->pid, "exe"))
		return;
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	s->exe = xstrdup(target);
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	snprintf(s->rt.exe_base, sizeof(s->rt.exe_base), "%.*s", (int)strcspn(base, " "), base);
}

/* What a one-shot report adds beyond the numbers; read while the smaps
 * text streams in on the reader thread.  Each part is optional: a field
 * that cannot be read stays unknown. */
static void read_identity(const struct snapshot_opts *o, struct snapshot *s)
{
	read_cmdline(o->root, s);
	read_exe_link(o->root, s);
	runtime_read_exe(o->root, s->pid, &s->rt);
	runtime_read_environ(o->root, s->pid, &s->rt);
	system_kernel_release(o->root, s->kernel, sizeof(s->kernel));
	system_thp_mode(o->root, s->thp, sizeof(s->thp));
	stat_cpu_seconds(o->root, s->pid, &s->cpu_seconds);
}

struct extras {
	const struct snapshot_opts *o;
	struct snapshot *s;
	int rollup_rc;
};

/* Runs beside the smaps parse.  It writes only fields the parse callback
 * never touches (rollup, identity), so the two need no lock. */
static void *read_extras(void *arg)
{
	struct extras *x = arg;

	/* Below the smaps reader and parser: on a machine with two CPUs the
	 * three threads compete, and only the smaps reader is on the critical
	 * path.  (Linux gives each thread its own nice value.) */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);

	x->rollup_rc = smaps_read_rollup(x->o->root, x->s->pid, &x->s->rollup, &x->s->have_rollup);
	if (x->o->identity)
		read_identity(x->o, x->s);
	return NULL;
}

int snapshot_take(const struct snapshot_opts *o, struct snapshot *s, struct snapshot_error *e)
{
	struct extras x = { .o = o, .s = s };
	pthread_t extras_thread;
	bool threaded;
	struct take_ctx ctx = { .s = s };
	struct smaps_stream *stream;
	struct smaps_result res;
	struct timespec mono;
	int fd, rc;

	memset(e, 0, sizeof(*e));
	clock_gettime(CLOCK_REALTIME, &s->wall);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	s->monotonic = (double)mono.tv_sec + (double)mono.tv_nsec / 1e9;

	rc = status_read(o->root, s->pid, &s->status);
	if (rc == -EINVAL)
		return set_error(e, SNAP_FAIL_MALFORMED, rc, o->root, s->pid, "status");
	if (rc)
		return set_error(e, SNAP_FAIL_READ, rc, o->root, s->pid, "status");
	if (s->status.state == 'Z' || s->status.state == 'X')
		return set_error(e, SNAP_FAIL_ZOMBIE, -ESRCH, o->root, s->pid, "status");
	if (!status_has_mm(&s->status))
		return set_error(e, SNAP_FAIL_KTHREAD, -ESRCH, o->root, s->pid, "status");

	fd = proc_open(o->root, s->pid, "smaps");
	if (fd < 0) {
		if (proc_outcome_of(fd) != PROC_DENIED)
			return set_error(e, SNAP_FAIL_READ, fd, o->root, s->pid, "smaps");
		/* Another user's process: report what status says, marked partial. */
		s->partial = PARTIAL_SMAPS_DENIED;
		s->smaps_errno = -fd;
		if (o->identity) {
			read_identity(o, s);
			if (proc_root_is_live(o->root))
				procps_process_age(s->pid, &s->age);
		}
		return 0;
	}
	/* Three things at once: the reader thread pulls smaps text out of the
	 * kernel, this thread parses it as it arrives, and a third reads the
	 * rollup and identity.  The kernel's smaps formatting is the floor;
	 * everything else hides behind it on a second core. */
	stream = smaps_stream_start(fd);
	threaded = pthread_create(&extras_thread, NULL, read_extras, &x) == 0;
	if (!threaded)
		read_extras(&x);

	rc = smaps_stream_parse(stream, on_mapping, &ctx, &res);
	close(fd);
	if (threaded)
		pthread_join(extras_thread, NULL);
	/* libproc2 only from this thread: it keeps per-thread buffers that a
	 * finished thread would leak (libproc2 4.0.2). */
	if (o->identity && proc_root_is_live(o->root))
		procps_process_age(s->pid, &s->age);
	if (rc == -EINVAL) {
		set_error(e, SNAP_FAIL_MALFORMED, rc, o->root, s->pid, "smaps");
		e->line = res.bad_line;
		memcpy(e->text, res.bad_text, sizeof(e->text));
		return rc;
	}
	if (rc)
		return set_error(e, SNAP_FAIL_READ, rc, o->root, s->pid, "smaps");
	/* A process that exits mid-read leaves a short file that looks whole. */
	if (!proc_pid_exists(o->root, s->pid))
		return set_error(e, SNAP_FAIL_EXITED, -ESRCH, o->root, s->pid, "smaps");
	if (res.mappings == 0 && s->status.v[ST_VM_SIZE] > 0)
		return set_error(e, SNAP_FAIL_EXITED, -ESRCH, o->root, s->pid, "smaps");
	s->have_smaps = true;
	if (res.flags & SMAPS_TRUNCATED)
		s->partial = PARTIAL_SMAPS_TRUNCATED;
	return 0;
}
