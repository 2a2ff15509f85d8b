#include "config.h"
#include "source-procps.h"
#include "util.h"

#include <errno.h>
#include <stdbool.h>
#include <libproc2/misc.h>
#include <libproc2/pids.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *procps_built_version(void)
{
	return LIBPROC2_VERSION;
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
		const char *comm = r[I_CMD].result.str ? r[I_CMD].result.str : "";
		const char *cmdline = r[I_CMDLINE].result.str ? r[I_CMDLINE].result.str : "";

		if (pid == self)
			continue;
		if (strcmp(comm, name) != 0 && !argv0_is(cmdline, name))
			continue;
		m = xrealloc(m, (size_t)(n + 1) * sizeof(*m));
		m[n].pid = pid;
		m[n].comm = xstrdup(comm);
		m[n].cmdline = xstrdup(cmdline);
		n++;
	}
	procps_pids_unref(&info);
	*out = m;
	return n;
}

void procps_matches_free(struct procps_match *m, int n)
{
	for (int i = 0; i < n; i++) {
		free(m[i].comm);
		free(m[i].cmdline);
	}
	free(m);
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
