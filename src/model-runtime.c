#include "config.h"
#include "model-runtime.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const runtime_setting_names[RUNTIME_SETTINGS] = {
	"GODEBUG", "GOGC", "GOMEMLIMIT", "MALLOC_ARENA_MAX", "MALLOC_CONF", "GOMAXPROCS",
};

void runtime_init(struct runtime_info *rt)
{
	memset(rt, 0, sizeof(*rt));
}

void runtime_free(struct runtime_info *rt)
{
	for (int i = 0; i < RUNTIME_SETTINGS; i++)
		free(rt->settings[i]);
	memset(rt, 0, sizeof(*rt));
}

static const char *basename_of(const char *name, size_t len, size_t *blen)
{
	const char *b = name;

	for (size_t i = 0; i < len; i++)
		if (name[i] == '/')
			b = name + i + 1;
	*blen = len - (size_t)(b - name);
	return b;
}

static bool starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && memcmp(s, prefix, n) == 0;
}

static void note_library(struct runtime_info *rt, const struct smaps_mapping *m)
{
	size_t blen;
	const char *b = basename_of(m->name, m->name_len, &blen);

	if (starts(b, blen, "libc.so.6") || starts(b, blen, "libc-2."))
		rt->libs |= LIB_GLIBC;
	else if (starts(b, blen, "ld-musl-") || starts(b, blen, "libc.musl-"))
		rt->libs |= LIB_MUSL;
	else if (starts(b, blen, "libjemalloc"))
		rt->libs |= LIB_JEMALLOC;
	else if (starts(b, blen, "libtcmalloc"))
		rt->libs |= LIB_TCMALLOC;
	else if (starts(b, blen, "libmimalloc"))
		rt->libs |= LIB_MIMALLOC;
	else if (starts(b, blen, "libjvm.so"))
		rt->libs |= LIB_JVM;
	else if (starts(b, blen, "libpython"))
		rt->libs |= LIB_PYTHON;
	else if (starts(b, blen, "libnode.so"))
		rt->libs |= LIB_NODE;
}

void runtime_note_mapping(struct runtime_info *rt, const struct smaps_mapping *m, enum region_class cls)
{
	bool anon = region_is_anonymous(m);

	/* A library has several consecutive mappings: look at each file once. */
	if (m->inode != 0 && m->inode != rt->last_inode && m->name_len && m->name[0] == '/') {
		rt->last_inode = m->inode;
		note_library(rt, m);
	}

	/* glibc arena heap: an rw-p part at a 64 MiB boundary, then (unless the
	 * heap is full) a ---p remainder up to the next boundary. */
	if (anon && cls == RC_GUARD && rt->prev_anon_rw && rt->prev_end == m->start &&
	    rt->prev_start % GLIBC_HEAP_MAX_SIZE == 0 && m->end - rt->prev_start == GLIBC_HEAP_MAX_SIZE) {
		rt->arenas++;
		rt->arena_rss += rt->prev_rss;
	} else if (anon && cls == RC_ANON && m->start % GLIBC_HEAP_MAX_SIZE == 0 &&
		   m->end - m->start == GLIBC_HEAP_MAX_SIZE) {
		rt->arenas++;
		rt->arena_rss += m->c.v[MC_RSS];
	}
	rt->prev_anon_rw = anon && cls == RC_ANON && m->perms[0] == 'r' && m->perms[1] == 'w';
	rt->prev_start = m->start;
	rt->prev_end = m->end;
	rt->prev_rss = m->c.v[MC_RSS];
}

const char *runtime_language(const struct runtime_info *rt)
{
	if (rt->is_go)
		return "go";
	if (rt->libs & LIB_JVM)
		return "jvm";
	if ((rt->libs & LIB_PYTHON) || strncmp(rt->exe_base, "python", 6) == 0)
		return "python";
	if ((rt->libs & LIB_NODE) || strcmp(rt->exe_base, "node") == 0 || strcmp(rt->exe_base, "nodejs") == 0)
		return "node";
	return "native";
}

const char *runtime_allocator(const struct runtime_info *rt)
{
	/* A preloaded or linked allocator wins over libc's malloc. */
	if (rt->libs & LIB_JEMALLOC)
		return "jemalloc";
	if (rt->libs & LIB_TCMALLOC)
		return "tcmalloc";
	if (rt->libs & LIB_MIMALLOC)
		return "mimalloc";
	if (rt->is_go)
		return "go";
	if (rt->libs & LIB_GLIBC)
		return "glibc";
	if (rt->libs & LIB_MUSL)
		return "musl";
	return "unknown";
}

bool runtime_go_version(const char *v, int *major, int *minor)
{
	return v && sscanf(v, "go%d.%d", major, minor) == 2;
}

const char *runtime_setting(const struct runtime_info *rt, const char *name)
{
	for (int i = 0; i < RUNTIME_SETTINGS; i++)
		if (strcmp(runtime_setting_names[i], name) == 0)
			return rt->settings[i];
	return NULL;
}

/* The last madvdontneed=N in a comma-separated GODEBUG wins, as in Go. */
static int godebug_madvdontneed(const char *godebug)
{
	int val = -1;

	for (const char *s = godebug; s && (s = strstr(s, "madvdontneed=")); s++)
		if (s == godebug || s[-1] == ',')
			val = atoi(s + strlen("madvdontneed="));
	return val;
}

bool runtime_go_uses_madv_free(const struct runtime_info *rt)
{
	int major, minor, dn;

	if (!rt->is_go || !runtime_go_version(rt->go_version, &major, &minor))
		return false;
	dn = godebug_madvdontneed(runtime_setting(rt, "GODEBUG"));
	if (major == 1 && minor >= 12 && minor <= 15)
		return dn != 1;
	if (major > 1 || minor >= 16)
		return dn == 0;
	return false;
}

double runtime_parse_memlimit(const char *v)
{
	static const struct { const char *suffix; double mul; } units[] = {
		{ "B", 1 }, { "KiB", 1024.0 }, { "MiB", 1048576.0 }, { "GiB", 1073741824.0 },
		{ "TiB", 1099511627776.0 }, { "", 1 },
	};
	char *end;
	double n;

	if (!v || !*v || strcmp(v, "off") == 0)
		return NAN;
	n = strtod(v, &end);
	if (end == v || !(n >= 0) || !isfinite(n))
		return NAN;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].suffix) == 0)
			return n * units[i].mul;
	return NAN;
}

double runtime_parse_gogc(const char *v)
{
	char *end;
	long n;

	if (!v)
		return NAN;
	if (strcmp(v, "off") == 0)
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || *end || errno || n < INT32_MIN || n > INT32_MAX)
		return 100;
	return n < 0 ? -1 : (double)n; /* a negative GOGC turns the collector off too */
}

double runtime_go_gogc(const struct runtime_info *rt)
{
	return runtime_parse_gogc(runtime_setting(rt, "GOGC"));
}

double runtime_go_memlimit(const struct runtime_info *rt)
{
	return runtime_parse_memlimit(runtime_setting(rt, "GOMEMLIMIT"));
}
