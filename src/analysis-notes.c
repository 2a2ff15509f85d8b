#include "config.h"
#include "analysis-notes.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct notes {
	struct note *v;
	int n;
};

static struct note *add(struct notes *ns, const char *id, uint64_t value, bool has_value, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static struct note *add(struct notes *ns, const char *id, uint64_t value, bool has_value, const char *fmt, ...)
{
	struct note *n;
	va_list ap;

	if (ns->n >= NOTES_MAX)
		return NULL;
	n = &ns->v[ns->n++];
	n->id = id;
	n->value = value;
	n->has_value = has_value;
	va_start(ap, fmt);
	vsnprintf(n->text, sizeof(n->text), fmt, ap);
	va_end(ap);
	return n;
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void note_access(const struct snapshot *s, struct notes *ns)
{
	if (s->partial == PARTIAL_SMAPS_DENIED)
		add(ns, "partial", 0, false,
		    "smaps is unreadable (%s): run as the process owner, as root, or with CAP_SYS_PTRACE. "
		    "The totals come from status only; PSS, USS, LazyFree and the class attribution are unknown.",
		    strerror(s->smaps_errno));
	if (s->partial == PARTIAL_SMAPS_TRUNCATED)
		add(ns, "truncated", 0, false,
		    "smaps ended in the middle of a mapping: the last mapping is incomplete and the totals may be low.");
}

/* smaps and smaps_rollup are read at the same time but not atomically: a
 * process that maps and unmaps while they are read gives mappings that do
 * not add up to the rollup.  A few hundred KiB is the normal race (seen
 * with 30,000 mmap/munmap per second); beyond 1 MiB and 1% the classes no
 * longer describe the totals, and the report says so. */
static void note_torn(const struct snapshot *s, struct notes *ns)
{
	uint64_t a, b, diff;
	char x[32], y[32];

	if (!s->have_smaps || !s->have_rollup || s->partial != PARTIAL_NONE)
		return;
	a = s->sum.v[MC_RSS];
	b = s->rollup.v[MC_RSS];
	diff = a > b ? a - b : b - a;
	if (diff <= 1024 * 1024 || diff * 100 <= b)
		return;
	add(ns, "torn-read", diff, true,
	    "The process changed its mappings while they were read: the mappings add up to %s of RSS, "
	    "smaps_rollup read at the same time says %s. The totals are the rollup's; the classes are the "
	    "mappings as they were read.",
	    format_bytes(a, x, sizeof(x)), format_bytes(b, y, sizeof(y)));
}

static void note_lazyfree(const struct snapshot *s, const struct snapshot_derived *d, struct notes *ns)
{
	char a[32], b[32];

	if (!s->have_smaps)
		return;
	if (!d->lazyfree_known) {
		add(ns, "lazyfree-unknown", 0, false,
		    "This kernel does not report LazyFree (added in Linux 4.12): pages freed with MADV_FREE, "
		    "if any, cannot be told apart from live memory.");
		return;
	}
	if (d->lazyfree == 0)
		return;
	add(ns, "lazyfree", d->lazyfree, true,
	    "LazyFree %s (%.1f%% of RSS): pages freed with MADV_FREE, counted in RSS until the kernel "
	    "needs memory; not live data. Effective RSS is %s.",
	    format_bytes(d->lazyfree, a, sizeof(a)), pct(d->lazyfree, d->rss),
	    format_bytes(d->effective_rss, b, sizeof(b)));
}

static void note_hwm(const struct snapshot *s, const struct snapshot_derived *d, struct notes *ns)
{
	uint64_t hwm = s->status.v[ST_VM_HWM];
	char a[32], b[32];

	if (!status_has(&s->status, ST_VM_HWM) || hwm == 0 || d->rss == 0)
		return;
	if (d->rss * 100 >= hwm * 95) {
		bool glibc = strcmp(runtime_allocator(&s->rt), "glibc") == 0;
		add(ns, "hwm", hwm, true,
		    "RSS %s is at its high-water mark (VmHWM %s).%s", format_bytes(d->rss, a, sizeof(a)),
		    format_bytes(hwm, b, sizeof(b)),
		    glibc ? " Under glibc malloc this is often allocator retention: freed memory kept for reuse "
			    "(malloc_trim(0) returns it; MALLOC_ARENA_MAX caps arenas). From outside it looks the "
			    "same as memory in use."
			  : "");
	} else {
		add(ns, "below-hwm", hwm, true, "RSS %s is %.0f%% below its peak (VmHWM %s): memory was given back.",
		    format_bytes(d->rss, a, sizeof(a)), 100.0 - pct(d->rss, hwm), format_bytes(hwm, b, sizeof(b)));
	}
}

static void note_thp(const struct snapshot *s, const struct snapshot_derived *d, struct notes *ns)
{
	uint64_t thp = snapshot_totals(s)->v[MC_ANON_HUGE];
	char a[32];

	if (!s->have_smaps || thp == 0)
		return;
	add(ns, "thp", thp, true,
	    "Transparent huge pages back %s (%.1f%% of RSS; system THP mode: %s). A 2 MiB page is resident "
	    "as a whole, so touching a few bytes can cost 2 MiB.",
	    format_bytes(thp, a, sizeof(a)), pct(thp, d->rss), s->thp[0] ? s->thp : "unknown");
}

static void note_threads(const struct snapshot *s, struct notes *ns)
{
	int threads = s->status.threads;
	unsigned long expected, found = s->thread_stacks;
	uint64_t rss = s->classes[RC_THREAD_STACK].c.v[MC_RSS];
	char a[32];

	if (!s->have_smaps || threads < 1)
		return;
	expected = (unsigned long)threads - 1; /* the main thread uses [stack] */
	if (s->rt.is_go) {
		add(ns, "thread-stacks", found, true,
		    "Go: goroutine stacks live inside the Go heap (class anon), not in thread-stack mappings; "
		    "%d OS threads, %lu thread-stack mappings. A goroutine leak shows as anon growth.",
		    threads, found);
		return;
	}
	if (expected == 0 && found == 0)
		return;
	if (found == expected)
		add(ns, "thread-stacks", found, true,
		    "%lu thread stacks for %d threads (the main thread uses [stack]), %s resident.", found, threads,
		    format_bytes(rss, a, sizeof(a)));
	else if (found > expected)
		add(ns, "thread-stacks", found, true,
		    "%lu thread-stack mappings but %d threads: glibc keeps the stacks of exited threads for reuse "
		    "(up to 40 MiB), or other guard-bracketed regions look like stacks.",
		    found, threads);
	else
		add(ns, "thread-stacks", found, true,
		    "%lu thread-stack mappings for %d threads: %lu threads run on stacks memtrace cannot recognise "
		    "(no guard page, custom stacks, or a runtime that allocates its own).",
		    found, threads, expected - found);
}

static void note_go(const struct snapshot *s, struct notes *ns)
{
	const char *godebug = runtime_setting(&s->rt, "GODEBUG");

	if (!s->rt.is_go)
		return;
	if (runtime_go_uses_madv_free(&s->rt))
		add(ns, "go-madv-free", 0, false,
		    "%s returns freed heap with MADV_FREE (GODEBUG=%s): RSS stays high as LazyFree until memory "
		    "pressure. GODEBUG=madvdontneed=1 makes RSS drop at once.",
		    s->rt.go_version, godebug ? godebug : "madvdontneed=1 not set");
	else if (!s->rt.go_version[0])
		add(ns, "go-version-unknown", 0, false,
		    "A Go binary without readable build info: if it is Go 1.12-1.15, freed heap stays in RSS as "
		    "LazyFree unless GODEBUG=madvdontneed=1.");
}

static void note_arenas(const struct snapshot *s, struct notes *ns)
{
	char a[32];

	if (s->rt.arenas < 4 || strcmp(runtime_allocator(&s->rt), "glibc") != 0)
		return;
	add(ns, "arenas", s->rt.arenas, true,
	    "%lu glibc malloc arenas besides the main heap (%s resident): each thread that mallocs may get "
	    "its own, and each keeps freed memory. MALLOC_ARENA_MAX=2 caps them%s.",
	    s->rt.arenas, format_bytes(s->rt.arena_rss, a, sizeof(a)),
	    runtime_setting(&s->rt, "MALLOC_ARENA_MAX") ? " (it is set)" : "");
}

static void note_swap_hugetlb(const struct snapshot *s, struct notes *ns)
{
	const struct mem_counters *t = snapshot_totals(s);
	const struct mem_counters *h = &s->classes[RC_HUGETLB].c;
	uint64_t huge = h->v[MC_PRIVATE_HUGETLB] + h->v[MC_SHARED_HUGETLB];
	uint64_t swap = s->have_smaps ? t->v[MC_SWAP] : s->status.v[ST_VM_SWAP];
	char a[32];

	if (swap)
		add(ns, "swap", swap, true, "%s is swapped out: not in RSS, but the process still owns it.",
		    format_bytes(swap, a, sizeof(a)));
	if (huge)
		add(ns, "hugetlb", huge, true,
		    "%s of hugetlb pages (%lu mappings) are not counted in RSS: they are reserved from the "
		    "hugetlb pool.",
		    format_bytes(huge, a, sizeof(a)), s->classes[RC_HUGETLB].mappings);
}

static void note_environ(const struct snapshot *s, struct notes *ns)
{
	if (!s->rt.environ_read && s->rt.environ_errno)
		add(ns, "environ", 0, false,
		    "The environment is unreadable (%s): GODEBUG, GOGC, GOMEMLIMIT, GOMAXPROCS, "
		    "MALLOC_ARENA_MAX and MALLOC_CONF are unknown.",
		    strerror(s->rt.environ_errno));
}

int notes_for_snapshot(const struct snapshot *s, struct note *out)
{
	struct notes ns = { .v = out };
	struct snapshot_derived d;

	snapshot_derive(s, &d);
	note_access(s, &ns);
	note_torn(s, &ns);
	note_lazyfree(s, &d, &ns);
	note_go(s, &ns);
	note_hwm(s, &d, &ns);
	note_threads(s, &ns);
	note_arenas(s, &ns);
	note_thp(s, &d, &ns);
	note_swap_hugetlb(s, &ns);
	note_environ(s, &ns);
	return ns.n;
}
