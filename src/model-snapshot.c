#include "config.h"
#include "model-snapshot.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void snapshot_init(struct snapshot *s, pid_t pid, size_t top_max, bool keep_all)
{
	memset(s, 0, sizeof(*s));
	s->pid = pid;
	s->age = -1;
	s->cpu_seconds = -1;
	s->top_max = top_max;
	s->keep_all = keep_all;
	if (top_max)
		s->top = xcalloc(top_max, sizeof(*s->top));
	runtime_init(&s->rt);
}

static void mapping_free(struct snap_mapping *m)
{
	free(m->name);
	m->name = NULL;
}

void snapshot_free(struct snapshot *s)
{
	for (size_t i = 0; i < s->ntop; i++)
		mapping_free(&s->top[i]);
	free(s->top);
	for (size_t i = 0; i < s->nmaps; i++)
		mapping_free(&s->maps[i]);
	free(s->maps);
	if (s->argv) {
		for (char **a = s->argv; *a; a++)
			free(*a);
		free(s->argv);
	}
	free(s->exe);
	runtime_free(&s->rt);
	memset(s, 0, sizeof(*s));
}

static void mapping_copy(struct snap_mapping *d, const struct smaps_mapping *m, enum region_class cls)
{
	d->start = m->start;
	d->end = m->end;
	d->offset = m->offset;
	d->inode = m->inode;
	d->dev_major = m->dev_major;
	d->dev_minor = m->dev_minor;
	memcpy(d->perms, m->perms, sizeof(d->perms));
	d->cls = cls;
	d->name = xstrndup(m->name, m->name_len);
	d->name_len = m->name_len;
	d->c = m->c;
}

/* Keeps the top_max mappings by Rss in a sorted array: with a small N and
 * tens of thousands of mappings almost every candidate is rejected by one
 * comparison with the smallest kept. */
static void top_offer(struct snapshot *s, const struct smaps_mapping *m, enum region_class cls)
{
	uint64_t rss = m->c.v[MC_RSS];
	size_t pos;

	if (s->top_max == 0)
		return;
	if (s->ntop == s->top_max) {
		if (rss <= s->top[s->ntop - 1].c.v[MC_RSS])
			return;
		mapping_free(&s->top[--s->ntop]);
	}
	pos = s->ntop;
	while (pos > 0 && s->top[pos - 1].c.v[MC_RSS] < rss)
		pos--;
	memmove(&s->top[pos + 1], &s->top[pos], (s->ntop - pos) * sizeof(*s->top));
	mapping_copy(&s->top[pos], m, cls);
	s->ntop++;
}

void snapshot_add_mapping(struct snapshot *s, const struct smaps_mapping *m, enum region_class cls)
{
	struct class_total *ct = &s->classes[cls];

	s->mappings++;
	ct->mappings++;
	mc_add(&ct->c, &m->c);
	mc_add(&s->sum, &m->c);
	if (cls == RC_SHMEM) {
		/* Pages written through a private mapping of shmem are anonymous
		 * copies; the rest are shmem pages. */
		uint64_t rss = m->c.v[MC_RSS], anon = m->c.v[MC_ANONYMOUS];
		s->shmem_rss += rss > anon ? rss - anon : 0;
	}
	if (cls == RC_THREAD_STACK)
		s->thread_stacks++;
	top_offer(s, m, cls);
	if (s->keep_all) {
		if (s->nmaps == s->maps_cap) {
			s->maps_cap = s->maps_cap ? s->maps_cap * 2 : 256;
			s->maps = xrealloc(s->maps, s->maps_cap * sizeof(*s->maps));
		}
		mapping_copy(&s->maps[s->nmaps++], m, cls);
	}
}

const struct mem_counters *snapshot_totals(const struct snapshot *s)
{
	return s->have_rollup ? &s->rollup : &s->sum;
}

void snapshot_derive(const struct snapshot *s, struct snapshot_derived *d)
{
	const struct mem_counters *t = snapshot_totals(s);

	memset(d, 0, sizeof(*d));
	if (!s->have_smaps) {
		/* Only status is readable: use the kernel's counters there. */
		const struct proc_status *st = &s->status;
		d->vsz = st->v[ST_VM_SIZE];
		d->rss = st->v[ST_VM_RSS];
		d->rss_anon = st->v[ST_RSS_ANON];
		d->rss_file = st->v[ST_RSS_FILE];
		d->rss_shmem = st->v[ST_RSS_SHMEM];
		d->effective_rss = d->rss;
		return;
	}
	d->vsz = s->sum.v[MC_SIZE];
	d->rss = t->v[MC_RSS];
	d->rss_anon = t->v[MC_ANONYMOUS];
	d->rss_shmem = s->shmem_rss;
	d->rss_file = d->rss > d->rss_anon + d->rss_shmem ? d->rss - d->rss_anon - d->rss_shmem : 0;
	d->uss = mc_uss(t);
	d->lazyfree_known = mc_has(t, MC_LAZYFREE);
	d->lazyfree = t->v[MC_LAZYFREE];
	d->effective_rss = d->rss > d->lazyfree ? d->rss - d->lazyfree : 0;
}
