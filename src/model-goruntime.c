#include "config.h"
#include "model-goruntime.h"

#include <math.h>
#include <string.h>

const char *const go_stat_keys[GS_COUNT] = {
	[GS_HEAP_ALLOC] = "HeapAlloc",       [GS_HEAP_INUSE] = "HeapInuse",
	[GS_HEAP_IDLE] = "HeapIdle",         [GS_HEAP_RELEASED] = "HeapReleased",
	[GS_HEAP_SYS] = "HeapSys",           [GS_SYS] = "Sys",
	[GS_STACK_INUSE] = "StackInuse",     [GS_NEXT_GC] = "NextGC",
	[GS_NUM_GC] = "NumGC",               [GS_LAST_PAUSE_NS] = "LastPauseNs",
};

void go_stats_clear(double stat[GS_COUNT])
{
	for (int i = 0; i < GS_COUNT; i++)
		stat[i] = NAN;
}

void go_goroutines_clear(struct go_goroutines *gr)
{
	memset(gr, 0, sizeof(*gr));
	gr->total = NAN;
}

void go_read_clear(struct go_read *r)
{
	r->t = NAN;
	go_stats_clear(r->stat);
	go_goroutines_clear(&r->gr);
	r->profiled = false;
}

int go_stat_from_key(const char *key, unsigned len)
{
	for (int i = 0; i < GS_COUNT; i++)
		if (strlen(go_stat_keys[i]) == len && memcmp(go_stat_keys[i], key, len) == 0)
			return i;
	return -1;
}

bool go_group_same(const struct go_group *a, const struct go_group *b)
{
	if (a->nframes != b->nframes)
		return false;
	for (unsigned i = 0; i < a->nframes; i++)
		if (strcmp(a->func[i], b->func[i]) != 0)
			return false;
	return true;
}

const struct go_group *go_group_find(const struct go_goroutines *gr, const struct go_group *g)
{
	for (unsigned i = 0; i < gr->ngroups && i < GO_GROUPS; i++)
		if (go_group_same(&gr->g[i], g))
			return &gr->g[i];
	return NULL;
}
