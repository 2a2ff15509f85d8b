#include "config.h"
#include "model-series.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const metric_names[M_COUNT] = {
	[M_RSS] = "rss",           [M_EFFECTIVE] = "effective", [M_ANON] = "anon",
	[M_FILE] = "file",         [M_SHMEM] = "shmem",         [M_SWAP] = "swap",
	[M_LAZYFREE] = "lazyfree", [M_PSS] = "pss",             [M_USS] = "uss",
	[M_THREADS] = "threads",   [M_CPU] = "cpu_seconds",
	[M_CG_USAGE] = "cgroup_usage",
	[M_CG_ANON] = "cgroup_anon",
	[M_CG_FILE] = "cgroup_page_cache",
	[M_CG_SHMEM] = "cgroup_shmem",
	[M_CG_KERNEL] = "cgroup_kernel",
	[M_CG_INACTIVE_FILE] = "cgroup_inactive_file",
	[M_CG_LIMIT_HITS] = "cgroup_limit_hits",
	[M_CG_OOM_KILLS] = "cgroup_oom_kills",
	[M_CG_SWAP] = "cgroup_swap",
	[M_GO_HEAP_ALLOC] = "go_heap_alloc",
	[M_GO_HEAP_INUSE] = "go_heap_inuse",
	[M_GO_HEAP_IDLE] = "go_heap_idle",
	[M_GO_HEAP_RELEASED] = "go_heap_released",
	[M_GO_HEAP_SYS] = "go_heap_sys",
	[M_GO_SYS] = "go_sys",
	[M_GO_STACK_INUSE] = "go_stack_inuse",
	[M_GO_NEXT_GC] = "go_next_gc",
	[M_GO_NUM_GC] = "go_num_gc",
	[M_GO_LAST_PAUSE_NS] = "go_last_pause_ns",
	[M_GO_GOROUTINES] = "go_goroutines",
	[M_CLASS0 + RC_HEAP] = "heap",
	[M_CLASS0 + RC_STACK] = "stack",
	[M_CLASS0 + RC_THREAD_STACK] = "thread-stack",
	[M_CLASS0 + RC_ANON] = "anon-mappings",
	[M_CLASS0 + RC_SHMEM] = "shmem-mappings",
	[M_CLASS0 + RC_FILE_CODE] = "file-code",
	[M_CLASS0 + RC_FILE_DATA] = "file-data",
	[M_CLASS0 + RC_HUGETLB] = "hugetlb",
	[M_CLASS0 + RC_SPECIAL] = "special",
	[M_CLASS0 + RC_GUARD] = "guard",
};

const char *metric_name(enum metric m)
{
	return m < M_COUNT ? metric_names[m] : "?";
}

int metric_from_name(const char *name)
{
	for (int i = 0; i < M_COUNT; i++)
		if (strcmp(metric_names[i], name) == 0)
			return i;
	return -1;
}

void series_init(struct series *s)
{
	memset(s, 0, sizeof(*s));
	s->recent = xcalloc(SERIES_RECENT, sizeof(*s->recent));
	s->hist = xcalloc(SERIES_HISTORY, sizeof(*s->hist));
	s->bucket_width = 1;
}

void series_reset(struct series *s)
{
	struct sample *recent = s->recent;
	struct series_point *hist = s->hist;

	memset(s, 0, sizeof(*s));
	s->recent = recent;
	s->hist = hist;
	s->bucket_width = 1;
}

void series_free(struct series *s)
{
	free(s->recent);
	free(s->hist);
	memset(s, 0, sizeof(*s));
}

static void point_from_sample(struct series_point *p, const struct sample *x)
{
	p->t0 = p->t1 = x->t;
	p->count = 1;
	for (int m = 0; m < M_COUNT; m++) {
		double v = x->v[m];
		p->mean[m] = p->min[m] = p->max[m] = v;
		p->n[m] = isnan(v) ? 0 : 1;
	}
}

/* Folds B into A (B later in time). */
static void point_merge(struct series_point *a, const struct series_point *b)
{
	if (a->count == 0) {
		*a = *b;
		return;
	}
	a->t1 = b->t1;
	a->count += b->count;
	for (int m = 0; m < M_COUNT; m++) {
		unsigned long n = a->n[m] + b->n[m];
		if (b->n[m] == 0)
			continue;
		if (a->n[m] == 0) {
			a->mean[m] = b->mean[m];
			a->min[m] = b->min[m];
			a->max[m] = b->max[m];
		} else {
			a->mean[m] = (a->mean[m] * (double)a->n[m] + b->mean[m] * (double)b->n[m]) / (double)n;
			if (b->min[m] < a->min[m])
				a->min[m] = b->min[m];
			if (b->max[m] > a->max[m])
				a->max[m] = b->max[m];
		}
		a->n[m] = n;
	}
}

static void history_push(struct series *s, const struct series_point *p)
{
	if (s->hist_len == SERIES_HISTORY) {
		/* Full: halve the resolution of the whole history. */
		for (size_t i = 0; i < SERIES_HISTORY / 2; i++) {
			struct series_point merged = s->hist[2 * i];
			point_merge(&merged, &s->hist[2 * i + 1]);
			s->hist[i] = merged;
		}
		s->hist_len = SERIES_HISTORY / 2;
		s->bucket_width *= 2;
	}
	s->hist[s->hist_len++] = *p;
}

/* A sample leaving the recent ring goes into the open history bucket. */
static void retire(struct series *s, const struct sample *x)
{
	struct series_point p;

	point_from_sample(&p, x);
	point_merge(&s->open, &p);
	if (s->open.count >= s->bucket_width) {
		history_push(s, &s->open);
		memset(&s->open, 0, sizeof(s->open));
	}
}

void series_add(struct series *s, const struct sample *x)
{
	if (s->total == 0)
		s->first = *x;
	s->last = *x;
	s->total++;
	if (s->recent_len == SERIES_RECENT) {
		retire(s, &s->recent[s->recent_head]);
		s->recent[s->recent_head] = *x;
		s->recent_head = (s->recent_head + 1) % SERIES_RECENT;
	} else {
		s->recent[(s->recent_head + s->recent_len) % SERIES_RECENT] = *x;
		s->recent_len++;
	}
}

size_t series_points(const struct series *s, double from, double to, struct series_point **out)
{
	size_t cap = s->hist_len + 1 + s->recent_len, n = 0;
	struct series_point *p = xcalloc(cap ? cap : 1, sizeof(*p));

	for (size_t i = 0; i < s->hist_len; i++)
		if (s->hist[i].t1 >= from && s->hist[i].t0 <= to)
			p[n++] = s->hist[i];
	if (s->open.count && s->open.t1 >= from && s->open.t0 <= to)
		p[n++] = s->open;
	for (size_t i = 0; i < s->recent_len; i++) {
		const struct sample *x = &s->recent[(s->recent_head + i) % SERIES_RECENT];
		if (x->t >= from && x->t <= to)
			point_from_sample(&p[n++], x);
	}
	*out = p;
	return n;
}

double series_points_first(const struct series_point *p, size_t np, enum metric m)
{
	for (size_t i = 0; i < np; i++)
		if (p[i].n[m])
			return p[i].mean[m];
	return NAN;
}

double series_points_last(const struct series_point *p, size_t np, enum metric m)
{
	for (size_t i = np; i-- > 0;)
		if (p[i].n[m])
			return p[i].mean[m];
	return NAN;
}
