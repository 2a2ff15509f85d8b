#include "config.h"
#include "analysis-diff.h"
#include "escape.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Mappings are matched by what survives between snapshots: a named mapping
 * by name, permissions and file offset (addresses move with ASLR across
 * restarts); an unnamed one by its start address.  Several mappings with
 * the same key are summed. */
static char *mapping_key(const struct snap_mapping *m)
{
	char buf[64];

	if (m->name_len) {
		char *e = escape_dup(m->name, m->name_len);
		size_t n = strlen(e) + 48;
		char *k = xmalloc(n);
		snprintf(k, n, "%s [%s @%" PRIx64 "]", e, m->perms, m->offset);
		free(e);
		return k;
	}
	snprintf(buf, sizeof(buf), "[anonymous %s @%" PRIx64 "]", m->perms, m->start);
	return xstrdup(buf);
}

struct keyed {
	char *key;
	const struct snap_mapping *m;
};

static int cmp_keyed(const void *x, const void *y)
{
	return strcmp(((const struct keyed *)x)->key, ((const struct keyed *)y)->key);
}

static struct keyed *keyed_sorted(const struct snapshot *s)
{
	struct keyed *k = xcalloc(s->nmaps ? s->nmaps : 1, sizeof(*k));

	for (size_t i = 0; i < s->nmaps; i++) {
		k[i].key = mapping_key(&s->maps[i]);
		k[i].m = &s->maps[i];
	}
	qsort(k, s->nmaps, sizeof(*k), cmp_keyed);
	return k;
}

static struct diff_row *row_for(struct snapshot_diff *d, size_t *cap, const char *key, enum region_class cls)
{
	struct diff_row *r;

	if (d->nrows && strcmp(d->rows[d->nrows - 1].key, key) == 0)
		return &d->rows[d->nrows - 1];
	if (d->nrows == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		d->rows = xrealloc(d->rows, *cap * sizeof(*d->rows));
	}
	r = &d->rows[d->nrows++];
	memset(r, 0, sizeof(*r));
	r->key = xstrdup(key);
	r->cls = cls;
	return r;
}

static int cmp_growth(const void *x, const void *y)
{
	const struct diff_row *a = x, *b = y;
	int64_t ga = diff_delta(&a->a, &a->b, MC_RSS), gb = diff_delta(&b->a, &b->b, MC_RSS);

	if (ga != gb)
		return ga > gb ? -1 : 1;
	return strcmp(a->key, b->key);
}

void snapshot_diff_compute(const struct snapshot *a, const struct snapshot *b, struct snapshot_diff *d)
{
	struct keyed *ka = keyed_sorted(a), *kb = keyed_sorted(b);
	size_t i = 0, j = 0, cap = 0;

	memset(d, 0, sizeof(*d));
	d->seconds = (a->wall.tv_sec && b->wall.tv_sec) ? difftime(b->wall.tv_sec, a->wall.tv_sec) : -1;
	d->total_a = *snapshot_totals(a);
	d->total_b = *snapshot_totals(b);
	memcpy(d->class_a, a->classes, sizeof(d->class_a));
	memcpy(d->class_b, b->classes, sizeof(d->class_b));

	while (i < a->nmaps || j < b->nmaps) {
		int c = i >= a->nmaps ? 1 : j >= b->nmaps ? -1 : strcmp(ka[i].key, kb[j].key);
		struct diff_row *r;

		if (c <= 0) {
			r = row_for(d, &cap, ka[i].key, ka[i].m->cls);
			r->in_a = true;
			r->maps_a++;
			mc_add(&r->a, &ka[i].m->c);
			i++;
		} else {
			r = row_for(d, &cap, kb[j].key, kb[j].m->cls);
			r->in_b = true;
			r->maps_b++;
			r->cls = kb[j].m->cls;
			mc_add(&r->b, &kb[j].m->c);
			j++;
		}
	}
	for (i = 0; i < a->nmaps; i++)
		free(ka[i].key);
	for (j = 0; j < b->nmaps; j++)
		free(kb[j].key);
	free(ka);
	free(kb);
	qsort(d->rows, d->nrows, sizeof(*d->rows), cmp_growth);
}

void snapshot_diff_free(struct snapshot_diff *d)
{
	for (size_t i = 0; i < d->nrows; i++)
		free(d->rows[i].key);
	free(d->rows);
	memset(d, 0, sizeof(*d));
}

size_t snapshot_diff_select(const struct snapshot_diff *d, size_t top, size_t *out)
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < d->nrows && k < top; i++)
		if (diff_delta(&d->rows[i].a, &d->rows[i].b, MC_RSS) > 0) {
			out[n++] = i;
			k++;
		}
	k = 0;
	for (size_t i = d->nrows; i-- > 0 && k < top;)
		if (diff_delta(&d->rows[i].a, &d->rows[i].b, MC_RSS) < 0) {
			out[n++] = i;
			k++;
		}
	return n;
}
