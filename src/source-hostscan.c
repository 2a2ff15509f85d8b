#include "config.h"
#include "source-hostscan.h"
#include "source-proc.h"
#include "source-sample.h"
#include "source-smaps.h"
#include "source-status.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void hostscan_init(struct hostscan *h, const char *root, double interval, double budget)
{
	memset(h, 0, sizeof(*h));
	h->root = root;
	h->interval = interval;
	h->budget = budget;
}

void hostscan_free(struct hostscan *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->rows[i]);
	free(h->rows);
	free(h->kthreads);
	memset(h, 0, sizeof(*h));
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static int cmp_row_pid(const void *key, const void *elem)
{
	pid_t x = *(const pid_t *)key, y = (*(struct proc_row *const *)elem)->pid;

	return (x > y) - (x < y);
}

struct proc_row *hostscan_find(const struct hostscan *h, pid_t pid)
{
	struct proc_row **r = bsearch(&pid, h->rows, h->n, sizeof(*h->rows), cmp_row_pid);

	return r ? *r : NULL;
}

static bool is_kthread(const struct hostscan *h, pid_t pid)
{
	return bsearch(&pid, h->kthreads, h->nk, sizeof(pid_t), cmp_pid) != NULL;
}

/* The PIDs under ROOT/proc, sorted. */
static int list_pids(const char *root, pid_t **out, size_t *n)
{
	char path[4096];
	DIR *d;
	struct dirent *e;
	size_t cap = 256;
	int rc = proc_path(path, sizeof(path), root, -1, "proc");

	if (rc)
		return rc;
	d = opendir(path);
	if (!d)
		return -errno;
	*out = xcalloc(cap, sizeof(pid_t));
	*n = 0;
	while ((e = readdir(d))) {
		char *end;
		long v = strtol(e->d_name, &end, 10);
		if (*end || end == e->d_name || v <= 0)
			continue;
		if (*n == cap) {
			cap *= 2;
			*out = xrealloc(*out, cap * sizeof(pid_t));
		}
		(*out)[(*n)++] = (pid_t)v;
	}
	closedir(d);
	qsort(*out, *n, sizeof(pid_t), cmp_pid);
	return 0;
}

static struct proc_row *row_new(pid_t pid)
{
	struct proc_row *r = xcalloc(1, sizeof(*r));

	r->pid = pid;
	r->effective = r->lazyfree = r->pss = r->growth = r->time_to_limit = NAN;
	r->cmdline_at = -1;
	r->rollup_at = -1;
	r->verdict = -1;
	return r;
}

/* Status for one process; a new or renamed one also gets its start time,
 * and a different start time makes a new row (the PID was reused).
 * Returns the row, or NULL when the process is gone or has no memory. */
static struct proc_row *scan_one(struct hostscan *h, pid_t pid, struct proc_row *old, bool *kthread)
{
	struct proc_status st;
	struct proc_stat sf;
	struct proc_row *r = old;

	*kthread = false;
	if (status_read(h->root, pid, &st) != 0)
		return NULL;
	if (!status_has_mm(&st)) {
		*kthread = st.state != 'Z' && st.state != 'X';
		return NULL;
	}
	if (!r || strcmp(r->comm, st.name) != 0) {
		if (stat_read(h->root, pid, &sf) != 0)
			return NULL;
		if (r && r->start_ticks != sf.start_ticks)
			r = NULL; /* another process on the same PID */
		if (!r)
			r = row_new(pid);
		r->start_ticks = sf.start_ticks;
		snprintf(r->comm, sizeof(r->comm), "%s", st.name);
		r->cmdline_at = -1; /* an exec renames: its arguments are new too */
	}
	r->uid = st.uid;
	r->has_uid = st.has_uid;
	r->rss = (double)st.v[ST_VM_RSS];
	r->swap = status_has(&st, ST_VM_SWAP) ? (double)st.v[ST_VM_SWAP] : NAN;
	/* RssAnon, RssFile, RssShmem: Linux 4.5 */
	r->anon = status_has(&st, ST_RSS_ANON) ? (double)st.v[ST_RSS_ANON] : NAN;
	r->file = status_has(&st, ST_RSS_FILE) ? (double)st.v[ST_RSS_FILE] : NAN;
	r->shmem = status_has(&st, ST_RSS_SHMEM) ? (double)st.v[ST_RSS_SHMEM] : NAN;
	return r;
}

/* Walks the sorted PID list against the sorted rows: rows of exited
 * processes are freed, new ones made. */
static void scan_all(struct hostscan *h, const pid_t *pids, size_t np)
{
	struct proc_row **next = xcalloc(np + 1, sizeof(*next));
	pid_t *kt = xcalloc(np + 1, sizeof(pid_t));
	size_t n = 0, nk = 0, j = 0;
	bool recheck_kthreads = h->ticks % 16 == 0;
	double c0 = sampler_self_cpu();

	for (size_t i = 0; i < np; i++) {
		struct proc_row *old = NULL, *r;
		bool kthread;
		while (j < h->n && h->rows[j]->pid < pids[i])
			free(h->rows[j++]);
		if (j < h->n && h->rows[j]->pid == pids[i])
			old = h->rows[j++];
		if (!old && !recheck_kthreads && is_kthread(h, pids[i])) {
			kt[nk++] = pids[i];
			continue;
		}
		r = scan_one(h, pids[i], old, &kthread);
		h->status.reads++;
		if (old && r != old)
			free(old);
		if (r) {
			r->seen = true;
			next[n++] = r;
		} else if (kthread) {
			kt[nk++] = pids[i];
		}
	}
	while (j < h->n)
		free(h->rows[j++]);
	free(h->rows);
	free(h->kthreads);
	h->rows = next;
	h->n = n;
	h->cap = np + 1;
	h->kthreads = kt;
	h->nk = nk;
	h->status.cpu += sampler_self_cpu() - c0;
}

