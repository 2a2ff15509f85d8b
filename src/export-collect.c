#include "config.h"
#include "export-collect.h"
#include "analysis-cgroup.h"
#include "escape.h"
#include "scan-judge.h"
#include "source-sample.h"
#include "source-system.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int export_collect_init(struct export_collect *e, const char *root, const struct export_opts *o)
{
	memset(e, 0, sizeof(*e));
	e->root = root;
	e->o = *o;
	hostscan_init(&e->hs, root, o->interval, o->budget / 2);
	series_init(&e->scratch);
	e->boot_time = system_boot_time(root);
	e->clk_tck = (double)sysconf(_SC_CLK_TCK);
	/* escaped once, not for every row of every round */
	e->cg_given = xcalloc(o->ncgroups + 1, sizeof(*e->cg_given));
	for (size_t i = 0; i < o->ncgroups; i++)
		escape_name(o->cgroups[i], strlen(o->cgroups[i]), e->cg_given[i], sizeof(e->cg_given[i]));
	if (o->all_cgroups || o->ncgroups || o->ncontainers) {
		cgscan_init(&e->cg, root);
		if (e->cg.mounts_rc) {
			int rc = e->cg.mounts_rc;
			cgscan_free(&e->cg);
			export_collect_free(e);
			return rc;
		}
		e->cg_on = true;
	}
	return 0;
}

void export_collect_free(struct export_collect *e)
{
	hostscan_free(&e->hs);
	if (e->cg_on)
		cgscan_free(&e->cg);
	e->cg_on = false;
	series_free(&e->scratch);
	free(e->procs);
	free(e->comm);
	free(e->chosen);
	free(e->cgs);
	free(e->cg_given);
	e->cg_given = NULL;
	e->procs = NULL;
	e->comm = NULL;
	e->chosen = NULL;
	e->cgs = NULL;
}

/* ---------------------------------------------------------- processes */

static int cmp_rss_desc(const void *a, const void *b)
{
	const struct proc_row *x = *(struct proc_row *const *)a, *y = *(struct proc_row *const *)b;

	return (x->rss < y->rss) - (x->rss > y->rss);
}

static bool pid_given(const struct export_opts *o, pid_t pid)
{
	for (size_t i = 0; i < o->npids; i++)
		if (o->pids[i] == pid)
			return true;
	return false;
}

static void add_process(struct export_collect *e, const struct proc_row *r)
{
	struct metrics_process *p = &e->procs[e->nprocs];

	escape_name(r->comm, strlen(r->comm), e->comm[e->nprocs], sizeof(e->comm[0]));
	*p = (struct metrics_process){
		.pid = r->pid, .comm = e->comm[e->nprocs], .growth = r->growth, .verdict = r->verdict,
		.time_to_limit = r->time_to_limit,
		.start_time = e->boot_time + (double)r->start_ticks / e->clk_tck,
	};
	p->mem[MP_RSS] = r->rss;
	p->mem[MP_EFFECTIVE] = r->effective;
	p->mem[MP_LAZYFREE] = r->lazyfree;
	p->mem[MP_SWAP] = r->swap;
	p->mem[MP_PSS] = r->pss;
	p->mem[MP_ANON] = r->anon;
	p->mem[MP_FILE] = r->file;
	p->mem[MP_SHMEM] = r->shmem;
	e->chosen[e->nprocs++] = r->pid;
}

/* The page has the rows' figures as chosen; the verdicts came after. */
static void refresh_verdicts(struct export_collect *e)
{
	for (size_t i = 0; i < e->nprocs; i++) {
		const struct proc_row *r = hostscan_find(&e->hs, e->procs[i].pid);
		if (!r)
			continue;
		e->procs[i].verdict = r->verdict;
		e->procs[i].growth = r->growth;
		e->procs[i].time_to_limit = r->time_to_limit;
	}
}

