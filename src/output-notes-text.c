#include "config.h"
#include "output-notes-text.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

/* Each renderer words one kind; BYTES formats into one of three buffers. */
struct words {
	char *buf;
	size_t len;
	char b[3][32];
};

#define BYTES(w, i, v) format_bytes((v), (w)->b[i], sizeof((w)->b[i]))
#define SAY(w, ...) snprintf((w)->buf, (w)->len, __VA_ARGS__)

static void say_smaps_denied(const struct note *n, struct words *w)
{
	SAY(w, "smaps is unreadable (%s): run as the process owner, as root, or with CAP_SYS_PTRACE. "
	       "The totals come from status only; PSS, USS, LazyFree and the class attribution are unknown.",
	    strerror(n->err));
}

static void say_torn_read(const struct note *n, struct words *w)
{
	SAY(w, "The process changed its mappings while they were read: the mappings add up to %s of RSS, "
	       "smaps_rollup read at the same time says %s. The totals are the rollup's; the classes are the "
	       "mappings as they were read.",
	    BYTES(w, 0, n->a), BYTES(w, 1, n->b));
}

static void say_lazyfree(const struct note *n, struct words *w)
{
	SAY(w, "LazyFree %s (%.1f%% of RSS): pages freed with MADV_FREE, counted in RSS until the kernel "
	       "needs memory; not live data. Effective RSS is %s.",
	    BYTES(w, 0, n->value), 100.0 * n->share, BYTES(w, 1, n->a));
}

static void say_go_madv_free(const struct note *n, struct words *w)
{
	SAY(w, "%s returns freed heap with MADV_FREE (GODEBUG=%s): RSS stays high as LazyFree until memory "
	       "pressure. GODEBUG=madvdontneed=1 makes RSS drop at once.",
	    n->str, n->str2 ? n->str2 : "madvdontneed=1 not set");
}

static void say_at_hwm(const struct note *n, struct words *w)
{
	SAY(w, "RSS %s is at its high-water mark (VmHWM %s).%s", BYTES(w, 0, n->a), BYTES(w, 1, n->value),
	    n->flag ? " Under glibc malloc this is often allocator retention: freed memory kept for reuse "
		      "(malloc_trim(0) returns it; MALLOC_ARENA_MAX caps arenas). From outside it looks the "
		      "same as memory in use."
		    : "");
}

static void say_below_hwm(const struct note *n, struct words *w)
{
	SAY(w, "RSS %s is %.0f%% below its peak (VmHWM %s): memory was given back.", BYTES(w, 0, n->a),
	    100.0 - 100.0 * n->share, BYTES(w, 1, n->value));
}

static void say_go_stacks(const struct note *n, struct words *w)
{
	SAY(w, "Go: goroutine stacks live inside the Go heap (class anon), not in thread-stack mappings; "
	       "%ld OS threads, %lu thread-stack mappings. A goroutine leak shows as anon growth.",
	    n->count, (unsigned long)n->value);
}

static void say_stacks_match(const struct note *n, struct words *w)
{
	SAY(w, "%lu thread stacks for %ld threads (the main thread uses [stack]), %s resident.",
	    (unsigned long)n->value, n->count, BYTES(w, 0, n->a));
}

static void say_stacks_extra(const struct note *n, struct words *w)
{
	SAY(w, "%lu thread-stack mappings but %ld threads: glibc keeps the stacks of exited threads for reuse "
	       "(up to 40 MiB), or other guard-bracketed regions look like stacks.",
	    (unsigned long)n->value, n->count);
}

static void say_stacks_unrecognised(const struct note *n, struct words *w)
{
	SAY(w, "%lu thread-stack mappings for %ld threads: %ld threads run on stacks memtrace cannot recognise "
	       "(no guard page, custom stacks, or a runtime that allocates its own).",
	    (unsigned long)n->value, n->count, n->count2);
}

static void say_arenas(const struct note *n, struct words *w)
{
	SAY(w, "%lu glibc malloc arenas besides the main heap (%s resident): each thread that mallocs may get "
	       "its own, and each keeps freed memory. MALLOC_ARENA_MAX=2 caps them%s.",
	    (unsigned long)n->value, BYTES(w, 0, n->a), n->flag ? " (it is set)" : "");
}

static void say_thp(const struct note *n, struct words *w)
{
	SAY(w, "Transparent huge pages back %s (%.1f%% of RSS; system THP mode: %s). A 2 MiB page is resident "
	       "as a whole, so touching a few bytes can cost 2 MiB.",
	    BYTES(w, 0, n->value), 100.0 * n->share, n->str ? n->str : "unknown");
}

static void say_swap(const struct note *n, struct words *w)
{
	SAY(w, "%s is swapped out: not in RSS, but the process still owns it.", BYTES(w, 0, n->value));
}

static void say_hugetlb(const struct note *n, struct words *w)
{
	SAY(w, "%s of hugetlb pages (%ld mappings) are not counted in RSS: they are reserved from the hugetlb pool.",
	    BYTES(w, 0, n->value), n->count);
}

static void say_environ(const struct note *n, struct words *w)
{
	SAY(w, "The environment is unreadable (%s): GODEBUG, GOGC, GOMEMLIMIT, GOMAXPROCS, "
	       "MALLOC_ARENA_MAX and MALLOC_CONF are unknown.",
	    strerror(n->err));
}

/* The notes without numbers. */
static const char *fixed_words(enum note_kind k)
{
	switch (k) {
	case NOTE_SMAPS_TRUNCATED:
		return "smaps ended in the middle of a mapping: the last mapping is incomplete and the totals may be low.";
	case NOTE_LAZYFREE_UNKNOWN:
		return "This kernel does not report LazyFree (added in Linux 4.12): pages freed with MADV_FREE, "
		       "if any, cannot be told apart from live memory.";
	case NOTE_GO_VERSION_UNKNOWN:
		return "A Go binary without readable build info: if it is Go 1.12-1.15, freed heap stays in RSS as "
		       "LazyFree unless GODEBUG=madvdontneed=1.";
	default:
		return NULL;
	}
}

void note_render(const struct note *n, char *buf, size_t len)
{
	static void (*const say[NOTE_KIND_COUNT])(const struct note *, struct words *) = {
		[NOTE_SMAPS_DENIED] = say_smaps_denied,
		[NOTE_TORN_READ] = say_torn_read,
		[NOTE_LAZYFREE] = say_lazyfree,
		[NOTE_GO_MADV_FREE] = say_go_madv_free,
		[NOTE_AT_HWM] = say_at_hwm,
		[NOTE_BELOW_HWM] = say_below_hwm,
		[NOTE_GO_STACKS] = say_go_stacks,
		[NOTE_STACKS_MATCH] = say_stacks_match,
		[NOTE_STACKS_EXTRA] = say_stacks_extra,
		[NOTE_STACKS_UNRECOGNISED] = say_stacks_unrecognised,
		[NOTE_ARENAS] = say_arenas,
		[NOTE_THP] = say_thp,
		[NOTE_SWAP] = say_swap,
		[NOTE_HUGETLB] = say_hugetlb,
		[NOTE_ENVIRON_UNREADABLE] = say_environ,
	};
	struct words w = { .buf = buf, .len = len };
	const char *fixed;

	if (len == 0)
		return;
	buf[0] = '\0';
	if ((unsigned)n->kind >= NOTE_KIND_COUNT)
		return;
	if (say[n->kind])
		say[n->kind](n, &w);
	else if ((fixed = fixed_words(n->kind)))
		snprintf(buf, len, "%s", fixed);
}
