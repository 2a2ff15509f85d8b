#include "config.h"
#include "source-cgscan.h"
#include "escape.h"
#include "source-cgsample.h"
#include "source-sample.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cgscan_init(struct cgscan *c, const char *root)
{
	memset(c, 0, sizeof(*c));
	c->root = root;
	c->mounts_rc = cgroup_mounts_read(root, &c->mounts);
}

void cgscan_free(struct cgscan *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->rows[i]);
	free(c->rows);
	free(c->stats);
	free(c->list);
	memset(c, 0, sizeof(*c));
}

static struct cg_row *row_new(const struct cgroup_match *m)
{
	struct cg_row *r = xcalloc(1, sizeof(*r));

	escape_name(m->ref.path, strlen(m->ref.path), r->path, sizeof(r->path));
	snprintf(r->id, sizeof(r->id), "%s", m->id);
	r->runtime = m->runtime;
	r->verdict = -1;
	r->growth = r->time_to_limit = NAN;
	return r;
}

/* Lists the cgroups again; rows of the cgroups still there keep their
 * history. */
static void relist(struct cgscan *c)
{
	struct cgroup_match *list = NULL;
	int n = cgroup_list(c->root, &c->mounts, CGSCAN_MAX, &list);
	struct cg_row **rows = xcalloc((size_t)n + 1, sizeof(*rows));

	for (int i = 0; i < n; i++) {
		char path[512];
		escape_name(list[i].ref.path, strlen(list[i].ref.path), path, sizeof(path));
		for (size_t k = 0; k < c->n; k++)
			if (c->rows[k] && strcmp(c->rows[k]->path, path) == 0) {
				rows[i] = c->rows[k];
				c->rows[k] = NULL;
				break;
			}
		if (!rows[i])
			rows[i] = row_new(&list[i]);
	}
	for (size_t k = 0; k < c->n; k++)
		free(c->rows[k]);
	free(c->rows);
	free(c->list);
	free(c->stats);
	c->stats = xcalloc((size_t)n + 1, sizeof(*c->stats));
	c->rows = rows;
	c->n = (size_t)n;
	c->list = list;
	c->nlist = n;
}

static void read_one(struct cgscan *c, size_t i)
{
	struct cg_row *r = c->rows[i];
	struct cgroup_stats s;
	struct sample x;

	r->seen = false;
	if (cgroup_stats_read(&c->list[i].ref, &s, false) != 0) {
		cgroup_stats_free(&s);
		return;
	}
	sample_clear(&x);
	cg_sample_fill(&s, &x);
	r->seen = true;
	r->usage = x.v[M_CG_USAGE];
	r->anon = x.v[M_CG_ANON];
	r->file = x.v[M_CG_FILE];
	r->shmem = x.v[M_CG_SHMEM];
	r->kernel = x.v[M_CG_KERNEL];
	r->swap = x.v[M_CG_SWAP];
	r->limit = s.limit_is_max ? NAN : (double)s.v[CG_LIMIT];
	c->stats[i] = s; /* read without processes: nothing to free */
	cg_ring_add(&r->ring, c->now, &x);
	proc_ring_add(&r->spark, c->now, r->usage, NAN, NAN, isfinite(r->swap) ? r->swap : 0);
}

int cgscan_tick(struct cgscan *c)
{
	double c0 = sampler_self_cpu();

	if (c->mounts_rc)
		return c->mounts_rc;
	c->now = clock_mono();
	if (c->ticks % CGSCAN_RELIST == 0)
		relist(c);
	for (size_t i = 0; i < c->n; i++)
		read_one(c, i);
	c->reads.reads += c->n;
	c->reads.cpu += sampler_self_cpu() - c0;
	c->ticks++;
	return 0;
}

int cgscan_find(const struct cgscan *c, const char *path)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i] && strcmp(c->rows[i]->path, path) == 0)
			return (int)i;
	return -1;
}
