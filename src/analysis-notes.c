#include "config.h"
#include "analysis-notes.h"

#include <string.h>

struct notes {
	struct note *v;
	int n;
};

/* A new note of KIND about VALUE (when HAS_VALUE), the rest zero. */
static struct note *add(struct notes *ns, enum note_kind kind, uint64_t value, bool has_value)
{
	static struct note spare; /* a full list drops the note, not the caller's stores */
	struct note *n;

	if (ns->n >= NOTES_MAX)
		return memset(&spare, 0, sizeof(spare));
	n = &ns->v[ns->n++];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->value = value;
	n->has_value = has_value;
	return n;
}

static double share(uint64_t part, uint64_t whole)
{
	return whole ? (double)part / (double)whole : 0.0;
}

static void note_access(const struct snapshot *s, struct notes *ns)
{
	if (s->partial == PARTIAL_SMAPS_DENIED)
		add(ns, NOTE_SMAPS_DENIED, 0, false)->err = s->smaps_errno;
	if (s->partial == PARTIAL_SMAPS_TRUNCATED)
		add(ns, NOTE_SMAPS_TRUNCATED, 0, false);
}

/* smaps and smaps_rollup are read at the same time but not atomically: a
 * process that maps and unmaps while they are read gives mappings that do
 * not add up to the rollup.  A few hundred KiB is the normal race (seen
 * with 30,000 mmap/munmap per second); beyond 1 MiB and 1% the classes no
 * longer describe the totals, and the report says so. */
static void note_torn(const struct snapshot *s, struct notes *ns)
{
	uint64_t a, b, diff;
	struct note *n;

	if (!s->have_smaps || !s->have_rollup || s->partial != PARTIAL_NONE)
		return;
	a = s->sum.v[MC_RSS];
	b = s->rollup.v[MC_RSS];
	diff = a > b ? a - b : b - a;
	if (diff <= 1024 * 1024 || diff * 100 <= b)
		return;
	n = add(ns, NOTE_TORN_READ, diff, true);
	n->a = a;
	n->b = b;
}

static void note_lazyfree(const struct snapshot *s, const struct snapshot_derived *d, struct notes *ns)
{
	struct note *n;

	if (!s->have_smaps)
		return;
	if (!d->lazyfree_known) {
		add(ns, NOTE_LAZYFREE_UNKNOWN, 0, false);
		return;
	}
	if (d->lazyfree == 0)
		return;
	n = add(ns, NOTE_LAZYFREE, d->lazyfree, true);
	n->share = share(d->lazyfree, d->rss);
	n->a = d->effective_rss;
}

static void note_hwm(const struct snapshot *s, const struct snapshot_derived *d, struct notes *ns)
{
	uint64_t hwm = s->status.v[ST_VM_HWM];
	struct note *n;

	if (!status_has(&s->status, ST_VM_HWM) || hwm == 0 || d->rss == 0)
		return;
	if (d->rss * 100 >= hwm * 95) {
		n = add(ns, NOTE_AT_HWM, hwm, true);
		n->flag = strcmp(runtime_allocator(&s->rt), "glibc") == 0;
	} else {
		n = add(ns, NOTE_BELOW_HWM, hwm, true);
		n->share = share(d->rss, hwm);
	}
	n->a = d->rss;
}

static void note_thp(const struct snapshot *s, const struct snapshot_derived *d, struct notes *ns)
{
	uint64_t thp = snapshot_totals(s)->v[MC_ANON_HUGE];
	struct note *n;

	if (!s->have_smaps || thp == 0)
		return;
	n = add(ns, NOTE_THP, thp, true);
	n->share = share(thp, d->rss);
	n->str = s->thp[0] ? s->thp : NULL;
}

/* Which thread-stack note: the main thread runs on [stack], every other
 * thread should have one guard-bracketed mapping; Go runs goroutines on
 * stacks inside its heap. */
static enum note_kind stacks_kind(const struct snapshot *s, unsigned long expected)
{
	if (s->rt.is_go)
		return NOTE_GO_STACKS;
	if (s->thread_stacks == expected)
		return NOTE_STACKS_MATCH;
	return s->thread_stacks > expected ? NOTE_STACKS_EXTRA : NOTE_STACKS_UNRECOGNISED;
}

