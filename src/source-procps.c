#include "config.h"
#include "source-procps.h"
#include "source-proc.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(HAVE_LIBPROC2)
#include <libproc2/misc.h>
#include <libproc2/pids.h>
#elif defined(HAVE_LIBPROCPS)
#include <proc/readproc.h>
#else
#error "configure chooses libproc2 or libprocps (HAVE_LIBPROC2 or HAVE_LIBPROCPS)"
#endif

const char *procps_built_with(void)
{
	return PROCPS_LIBRARY " " PROCPS_VERSION;
}

static const char *argv0_basename(const char *cmdline)
{
	const char *end = cmdline + strcspn(cmdline, " ");
	const char *b = cmdline;

	for (const char *p = cmdline; p < end; p++)
		if (*p == '/')
			b = p + 1;
	return b;
}

static bool argv0_is(const char *cmdline, const char *name)
{
	const char *b = argv0_basename(cmdline);
	size_t n = strcspn(b, " ");

	return n == strlen(name) && memcmp(b, name, n) == 0;
}

/* Adds PID to the matches when COMM or CMDLINE names NAME. */
static void match_add(struct procps_match **m, int *n, const char *name, pid_t pid,
		      const char *comm, const char *cmdline)
{
	if (!comm)
		comm = "";
	if (!cmdline)
		cmdline = "";
	if (strcmp(comm, name) != 0 && !argv0_is(cmdline, name))
		return;
	*m = xrealloc(*m, (size_t)(*n + 1) * sizeof(**m));
	(*m)[*n].pid = pid;
	(*m)[*n].comm = xstrdup(comm);
	(*m)[*n].cmdline = xstrdup(cmdline);
	(*n)++;
}

void procps_matches_free(struct procps_match *m, int n)
{
	for (int i = 0; i < n; i++) {
		free(m[i].comm);
		free(m[i].cmdline);
	}
	free(m);
}

#if defined(HAVE_LIBPROC2)

int procps_find_by_name(const char *name, struct procps_match **out)
{
	enum pids_item items[] = { PIDS_ID_PID, PIDS_CMD, PIDS_CMDLINE };
	enum { I_PID, I_CMD, I_CMDLINE };
	struct pids_info *info = NULL;
	struct pids_fetch *f;
	struct procps_match *m = NULL;
	int n = 0, rc;
	pid_t self = getpid();

	*out = NULL;
	rc = procps_pids_new(&info, items, (int)ARRAY_SIZE(items));
	if (rc < 0)
		return rc;
	f = procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY);
	if (!f) {
		rc = errno ? -errno : -EIO;
		procps_pids_unref(&info);
		return rc;
	}
	for (int i = 0; i < f->counts->total; i++) {
		struct pids_result *r = f->stacks[i]->head;
		pid_t pid = r[I_PID].result.s_int;

		if (pid != self)
			match_add(&m, &n, name, pid, r[I_CMD].result.str, r[I_CMDLINE].result.str);
	}
	procps_pids_unref(&info);
	*out = m;
	return n;
}

int procps_process_age(pid_t pid, double *elapsed)
{
	enum pids_item items[] = { PIDS_TIME_ELAPSED };
	struct pids_info *info = NULL;
	struct pids_fetch *f;
	unsigned want = (unsigned)pid;
	int rc = procps_pids_new(&info, items, (int)ARRAY_SIZE(items));

	if (rc < 0)
		return rc;
	f = procps_pids_select(info, &want, 1, PIDS_SELECT_PID);
	if (!f || f->counts->total < 1) {
		procps_pids_unref(&info);
		return -ESRCH;
	}
	*elapsed = f->stacks[0]->head[0].result.real;
	procps_pids_unref(&info);
	return 0;
}

#else /* HAVE_LIBPROCPS: procps-ng 3.3, openproc/readproc/freeproc */

int procps_find_by_name(const char *name, struct procps_match **out)
{
	/* FILLSTAT: comm (cmd) from stat; FILLCOM + EDITCMDLCVT: the command
	 * line as one string, arguments joined by spaces and "[comm]" when it
	 * is empty, as libproc2's PIDS_CMDLINE gives it.  Processes only:
	 * without PROC_LOOSE_TASKS readproc does not list threads. */
	PROCTAB *pt = openproc(PROC_FILLSTAT | PROC_FILLCOM | PROC_EDITCMDLCVT);
	struct procps_match *m = NULL;
	proc_t *p;
	int n = 0;
	pid_t self = getpid();

	*out = NULL;
	if (!pt)
		return errno ? -errno : -EIO;
	while ((p = readproc(pt, NULL)) != NULL) {
		if (p->tid != self)
			match_add(&m, &n, name, p->tid, p->cmd,
				  p->cmdline && p->cmdline[0] ? p->cmdline[0] : NULL);
		freeproc(p);
	}
	closeproc(pt);
	*out = m;
	return n;
}

/* Seconds since boot, from the first field of /proc/uptime (libproc2 reads
 * the same file for PIDS_TIME_ELAPSED). */
static int uptime_seconds(double *up)
{
	char *buf, *end;
	size_t len;
	int rc = proc_read_file("/", -1, "proc/uptime", &buf, &len);

	if (rc)
		return rc;
	errno = 0;
	*up = strtod(buf, &end); /* buf is NUL-terminated */
	rc = end == buf || errno ? -EINVAL : 0;
	free(buf);
	return rc;
}

int procps_process_age(pid_t pid, double *elapsed)
{
	pid_t want[2] = { pid, 0 }; /* PROC_PID takes a 0-terminated list */
	PROCTAB *pt = openproc(PROC_FILLSTAT | PROC_PID, want);
	long hz = sysconf(_SC_CLK_TCK);
	proc_t *p;
	double up, start;
	int rc;

	if (!pt)
		return errno ? -errno : -EIO;
	p = readproc(pt, NULL);
	closeproc(pt);
	if (!p)
		return -ESRCH;
	/* start_time: clock ticks after boot (stat field 22, despite the
	 * header's "seconds"). */
	start = (double)p->start_time / (double)(hz > 0 ? hz : 100);
	freeproc(p);
	rc = uptime_seconds(&up);
	if (rc)
		return rc;
	*elapsed = up > start ? up - start : 0;
	return 0;
}

#endif