/* The given pids, then the largest by RSS. */
static void choose_processes(struct export_collect *e)
{
	struct proc_row **order = xcalloc(e->hs.n + 1, sizeof(*order));
	size_t n = 0;
	long taken = 0;

	if (e->cap < e->hs.n + 1) {
		e->cap = e->hs.n + 64;
		e->procs = xrealloc(e->procs, e->cap * sizeof(*e->procs));
		e->comm = xrealloc(e->comm, e->cap * sizeof(*e->comm));
		e->chosen = xrealloc(e->chosen, e->cap * sizeof(*e->chosen));
	}
	e->nprocs = 0;
	for (size_t i = 0; i < e->hs.n; i++) {
		struct proc_row *r = e->hs.rows[i];
		if (pid_given(&e->o, r->pid))
			add_process(e, r);
		else if (e->o.processes && isfinite(r->rss) && r->rss >= e->o.min_rss)
			order[n++] = r;
	}
	qsort(order, n, sizeof(*order), cmp_rss_desc);
	for (size_t i = 0; i < n && taken < e->o.top; i++, taken++)
		add_process(e, order[i]);
	free(order);
}

/* ------------------------------------------------------------ cgroups */

static bool cgroup_wanted(const struct export_collect *e, const struct cg_row *r)
{
	const struct export_opts *o = &e->o;

	if (o->all_cgroups)
		return true;
	for (size_t i = 0; i < o->ncgroups; i++)
		if (strcmp(e->cg_given[i], r->path) == 0)
			return true;
	for (size_t i = 0; i < o->ncontainers; i++)
		if (r->id[0] && strncmp(r->id, o->containers[i], strlen(o->containers[i])) == 0)
			return true;
	return false;
}

static void add_cgroup(struct export_collect *e, size_t i, bool has_swap)
{
	const struct cg_row *r = e->cg.rows[i];
	struct metrics_cgroup *c = &e->cgs[e->ncgs++];
	struct cgroup_view v;

	cgroup_view_compute(&e->cg.stats[i], NULL, 0, has_swap, &v);
	*c = (struct metrics_cgroup){
		.path = r->path, .id = r->id, .runtime = r->runtime ? r->runtime : "", .limit = r->limit,
		.growth = r->growth, .verdict = r->verdict, .time_to_limit = r->time_to_limit,
	};
	c->mem[MCG_USAGE] = r->usage;
	c->mem[MCG_ANON] = r->anon;
	c->mem[MCG_FILE] = r->file;
	c->mem[MCG_SHMEM] = r->shmem;
	c->mem[MCG_KERNEL] = r->kernel;
	c->mem[MCG_SWAP] = r->swap;
	for (int t = 0; t < TOOL_COUNT; t++) {
		c->tool[t].id = v.tools[t].id;
		c->tool[t].value = v.tools[t].known ? (double)v.tools[t].value : NAN;
	}
}

static void choose_cgroups(struct export_collect *e, bool has_swap)
{
	e->cgs = xrealloc(e->cgs, (e->cg.n + 1) * sizeof(*e->cgs));
	e->ncgs = 0;
	for (size_t i = 0; i < e->cg.n; i++)
		if (e->cg.rows[i]->seen && cgroup_wanted(e, e->cg.rows[i]))
			add_cgroup(e, i, has_swap);
}

/* ------------------------------------------------------------- rounds */

int export_collect_round(struct export_collect *e)
{
	struct meminfo mi;
	double allowance = e->o.budget * e->o.interval / 2;
	int rc;

	/* last round's targets are read first (their rollups, their verdicts) */
	rc = hostscan_tick(&e->hs, e->chosen, e->nprocs);
	if (rc)
		return rc;
	system_meminfo(e->root, &mi);
	scan_growth_processes(&e->hs);
	e->samples += e->hs.n;
	/* the targets of this round, judged: a process new to the top N
	 * gets its verdict in the round it enters */
	choose_processes(e);
	scan_judge_pids(&e->hs, e->chosen, e->nprocs, e->cg_on ? allowance / 2 : allowance, mi.available,
			&e->scratch);
	refresh_verdicts(e);
	if (e->cg_on && cgscan_tick(&e->cg) == 0) {
		scan_growth_cgroups(&e->cg);
		scan_judge_cgroups(&e->cg, e->o.interval, allowance / 2, &e->scratch);
		e->samples += e->cg.n;
		choose_cgroups(e, mi.swap_total > 0);
	}
	e->rounds++;
	return 0;
}

void export_collect_page(const struct export_collect *e, struct metrics_page *p)
{
	memset(p, 0, sizeof(*p));
	p->procs = e->procs;
	p->nprocs = e->nprocs;
	p->cgroups = e->cgs;
	p->ncgroups = e->ncgs;
	p->self.rounds = e->rounds;
	p->self.samples = e->samples;
	p->self.cpu_seconds = sampler_self_cpu();
}