static void note_threads(const struct snapshot *s, struct notes *ns)
{
	int threads = s->status.threads;
	unsigned long expected;
	struct note *n;

	if (!s->have_smaps || threads < 1)
		return;
	expected = (unsigned long)threads - 1;
	if (!s->rt.is_go && expected == 0 && s->thread_stacks == 0)
		return;
	n = add(ns, stacks_kind(s, expected), s->thread_stacks, true);
	n->count = threads;
	if (n->kind == NOTE_STACKS_MATCH)
		n->a = s->classes[RC_THREAD_STACK].c.v[MC_RSS];
	if (n->kind == NOTE_STACKS_UNRECOGNISED)
		n->count2 = (long)(expected - s->thread_stacks);
}

static void note_go(const struct snapshot *s, struct notes *ns)
{
	struct note *n;

	if (!s->rt.is_go)
		return;
	if (runtime_go_uses_madv_free(&s->rt)) {
		n = add(ns, NOTE_GO_MADV_FREE, 0, false);
		n->str = s->rt.go_version;
		n->str2 = runtime_setting(&s->rt, "GODEBUG");
	} else if (!s->rt.go_version[0]) {
		add(ns, NOTE_GO_VERSION_UNKNOWN, 0, false);
	}
}

static void note_arenas(const struct snapshot *s, struct notes *ns)
{
	struct note *n;

	if (s->rt.arenas < 4 || strcmp(runtime_allocator(&s->rt), "glibc") != 0)
		return;
	n = add(ns, NOTE_ARENAS, s->rt.arenas, true);
	n->a = s->rt.arena_rss;
	n->flag = runtime_setting(&s->rt, "MALLOC_ARENA_MAX") != NULL;
}

static void note_swap_hugetlb(const struct snapshot *s, struct notes *ns)
{
	const struct mem_counters *t = snapshot_totals(s);
	const struct mem_counters *h = &s->classes[RC_HUGETLB].c;
	uint64_t huge = h->v[MC_PRIVATE_HUGETLB] + h->v[MC_SHARED_HUGETLB];
	uint64_t swap = s->have_smaps ? t->v[MC_SWAP] : s->status.v[ST_VM_SWAP];

	if (swap)
		add(ns, NOTE_SWAP, swap, true);
	if (huge)
		add(ns, NOTE_HUGETLB, huge, true)->count = (long)s->classes[RC_HUGETLB].mappings;
}

static void note_environ(const struct snapshot *s, struct notes *ns)
{
	if (!s->rt.environ_read && s->rt.environ_errno)
		add(ns, NOTE_ENVIRON_UNREADABLE, 0, false)->err = s->rt.environ_errno;
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

const char *note_id(enum note_kind k)
{
	static const char *const ids[NOTE_KIND_COUNT] = {
		[NOTE_SMAPS_DENIED] = "partial",
		[NOTE_SMAPS_TRUNCATED] = "truncated",
		[NOTE_TORN_READ] = "torn-read",
		[NOTE_LAZYFREE_UNKNOWN] = "lazyfree-unknown",
		[NOTE_LAZYFREE] = "lazyfree",
		[NOTE_GO_MADV_FREE] = "go-madv-free",
		[NOTE_GO_VERSION_UNKNOWN] = "go-version-unknown",
		[NOTE_AT_HWM] = "hwm",
		[NOTE_BELOW_HWM] = "below-hwm",
		[NOTE_GO_STACKS] = "thread-stacks",
		[NOTE_STACKS_MATCH] = "thread-stacks",
		[NOTE_STACKS_EXTRA] = "thread-stacks",
		[NOTE_STACKS_UNRECOGNISED] = "thread-stacks",
		[NOTE_ARENAS] = "arenas",
		[NOTE_THP] = "thp",
		[NOTE_SWAP] = "swap",
		[NOTE_HUGETLB] = "hugetlb",
		[NOTE_ENVIRON_UNREADABLE] = "environ",
	};

	return (unsigned)k < NOTE_KIND_COUNT ? ids[k] : "unknown";
}
