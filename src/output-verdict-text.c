#include "config.h"
#include "output-verdict-text.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define B(v) format_bytes((uint64_t)((v) < 0 ? -(v) : (v)), (char[32]){ 0 }, 32)
#define S(v) format_bytes_signed((int64_t)(v), (char[32]){ 0 }, 32)
#define D(v) format_duration((v), (char[32]){ 0 }, 32)

static void put(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void put(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

#define SUMMARY(...) put(t->summary, sizeof(t->summary), __VA_ARGS__)
#define REASON(...) put(t->reason, sizeof(t->reason), __VA_ARGS__)
#define HINT(...) put(t->hint, sizeof(t->hint), __VA_ARGS__)

/* The series judged, as the start of a sentence. */
static const char *metric_label(const struct verdict *v)
{
	if (!v->metric)
		return "Memory";
	if (strcmp(v->metric, "cgroup_usage") == 0)
		return v->metric_with_swap ? "The cgroup's usage plus its swap" : "The cgroup's usage";
	if (strcmp(v->metric, "held") == 0)
		return "Held memory (RSS - LazyFree + Swap)";
	return strcmp(v->metric, "effective") == 0 ? "Effective memory (RSS - LazyFree)" : "RSS";
}

static void say_no_samples(const struct verdict *v, struct verdict_text *t)
{
	(void)v;
	SUMMARY("undecided: no samples");
	REASON("Nothing was sampled.");
}

static void say_too_few(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("undecided: not enough data yet");
	REASON("%zu samples over %s: at least %d samples and %s are needed before any judgement.", v->points,
	       D(v->duration), VERDICT_MIN_SAMPLES, D(v->need_seconds));
}

static void say_unfittable(const struct verdict *v, struct verdict_text *t)
{
	(void)v;
	SUMMARY("undecided: the series could not be fitted");
	REASON("The samples could not be analysed (too few distinct times).");
}

static void say_sawtooth_young(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("undecided: a sawtooth, %zu cycles so far", v->cycles);
	REASON("Memory rises and drops by %s every %s (%zu drops). Whether it leaks depends on the troughs, and %d "
	       "cycles are needed to judge them: watch about %s more.",
	       B(v->amplitude), D(v->period), v->cycles, VERDICT_MIN_CYCLES, D(v->more_seconds));
}

static void say_sawtooth_rising(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("leak: sawtooth troughs rise %s/s", B(v->slope));
	REASON("Memory is freed every %s (%zu cycles of %s), but each trough is higher than the last: troughs rose "
	       "%s (Theil-Sen %s/s, 95%% [%s/s, %s/s]; Mann-Kendall p=%.3g). Something survives every cycle.",
	       D(v->period), v->cycles, B(v->amplitude), S(v->trough_rise), B(v->slope), S(v->slope_lo),
	       S(v->slope_hi), v->trend_p);
}

static void say_sawtooth_flat(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("stable: a sawtooth with flat troughs");
	REASON("Memory rises and is freed every %s (%zu cycles of %s) and the troughs do not rise (%s over the "
	       "window; Mann-Kendall p=%.3g): it is reused, not leaked.",
	       D(v->period), v->cycles, B(v->amplitude), S(v->trough_rise), v->trend_p);
}

static void say_lazyfree(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("MADV_FREE residue: %s of RSS is already freed", B(v->lazyfree));
	REASON("RSS is %s but %s of it (%.0f%%) is LazyFree: pages the program freed with MADV_FREE, which the "
	       "kernel takes back as soon as it needs memory. Effective memory is %s and %s (%s over %s). This is "
	       "not a leak; dashboards that show RSS overstate it.",
	       B(v->rss), B(v->lazyfree), 100 * v->lazyfree_share, B(v->end_level),
	       v->falling ? "falling" : "not rising", S(v->growth), D(v->span));
}

static void say_fell_from_peak(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("released: down %s from its peak", B(v->peak - v->level));
	REASON("%s peaked at %s (%s in) and went back down to %s%s: the memory was returned to the system. Not a "
	       "leak.",
	       metric_label(v), B(v->peak), D(v->changed_at), B(v->level), v->nchanges > 2 ? " in stages" : "");
}

static void say_step_held(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("plateau at %s after a one-time step", B(v->level));
	REASON("%s jumped %s at %s and has held at %s for %s since: a one-time step (a cache or buffer filled at "
	       "once), not a leak.",
	       metric_label(v), S(v->jump), D(v->changed_at), B(v->level), D(v->held));
}

static void say_step_young(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("undecided: a step of %s %s ago", S(v->jump), D(v->held));
	REASON("%s jumped %s at %s and has held for %s: a step that holds is not a leak, but %s is too short to "
	       "tell it from the start of a staircase. Watch about %s more.",
	       metric_label(v), S(v->jump), D(v->changed_at), D(v->held), D(v->held), D(v->more_seconds));
}

static void say_steps_stopped(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("plateau at %s after %zu steps", B(v->level), v->steps);
	REASON("%s grew %s in %zu steps about %s apart, then stopped at %s in and has held at %s for %s. A cache "
	       "or pool that filled up in chunks, not a leak.",
	       metric_label(v), S(v->jump), v->steps, D(v->spacing), D(v->changed_at), B(v->level), D(v->held));
}

static void say_steps_going(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("leak: %s grows in steps, %s/s", v->metric, B(v->slope));
	REASON("%s grew %s in %zu steps about %s apart, and the steps keep coming (the last %s ago): memory taken "
	       "in chunks and not given back. Theil-Sen %s/s (95%% [%s/s, %s/s]), Mann-Kendall p=%.3g.",
	       metric_label(v), S(v->jump), v->steps, D(v->spacing), D(v->held), B(v->slope), S(v->slope_lo),
	       S(v->slope_hi), v->trend_p);
}

static void say_steps_young(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("undecided: %zu steps up so far", v->steps);
	REASON("%s grew %s in %zu steps (the last %s ago). Steps that keep coming are a leak, steps that stop are "
	       "a cache filling up: watch about %s more.",
	       metric_label(v), S(v->jump), v->steps, D(v->held), D(v->more_seconds));
}

static void say_ramp_held(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("plateau at %s", B(v->level));
	REASON("Memory grew %s at %s/s for %s, then stopped %s in and has held at %s for %s (slope since %s/s). A "
	       "cache or pool that filled up, not a leak.",
	       B(v->rise), B(v->rise_rate), D(v->changed_at), D(v->changed_at), B(v->level), D(v->held),
	       S(v->slope_after));
}

static void say_ramp_young(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("undecided: growth stopped %s ago", D(v->held));
	REASON("Memory grew %s and has been flat for %s: too short to tell a plateau from a pause. Watch about %s "
	       "more.",
	       B(v->rise), D(v->held), D(v->more_seconds));
}

static void say_growing_young(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("undecided: growing %s/s for %s", B(v->slope), D(v->duration));
	REASON("%s grew %s over %s (Theil-Sen %s/s, Mann-Kendall p=%.3g), but the first seconds of a leak, of a "
	       "cache filling up and of a sawtooth's rise look the same: a leak verdict takes %s of growth. Watch "
	       "about %s more.",
	       metric_label(v), B(v->growth), D(v->span), B(v->slope), v->trend_p, D(v->need_seconds),
	       D(v->more_seconds));
}

static void say_slowing(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("undecided: growing, but slowing down");
	REASON("Memory grew %s over %s, but the rate fell from %s/s to %s/s: it may be levelling off into a "
	       "plateau. Watch about %s more.",
	       B(v->growth), D(v->span), B(v->slope_first), S(v->slope_second), D(v->more_seconds));
}

static void say_trend(const struct verdict *v, struct verdict_text *t)
{
	if (v->kind == VERDICT_LEAK_THREADS)
		SUMMARY("leak (threads): %.0f -> %.0f threads, %s/s", v->threads_start, v->threads_end, B(v->slope));
	else
		SUMMARY("leak: %s grows %s/s", v->metric, B(v->slope));
	REASON("%s grew %s over %s without slowing down: Theil-Sen %s/s (95%% [%s/s, %s/s]), Mann-Kendall p=%.3g; "
	       "this window can detect %s/s.",
	       metric_label(v), B(v->growth), D(v->span), B(v->slope), S(v->slope_lo), S(v->slope_hi), v->trend_p,
	       B(v->min_slope));
	if (v->grew)
		REASON(" Most of it is in region class %s.", v->grew);
}

static void say_no_trend(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("stable at %s", B(v->end_level));
	REASON("No trend over %s: %s changed %s (Theil-Sen %s/s, Mann-Kendall p=%.2g). A leak slower than %s/s "
	       "would not show in a window this short.",
	       D(v->span), v->metric, S(v->growth), S(v->slope), v->trend_p, B(v->min_slope));
}

static void say_falling(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("released: falling %s/s", B(-v->slope));
	REASON("%s fell %s over %s (Theil-Sen %s/s, Mann-Kendall p=%.3g).", metric_label(v), B(-v->growth), D(v->span),
	       S(v->slope), v->trend_p);
}

static void say_not_separable(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("undecided: %s moves %s/s, not yet separable", v->metric, S(v->slope));
	REASON("%s changed %s over %s (Theil-Sen %s/s, 95%% [%s/s, %s/s], Mann-Kendall p=%.3g), which this window "
	       "cannot yet tell from noise or a plateau (it can detect %s/s). Watch about %s more.",
	       metric_label(v), S(v->growth), D(v->span), S(v->slope), S(v->slope_lo), S(v->slope_hi), v->trend_p,
	       B(v->min_slope), D(v->more_seconds));
}

static void say_cg_leak_at_limit(const struct verdict *v, struct verdict_text *t)
{
	SUMMARY("leak at the limit: anon grew %s", S(v->component_growth));
	REASON("Usage is pinned at the limit %s (hit %.0f times), but anonymous memory grew %s underneath: the "
	       "kernel is pushing page cache out to make room, and the OOM killer comes next.",
	       B(v->cg_limit), v->limit_hits, S(v->component_growth));
}

static void say_cg_plateau_at_limit(const struct verdict *v, struct verdict_text *t)
{
	bool named = v->component && strcmp(v->component, "anon") != 0;

	SUMMARY("plateau at the limit: %s of %s", B(v->level), B(v->cg_limit));
	REASON("Usage holds at %s, %.0f%% of the limit %s. The cgroup hit its limit %.0f times during the watch and "
	       "the kernel reclaimed (%s) instead of killing%s. Growth that stops at the limit is cache being "
	       "recycled, not a leak.",
	       B(v->level), 100 * v->level / v->cg_limit, B(v->cg_limit), v->limit_hits,
	       named ? v->component : "page cache", v->oom_kills > 0 ? "" : ": no OOM kill");
}

static void say_cg_component(const struct verdict *v, struct verdict_text *t)
{
	switch (v->kind) {
	case VERDICT_PAGE_CACHE:
		SUMMARY("page cache growth: %s, not a leak", S(v->component_growth));
		REASON("The cgroup's usage grew %s, mostly page cache (%s): pages of files the container reads or "
		       "writes. The kernel reclaims them under pressure and they stop growing at the limit; the "
		       "processes' own memory did not grow like this.",
		       S(v->usage_growth), S(v->component_growth));
		break;
	case VERDICT_SHMEM:
		SUMMARY("shmem/tmpfs growth: %s, real memory", S(v->component_growth));
		REASON("The cgroup's usage grew %s, mostly shmem/tmpfs (%s): files in /dev/shm or a tmpfs mount, or "
		       "shared memory. It looks like cache, but it cannot be reclaimed without swap: it stays until "
		       "the files are deleted.",
		       S(v->usage_growth), S(v->component_growth));
		break;
	default:
		SUMMARY("kernel memory growth: %s", S(v->component_growth));
		REASON("The cgroup's usage grew %s, mostly kernel memory (%s): socket buffers, slab (dentries, "
		       "inodes), page tables or kernel stacks charged to the container.",
		       S(v->usage_growth), S(v->component_growth));
		break;
	}
}

static void (*const sayers[FINDING_COUNT])(const struct verdict *, struct verdict_text *) = {
	[FINDING_NO_SAMPLES] = say_no_samples,
	[FINDING_TOO_FEW_SAMPLES] = say_too_few,
	[FINDING_UNFITTABLE] = say_unfittable,
	[FINDING_SAWTOOTH_YOUNG] = say_sawtooth_young,
	[FINDING_SAWTOOTH_RISING] = say_sawtooth_rising,
	[FINDING_SAWTOOTH_FLAT] = say_sawtooth_flat,
	[FINDING_LAZYFREE] = say_lazyfree,
	[FINDING_FELL_FROM_PEAK] = say_fell_from_peak,
	[FINDING_STEP_HELD] = say_step_held,
	[FINDING_STEP_YOUNG] = say_step_young,
	[FINDING_STEPS_STOPPED] = say_steps_stopped,
	[FINDING_STEPS_GOING] = say_steps_going,
	[FINDING_STEPS_YOUNG] = say_steps_young,
	[FINDING_RAMP_HELD] = say_ramp_held,
	[FINDING_RAMP_YOUNG] = say_ramp_young,
	[FINDING_GROWING_YOUNG] = say_growing_young,
	[FINDING_SLOWING] = say_slowing,
	[FINDING_TREND] = say_trend,
	[FINDING_NO_TREND] = say_no_trend,
	[FINDING_FALLING] = say_falling,
	[FINDING_NOT_SEPARABLE] = say_not_separable,
	[FINDING_CG_LEAK_AT_LIMIT] = say_cg_leak_at_limit,
	[FINDING_CG_PLATEAU_AT_LIMIT] = say_cg_plateau_at_limit,
	[FINDING_CG_COMPONENT] = say_cg_component,
};

static void say_advice(const struct verdict *v, struct verdict_text *t)
{
	switch (v->advice) {
	case ADVICE_THREADS:
		HINT("Threads are created and never exit (%.0f -> %.0f). Look for threads started per request or "
		     "per connection and not joined (pthread_detach/pool sizing); each keeps its stack.",
		     v->threads_start, v->threads_end);
		break;
	case ADVICE_GO_HEAP:
		HINT("Go: goroutine stacks and leaked objects both grow the Go heap (anon). Compare "
		     "runtime.NumGoroutine() over time and take two heap profiles (pprof -diff_base).");
		break;
	case ADVICE_GLIBC_HEAP:
		HINT("glibc malloc: find who holds the allocations (heaptrack, valgrind --tool=massif, or 'memtrace "
		     "snapshot --save' twice and 'memtrace diff' to see which mappings grow).");
		break;
	case ADVICE_DIFF_SNAPSHOTS:
		HINT("Save two snapshots ('memtrace snapshot --save') and 'memtrace diff' them to see which mappings "
		     "grow.");
		break;
	case ADVICE_GO_MADVDONTNEED:
		HINT("This Go runtime frees with MADV_FREE: GODEBUG=madvdontneed=1 makes it use MADV_DONTNEED so RSS "
		     "drops at once (Go 1.16+ does so by default).");
		break;
	case ADVICE_LAZYFREE_KNOBS:
		HINT("The kernel reclaims LazyFree pages under memory pressure without swapping or OOM. To make RSS "
		     "honest: Go GODEBUG=madvdontneed=1; jemalloc muzzy_decay_ms:0 in MALLOC_CONF; mimalloc "
		     "MIMALLOC_PURGE_DECOMMITS=1.");
		break;
	case ADVICE_GLIBC_RETENTION:
		HINT("RSS sits at its high-water mark under glibc malloc: if the program has freed most of it, this "
		     "is allocator retention (malloc_trim(0) returns it; MALLOC_ARENA_MAX=2 limits arenas).");
		break;
	case ADVICE_PAGE_CACHE:
		HINT("docker stats and the kubelet working set count the active part of the page cache. Look for "
		     "files written and never read again (logs, temp files); fadvise(DONTNEED) or O_DIRECT keeps "
		     "them out of the cache.");
		break;
	case ADVICE_SHMEM_FILES:
		HINT("List the files: du -sh /dev/shm and the container's tmpfs mounts.");
		break;
	case ADVICE_KERNEL_HANDLES:
		HINT("Look for connections or files that are never closed (ls /proc/PID/fd | wc -l, ss -s).");
		break;
	default:
		break;
	}
}

/* Sentences the evidence adds to any verdict, in this order. */
static void say_extras(const struct verdict *v, struct verdict_text *t)
{
	if (v->grew_pid > 0) {
		SUMMARY(" (pid %d %s)", v->grew_pid, v->grew_comm);
		REASON(" It is anonymous memory, and it grew in pid %d (%s): %s.", v->grew_pid, v->grew_comm,
		       S(v->grew_pid_bytes));
	}
	if (isfinite(v->oom_kills) && v->oom_kills > 0)
		REASON(" %.0f OOM kills happened during the watch.", v->oom_kills);
	if (v->into_swap) {
		SUMMARY(" (into swap)");
		REASON(" %s is held at %s while swap grows %s/s (%s over the window): the leak is being pushed to "
		       "swap, which only delays the OOM kill.",
		       v->metric && strcmp(v->metric, "cgroup_usage") == 0 ? "Usage" : "RSS", B(v->held_at),
		       B(v->swap_slope), S(v->swap_growth));
	}
	if (v->reclaimed_lazyfree > 0)
		REASON(" The kernel reclaimed %s of LazyFree under memory pressure (RSS fell with it): not a release "
		       "by the program; its effective memory did not change.",
		       B(v->reclaimed_lazyfree));
	if (v->identity.event[0])
		REASON(strcmp(v->identity.event, "exec") == 0
			       ? " The program was replaced at t=%.1f s (exec: %s -> %s): judged since then."
			       : " PID reused at t=%.1f s (%s -> %s): judged since then.",
		       v->identity.at, v->identity.from, v->identity.to);
}

/* ---- the Go runtime's own accounting ---- */

#define GO(...) put(t->go, sizeof(t->go), __VA_ARGS__)
#define GO_HINT(...) put(t->go_hint, sizeof(t->go_hint), __VA_ARGS__)

/* The base URL for the commands: the one given, else a placeholder. */
static const char *pprof_base(const struct go_verdict *g)
{
	return g->pprof[0] ? g->pprof : "http://HOST:PORT";
}

static void say_go_madv_free(const struct go_verdict *g, struct verdict_text *t)
{
	GO("LazyFree (%s) matches the heap the Go runtime released (HeapReleased %s): those pages were freed "
	   "with MADV_FREE, are not in use, and the kernel takes them back when it needs memory.",
	   B(g->lazyfree_last), B(g->heap_released_last));
	if (g->madv_free_expected && g->go_version[0])
		GO(" As expected of %s: Go 1.12 to 1.15 free with MADV_FREE, and later ones with "
		   "GODEBUG=madvdontneed=0.", g->go_version);
	else if (g->madv_free_expected)
		GO(" As expected of this runtime: Go 1.12 to 1.15 free with MADV_FREE, and later ones with "
		   "GODEBUG=madvdontneed=0.");
	GO_HINT("GODEBUG=madvdontneed=1 makes the runtime free with MADV_DONTNEED, so RSS drops at once "
		"(the default since Go 1.16; =0 brings MADV_FREE back).");
}

static void say_go_goroutines(const struct go_verdict *g, struct verdict_text *t)
{
	GO("Goroutines rose from %.0f to %.0f with the memory", g->goroutines_first, g->goroutines_last);
	if (g->group[0]) {
		GO(": +%.0f in %s", g->group_growth, g->group);
		if (g->group_caller[0])
			GO(" <- %s", g->group_caller);
		GO(" (%.0f now)", g->group_count);
	} else if (!g->pprof[0]) {
		GO(" (the count the service publishes in expvar: --go-pprof would name the group that grows)");
	}
	GO(". Goroutine stacks %s -> %s, HeapInuse %s -> %s.", B(g->stack_inuse_first), B(g->stack_inuse_last),
	   B(g->heap_inuse_first), B(g->heap_inuse_last));
	GO_HINT("Find where %s is started and why it never returns (a time.Ticker never stopped, a channel "
		"nobody closes, a context never cancelled): go tool pprof -traces '%s/debug/pprof/goroutine'.",
		g->group[0] ? g->group : "the growing goroutine", pprof_base(g));
}

static void say_go_heap(const struct go_verdict *g, struct verdict_text *t)
{
	GO("The Go heap grows: HeapInuse %s -> %s (%s) while goroutines stay at %.0f -> %.0f: objects are kept "
	   "reachable (a cache, a map or a slice that only grows).",
	   B(g->heap_inuse_first), B(g->heap_inuse_last), S(g->heap_inuse_last - g->heap_inuse_first),
	   g->goroutines_first, g->goroutines_last);
	GO_HINT("Take two heap profiles some minutes apart and compare them: curl -so base.heap "
		"'%s/debug/pprof/heap'; later curl -so now.heap '%s/debug/pprof/heap'; then "
		"go tool pprof -diff_base base.heap now.heap.",
		pprof_base(g), pprof_base(g));
}

static void say_go_outside(const struct go_verdict *g, struct verdict_text *t)
{
	GO("Memory grew %s but what the Go runtime holds from the OS (Sys) went only %s -> %s: the growth is "
	   "outside the Go heap (cgo, mmap'd memory or files, stacks of OS threads)",
	   S(g->growth), B(g->sys_first), B(g->sys_last));
	if (g->grew)
		GO("; the region class that grew most is %s", g->grew);
	GO(".");
	GO_HINT("Go heap profiles will not show it: look at the mappings that grow ('memtrace snapshot --save' "
		"twice, 'memtrace diff') and at cgo allocations.");
}

static void say_go_headroom(const struct go_verdict *g, struct verdict_text *t)
{
	GO("The Go heap holds its level: %s live (HeapAlloc), the next GC at %s (", B(g->heap_alloc_last),
	   B(g->next_gc_last));
	/* NextGC is the heap marked at the last GC plus GOGC percent of it,
	 * not HeapAlloc's: only the setting is named */
	if (isnan(g->gogc))
		GO("GOGC's headroom, unset so 100)");
	else if (g->gogc >= 0)
		GO("GOGC's headroom, GOGC=%.0f)", g->gogc);
	else
		GO("GOGC=off: where GOMEMLIMIT puts it)");
	if (isfinite(g->rss_last) && g->next_gc_last > 0)
		GO("; RSS %s is %.0f%% of NextGC", B(g->rss_last), 100 * g->rss_last / g->next_gc_last);
	GO(": the level is the live heap plus the room GOGC leaves it, not a leak.");
	if (g->memlimit > 0 && isfinite(g->memlimit) && isfinite(g->rss_last))
		GO(" GOMEMLIMIT is %s: %s %s it.", B(g->memlimit), B(g->memlimit - g->rss_last),
		   g->rss_last <= g->memlimit ? "below" : "above");
	GO_HINT("A lower GOGC, or GOMEMLIMIT, trades CPU for a lower level.");
}

static void say_go(const struct verdict *v, struct verdict_text *t)
{
	const struct go_verdict *g = &v->go;

	switch (g->finding) {
	case GOF_MADV_FREE:
		say_go_madv_free(g, t);
		break;
	case GOF_GOROUTINE_LEAK:
		say_go_goroutines(g, t);
		SUMMARY(" (goroutines %+.0f)", g->goroutines_last - g->goroutines_first);
		break;
	case GOF_HEAP_LEAK:
		say_go_heap(g, t);
		break;
	case GOF_OUTSIDE_HEAP:
		say_go_outside(g, t);
		break;
	case GOF_GC_HEADROOM:
		say_go_headroom(g, t);
		break;
	case GOF_FEW_READS:
		GO("One read of the Go endpoints so far: nothing to compare yet.");
		break;
	case GOF_NO_FINDING:
		GO("Goroutines %.0f -> %.0f, HeapInuse %s -> %s: nothing beyond the verdict.", g->goroutines_first,
		   g->goroutines_last, B(g->heap_inuse_first), B(g->heap_inuse_last));
		break;
	default:
		break;
	}
}

void verdict_render(const struct verdict *v, struct verdict_text *t)
{
	memset(t, 0, sizeof(*t));
	if ((size_t)v->finding < FINDING_COUNT && sayers[v->finding])
		sayers[v->finding](v, t);
	say_advice(v, t);
	say_extras(v, t);
	say_go(v, t);
}