static void read_rollup(struct hostscan *h, struct proc_row *r)
{
	struct mem_counters c;
	bool have = false;
	double c0 = sampler_self_cpu();
	int rc = smaps_read_rollup(h->root, r->pid, &c, &have);
	double spent = sampler_self_cpu() - c0;

	h->rollup.reads++;
	h->rollup.cpu += spent;
	h->rollup_est = h->rollup.reads == 1 ? spent : 0.8 * h->rollup_est + 0.2 * spent;
	r->rollup_cost = spent;
	r->rollup_at = h->now;
	if (rc == -EACCES || rc == -EPERM) {
		r->rollup_denied = true;
		return;
	}
	if (rc || !have)
		return;
	r->lazyfree = mc_has(&c, MC_LAZYFREE) ? (double)c.v[MC_LAZYFREE] : 0;
	r->effective = (double)c.v[MC_RSS] - r->lazyfree;
	r->pss = (double)c.v[MC_PSS];
	r->rss = (double)c.v[MC_RSS]; /* exact, and of the same read */
	h->rollups_last++;
}

/* Most deserving first: faster growth, then the longest unread. */
static int cmp_candidate(const void *a, const void *b)
{
	const struct proc_row *x = *(struct proc_row *const *)a, *y = *(struct proc_row *const *)b;
	double gx = isfinite(x->growth) ? x->growth : -INFINITY, gy = isfinite(y->growth) ? y->growth : -INFINITY;

	if (gx != gy)
		return gx < gy ? 1 : -1;
	return (x->rollup_at > y->rollup_at) - (x->rollup_at < y->rollup_at);
}

static int cmp_oldest_read(const void *a, const void *b)
{
	const struct proc_row *x = *(struct proc_row *const *)a, *y = *(struct proc_row *const *)b;

	return (x->rollup_at > y->rollup_at) - (x->rollup_at < y->rollup_at);
}

/* The growers take half of what is left after the priority rows; the
 * other half goes to the rows read longest ago, so every row is read now
 * and then. */
static void plan_rollups(struct hostscan *h, const pid_t *priority, size_t npriority)
{
	double allowance = h->budget * h->interval, spent = 0, est;
	struct proc_row **cand;
	size_t nc = 0;

	h->rollups_last = 0;
	for (size_t i = 0; i < npriority; i++) {
		struct proc_row *r = hostscan_find(h, priority[i]);
		est = r && r->rollup_at >= 0 ? r->rollup_cost : h->rollup_est;
		if (!r || r->rollup_denied || r->rollup_at == h->now || spent + est > allowance)
			continue;
		read_rollup(h, r);
		spent += r->rollup_cost;
	}
	cand = xcalloc(h->n + 1, sizeof(*cand));
	for (size_t i = 0; i < h->n; i++)
		if (!h->rows[i]->rollup_denied && h->rows[i]->rollup_at != h->now)
			cand[nc++] = h->rows[i];
	qsort(cand, nc, sizeof(*cand), cmp_candidate);
	double growers_end = spent + (allowance - spent) / 2;
	size_t k = 0;
	for (; k < nc && spent < growers_end && isfinite(cand[k]->growth) && cand[k]->growth > 0; k++) {
		read_rollup(h, cand[k]);
		spent += cand[k]->rollup_cost;
	}
	/* the rest round-robin: the longest unread first */
	for (size_t i = k; i < nc; i++)
		cand[i - k] = cand[i];
	nc -= k;
	qsort(cand, nc, sizeof(*cand), cmp_oldest_read);
	for (size_t i = 0; i < nc && spent + h->rollup_est <= allowance; i++) {
		read_rollup(h, cand[i]);
		spent += cand[i]->rollup_cost;
	}
	free(cand);
}

int hostscan_tick(struct hostscan *h, const pid_t *priority, size_t npriority)
{
	pid_t *pids;
	size_t np;
	int rc;

	h->now = clock_mono();
	rc = list_pids(h->root, &pids, &np);
	if (rc)
		return rc;
	scan_all(h, pids, np);
	free(pids);
	plan_rollups(h, priority, npriority);
	for (size_t i = 0; i < h->n; i++) {
		struct proc_row *r = h->rows[i];
		bool fresh = r->rollup_at == h->now && isfinite(r->effective);
		proc_ring_add(&r->ring, h->now, r->rss, fresh ? r->effective : NAN, fresh ? r->lazyfree : NAN, r->swap);
	}
	h->ticks++;
	return 0;
}

/* The first bytes are what a command column shows; a command line may be
 * megabytes (ARG_MAX), so it is never read whole. */
static void read_cmdline(const char *root, struct proc_row *r)
{
	int fd = proc_open(root, r->pid, "cmdline");
	ssize_t n = fd >= 0 ? read(fd, r->cmdline, sizeof(r->cmdline) - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (n < 0)
		n = 0;
	/* the NULs between arguments as spaces; the trailing ones dropped */
	while (n > 0 && r->cmdline[n - 1] == '\0')
		n--;
	for (ssize_t i = 0; i < n; i++)
		if (r->cmdline[i] == '\0')
			r->cmdline[i] = ' ';
	r->cmdline[n] = '\0';
}

const char *hostscan_cmdline(const struct hostscan *h, struct proc_row *r)
{
	if (r->cmdline_at < 0 || h->now - r->cmdline_at >= HOSTSCAN_CMDLINE_AGE) {
		read_cmdline(h->root, r);
		r->cmdline_at = h->now;
	}
	return r->cmdline;
}
