/* The parsers of a Go service's pprof and expvar endpoints, on texts
 * captured from tests/go/gosvc (tests/fixtures/go/) and on truncated,
 * reordered and foreign ones. */
#include "config.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-goruntime.h"
#include "model-goruntime.h"
#include "model-runtime.h"
#include "model-series.h"
#include "output-verdict-text.h"
#include "source-goparse.h"
#include "analysis-top.h"
#include "model-proctable.h"

static char *fixture(const char *name, size_t *len)
{
	const char *top = getenv("abs_top_srcdir");
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/tests/fixtures/go/%s", top && *top ? top : ".", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	/* exactly N bytes, no terminator: the parsers must not need one */
	buf = malloc(n > 0 ? (size_t)n : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static enum go_parse heap_of(const char *name, double stat[GS_COUNT])
{
	size_t len;
	char *buf = fixture(name, &len);
	enum go_parse r;

	go_stats_clear(stat);
	r = goparse_heap(buf, len, stat);
	free(buf);
	return r;
}

static void test_heap_captured(void **state)
{
	double st[GS_COUNT];
	(void)state;
	assert_int_equal(heap_of("plateau.heap.txt", st), GP_OK);
	assert_true(st[GS_HEAP_ALLOC] == 33743192);
	assert_true(st[GS_HEAP_INUSE] == 34349056);
	assert_true(st[GS_HEAP_IDLE] == 3072000);
	assert_true(st[GS_HEAP_RELEASED] == 2981888);
	assert_true(st[GS_HEAP_SYS] == 37421056);
	assert_true(st[GS_SYS] == 48346376);
	assert_true(st[GS_STACK_INUSE] == 327680); /* "Stack = 327680 / 327680" */
	assert_true(st[GS_NEXT_GC] == 57740928);
	assert_true(st[GS_NUM_GC] == 4);
	assert_true(st[GS_LAST_PAUSE_NS] == 47433); /* PauseNs[(4+255)%256] */

	/* no GC yet: no last pause (unknown, not 0) */
	assert_int_equal(heap_of("ticker-leak.heap.txt", st), GP_OK);
	assert_true(st[GS_NUM_GC] == 0);
	assert_true(isnan(st[GS_LAST_PAUSE_NS]));
	assert_true(st[GS_HEAP_INUSE] > 0);

	assert_int_equal(heap_of("madvfree.heap.txt", st), GP_OK);
	assert_true(st[GS_HEAP_RELEASED] == 70221824);
}

static void test_heap_reordered_truncated(void **state)
{
	double st[GS_COUNT];
	(void)state;
	/* reversed trailer, StackInuse under its own name, an unknown field,
	 * and a second HeapInuse that is not a number (ignored) */
	assert_int_equal(heap_of("reordered.heap.txt", st), GP_OK);
	assert_true(st[GS_HEAP_INUSE] == 34349056);
	assert_true(st[GS_STACK_INUSE] == 327680);
	assert_true(st[GS_NEXT_GC] == 57740928);
	assert_true(st[GS_LAST_PAUSE_NS] == 47433);

	/* cut inside "HeapIdle = 4292...": what is complete, not the stub */
	assert_int_equal(heap_of("truncated.heap.txt", st), GP_OK);
	assert_true(st[GS_HEAP_SYS] > 0);
	assert_true(isnan(st[GS_HEAP_IDLE]));
	assert_true(isnan(st[GS_HEAP_INUSE]));
	assert_true(isnan(st[GS_NEXT_GC]));
}

static void test_heap_foreign(void **state)
{
	double st[GS_COUNT];
	static const char big[] = "# runtime.MemStats\n# HeapInuse = 99999999999999999999999\n# NumGC = 1\n"
				  "# PauseNs = [1 2\n";
	(void)state;
	assert_int_equal(heap_of("pprof-index.html", st), GP_HTML);
	assert_int_equal(heap_of("no-trailer.heap.txt", st), GP_NO_MEMSTATS);
	assert_int_equal(heap_of("ticker-leak.vars.json", st), GP_NOT_PROFILE);
	assert_int_equal(goparse_heap("", 0, st), GP_EMPTY);
	go_stats_clear(st);
	assert_int_equal(goparse_heap(big, strlen(big), st), GP_OK);
	assert_true(isnan(st[GS_HEAP_INUSE])); /* 10^18 or more: not a field memtrace keeps */
	assert_true(st[GS_NUM_GC] == 1);
	assert_true(isnan(st[GS_LAST_PAUSE_NS])); /* a ring of 2, not 256 */
}

/* The pprof index's goroutine count: Go 1.19's page (captured from
 * gosvc), the older table, and pages that have none */
static void test_pprof_index(void **state)
{
	static const char old[] = "<html>\n<body>\n/debug/pprof/<br>\n<table>\n"
				  "<tr><td align=right>1234<td><a href=\"goroutine?debug=1\">goroutine</a>\n"
				  "<tr><td align=right>9<td><a href=\"heap?debug=1\">heap</a>\n</table>\n";
	static const char nocount[] = "<tr><td></td><td><a href='goroutine?debug=1'>goroutine</a></td></tr>\n";
	static const char cut[] = "<tr><td>77</td><td><a href='goroutine?debug=1'>goroutine</a></td></tr>";
	static const char huge[] = "<tr><td>123456789012345678901234</td><td><a>goroutine</a>\n";
	size_t len;
	char *buf = fixture("pprof-index.html", &len);
	double n;
	(void)state;
	assert_int_equal(goparse_pprof_index(buf, len, &n), GP_OK);
	assert_true(n == 43);
	free(buf);
	assert_int_equal(goparse_pprof_index(old, strlen(old), &n), GP_OK);
	assert_true(n == 1234);
	assert_int_equal(goparse_pprof_index(nocount, strlen(nocount), &n), GP_NOT_INDEX);
	assert_true(isnan(n));
	assert_int_equal(goparse_pprof_index(cut, strlen(cut), &n), GP_NOT_INDEX); /* a line cut short */
	assert_int_equal(goparse_pprof_index(huge, strlen(huge), &n), GP_NOT_INDEX);
	buf = fixture("ticker-leak.goroutine.txt", &len);
	assert_int_equal(goparse_pprof_index(buf, len, &n), GP_NOT_INDEX);
	free(buf);
	assert_int_equal(goparse_pprof_index("", 0, &n), GP_EMPTY);
}

static enum go_parse goroutines_of(const char *name, struct go_goroutines *gr)
{
	size_t len;
	char *buf = fixture(name, &len);
	enum go_parse r = goparse_goroutines(buf, len, gr);

	free(buf);
	return r;
}

static void test_goroutines_captured(void **state)
{
	struct go_goroutines gr;
	(void)state;
	assert_int_equal(goroutines_of("ticker-leak.goroutine.txt", &gr), GP_OK);
	assert_true(gr.total == 43);
	assert_int_equal(gr.ngroups, 4);
	assert_true(gr.g[0].count == 40);
	assert_int_equal(gr.g[0].nframes, 1);
	assert_string_equal(gr.g[0].func[0], "main.worker");
	assert_true(gr.g[1].count == 1);
	assert_int_equal(gr.g[1].nframes, GO_FRAMES); /* the top frames only */
	assert_string_equal(gr.g[1].func[0], "runtime/pprof.runtime_goroutineProfileWithLabels");
	assert_string_equal(gr.g[3].func[1], "internal/poll.(*pollDesc).wait");

	assert_int_equal(goroutines_of("plateau.goroutine.txt", &gr), GP_OK);
	assert_true(gr.total >= 3);
}

static void test_goroutines_truncated_foreign(void **state)
{
	struct go_goroutines gr;
	/* more groups than kept, out of order, a label line, hostile names */
	static const char many[] =
		"goroutine profile: total 60\n"
		"1 @ 0x1\n#\t0x1\ta.one+0x1\t/a.go:1\n\n"
		"2 @ 0x2\n#\t0x2\ta.two+0x1\t/a.go:2\n\n"
		"3 @ 0x3\n#\t0x3\ta.three+0x1\t/a.go:3\n\n"
		"4 @ 0x4\n# labels: {\"k\":\"v\"}\n#\t0x4\ta.four\x1b]0;x+0x1\t/a.go:4\n\n"
		"5 @ 0x5\n#\t0x5\ta.five+0x1\t/a.go:5\n\n"
		"6 @ 0x6\n#\t0x6\ta.six+0x1\t/a.go:6\n\n"
		"7 @ 0x7\n#\t0x7\ta.seven+0x1\t/a.go:7\n\n"
		"8 @ 0x8\n#\t0x8\ta.eight+0x1\t/a.go:8\n\n"
		"20 @ 0x9\n#\t0x9\ta.twenty+0x1\t/a.go:9\n\n";
	struct go_group key = { .nframes = 1, .func = { "a.two" } };
	(void)state;
	assert_int_equal(goparse_goroutines(many, strlen(many), &gr), GP_OK);
	assert_int_equal(gr.ngroups, GO_GROUPS);
	assert_true(gr.g[0].count == 20);
	assert_string_equal(gr.g[0].func[0], "a.twenty");
	assert_true(gr.g[GO_GROUPS - 1].count == 2); /* the 1 dropped */
	assert_string_equal(gr.g[5].func[0], "a.four\\x1b]0;x");
	assert_non_null(go_group_find(&gr, &key));
	assert_true(go_group_find(&gr, &key)->count == 2);

	/* cut inside a frame line: the total and the complete groups */
	assert_int_equal(goroutines_of("truncated.goroutine.txt", &gr), GP_OK);
	assert_true(gr.total == 43);
	assert_true(gr.g[0].count == 40);
	assert_string_equal(gr.g[0].func[0], "main.worker");

	assert_int_equal(goroutines_of("pprof-index.html", &gr), GP_HTML);
	assert_true(isnan(gr.total));
	assert_int_equal(goroutines_of("plateau.heap.txt", &gr), GP_NOT_PROFILE);
	assert_int_equal(goparse_goroutines("goroutine profile: total x\n", 27, &gr), GP_NOT_PROFILE);
	assert_int_equal(goparse_goroutines("", 0, &gr), GP_EMPTY);
}

static enum go_parse vars_of(const char *name, double stat[GS_COUNT])
{
	size_t len;
	char *buf = fixture(name, &len);
	enum go_parse r;

	double n;

	go_stats_clear(stat);
	r = goparse_expvar(buf, len, stat, &n);
	free(buf);
	return r;
}

static void test_expvar(void **state)
{
	double st[GS_COUNT], n;
	static const char reordered[] = "{\"memstats\":{\"NumGC\":2,\"PauseNs\":[],\"HeapInuse\":5,\"New\":1},\"cmdline\":[]}";
	(void)state;
	assert_int_equal(vars_of("plateau.vars.json", st), GP_OK);
	assert_true(st[GS_HEAP_INUSE] > 32 * 1048576.0);
	assert_true(st[GS_STACK_INUSE] > 0);
	assert_true(st[GS_NUM_GC] >= 4);
	assert_true(st[GS_LAST_PAUSE_NS] > 0);
	assert_int_equal(vars_of("madvfree.vars.json", st), GP_OK);
	assert_true(st[GS_HEAP_RELEASED] > 60 * 1048576.0);

	go_stats_clear(st);
	assert_int_equal(goparse_expvar(reordered, strlen(reordered), st, &n), GP_OK);
	assert_true(isnan(n)); /* no count published */
	assert_true(st[GS_HEAP_INUSE] == 5);
	assert_true(isnan(st[GS_HEAP_IDLE]));
	assert_true(isnan(st[GS_LAST_PAUSE_NS]));

	assert_int_equal(vars_of("not-expvar.json", st), GP_NOT_EXPVAR);
	assert_int_equal(vars_of("truncated.vars.json", st), GP_NOT_JSON);
	assert_int_equal(vars_of("pprof-index.html", st), GP_HTML);
	assert_int_equal(vars_of("plateau.heap.txt", st), GP_NOT_JSON);
	assert_int_equal(goparse_expvar("[1]", 3, st, &n), GP_NOT_JSON);
	assert_int_equal(goparse_expvar("", 0, st, &n), GP_EMPTY);
}

/* A goroutine count the service published beside memstats: a whole
 * number, or nothing */
static void test_expvar_goroutines(void **state)
{
	double st[GS_COUNT], n;
	static const struct {
		const char *json;
		double want; /* NaN: none */
	} c[] = {
		{ "{\"goroutines\":1234,\"memstats\":{}}", 1234 },
		{ "{\"memstats\":{},\"NumGoroutine\":7}", 7 },
		{ "{\"memstats\":{},\"goroutines\":\"12\"}", NAN },
		{ "{\"memstats\":{},\"goroutines\":-3}", NAN },
		{ "{\"memstats\":{},\"goroutines\":1.5}", NAN },
		{ "{\"memstats\":{},\"goroutines\":1e300}", NAN },
		{ "{\"memstats\":{},\"goroutines\":{\"n\":4}}", NAN },
		{ "{\"memstats\":{\"goroutines\":9}}", NAN }, /* inside memstats is not it */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		go_stats_clear(st);
		assert_int_equal(goparse_expvar(c[i].json, strlen(c[i].json), st, &n), GP_OK);
		if (isnan(c[i].want))
			assert_true(isnan(n));
		else
			assert_true(n == c[i].want);
	}
}

/* ---- the judges, on synthetic series: 20 samples a second apart, a
 * Go read every other one ---- */

#define MIB (1024.0 * 1024.0)

struct synth {
	double rss0, rss1, goroutines0, goroutines1, heap0, heap1, sys0, sys1;
	double lazyfree, released, next_gc, heap_alloc;
};

static double lerp(double a, double b, int i) { return a + (b - a) * i / 19.0; }

static struct go_verdict judge(const struct synth *y, const struct go_judge_in *in)
{
	struct series s;
	struct series_point *p;
	struct go_verdict g;
	size_t np;

	series_init(&s);
	for (int i = 0; i < 20; i++) {
		struct sample x;
		sample_clear(&x);
		x.t = i;
		x.v[M_RSS] = lerp(y->rss0, y->rss1, i);
		x.v[M_LAZYFREE] = y->lazyfree;
		if (i % 2 == 0) {
			x.v[M_GO_GOROUTINES] = round(lerp(y->goroutines0, y->goroutines1, i));
			x.v[M_GO_HEAP_INUSE] = lerp(y->heap0, y->heap1, i);
			x.v[M_GO_STACK_INUSE] = 8192 * x.v[M_GO_GOROUTINES];
			x.v[M_GO_SYS] = lerp(y->sys0, y->sys1, i);
			x.v[M_GO_HEAP_RELEASED] = y->released;
			x.v[M_GO_NEXT_GC] = y->next_gc;
			x.v[M_GO_HEAP_ALLOC] = y->heap_alloc;
		}
		series_add(&s, &x);
	}
	np = series_points(&s, -INFINITY, INFINITY, &p);
	go_verdict_compute(p, np, in, &g);
	free(p);
	series_free(&s);
	return g;
}

static void test_judge_goroutine_leak(void **state)
{
	struct synth y = { 20 * MIB, 60 * MIB, 5, 1205, 2 * MIB, 40 * MIB, 20 * MIB, 70 * MIB, 0, 1 * MIB, 80 * MIB, 30 * MIB };
	struct go_goroutines first, last;
	struct go_judge_in in = { .first = &first, .last = &last, .growth = 40 * MIB, .memory_grows = true,
				  .pprof = "http://127.0.0.1:6060" };
	struct go_group w = { .count = 1200, .nframes = 2, .func = { "main.worker", "main.handle" } };
	struct go_group acc = { .count = 1, .nframes = 1, .func = { "net.(*TCPListener).Accept" } };
	struct verdict v;
	struct verdict_text t;
	(void)state;
	go_goroutines_clear(&first);
	go_goroutines_clear(&last);
	first.total = 5;
	first.ngroups = 1;
	first.g[0] = acc;
	last.total = 1205;
	last.ngroups = 2;
	last.g[0] = w;
	last.g[1] = acc;
	v = (struct verdict){ .kind = VERDICT_LEAK };
	v.go = judge(&y, &in);
	assert_int_equal(v.go.finding, GOF_GOROUTINE_LEAK);
	assert_int_equal(v.go.reads, 10);
	assert_string_equal(v.go.group, "main.worker");
	assert_string_equal(v.go.group_caller, "main.handle");
	assert_true(v.go.group_growth == 1200);
	verdict_render(&v, &t);
	assert_non_null(strstr(t.go, "Goroutines rose from 5 to 1142"));
	assert_non_null(strstr(t.go, "+1200 in main.worker <- main.handle"));
	assert_non_null(strstr(t.go_hint, "http://127.0.0.1:6060/debug/pprof/goroutine"));
	assert_non_null(strstr(t.summary, "(goroutines +1137)"));
}

static void test_judge_heap_outside_headroom(void **state)
{
	struct synth heap = { 20 * MIB, 60 * MIB, 5, 6, 2 * MIB, 40 * MIB, 20 * MIB, 70 * MIB, 0, 1 * MIB, 80 * MIB, 30 * MIB };
	struct synth mmap = { 20 * MIB, 60 * MIB, 5, 6, 2 * MIB, 2.5 * MIB, 14 * MIB, 15 * MIB, 0, 1 * MIB, 4 * MIB, 2 * MIB };
	struct synth flat = { 70 * MIB, 70 * MIB, 5, 5, 66 * MIB, 66 * MIB, 80 * MIB, 80 * MIB, 0, 1 * MIB, 80 * MIB, 64 * MIB };
	struct go_judge_in grows = { .growth = 40 * MIB, .memory_grows = true, .grew = "anon" };
	struct go_judge_in settled = { .growth = 0, .memory_flat = true };
	struct verdict v = { .kind = VERDICT_LEAK };
	struct verdict_text t;
	(void)state;
	v.go = judge(&heap, &grows);
	assert_int_equal(v.go.finding, GOF_HEAP_LEAK);
	verdict_render(&v, &t);
	assert_non_null(strstr(t.go_hint, "go tool pprof -diff_base base.heap now.heap"));
	assert_non_null(strstr(t.go_hint, "http://HOST:PORT/debug/pprof/heap")); /* no URL given */

	v.go = judge(&mmap, &grows);
	assert_int_equal(v.go.finding, GOF_OUTSIDE_HEAP);
	assert_string_equal(v.go.grew, "anon");

	v.kind = VERDICT_PLATEAU;
	v.go = judge(&flat, &settled);
	assert_int_equal(v.go.finding, GOF_GC_HEADROOM);
	verdict_render(&v, &t);
	assert_non_null(strstr(t.go, "64.0 MiB live"));
	flat.next_gc = 400 * MIB; /* RSS far from NextGC: not GOGC's doing */
	assert_int_equal(judge(&flat, &settled).finding, GOF_NO_FINDING);
}

static void test_judge_madv_free_and_none(void **state)
{
	struct synth lazy = { 70 * MIB, 70 * MIB, 3, 3, 1 * MIB, 1 * MIB, 80 * MIB, 80 * MIB, 62 * MIB, 66 * MIB, 4 * MIB, 1 * MIB };
	struct go_judge_in in = { .growth = 0, .memory_flat = true };
	struct go_verdict g;
	struct series s;
	struct series_point *p;
	size_t np;
	(void)state;
	assert_int_equal(judge(&lazy, &in).finding, GOF_MADV_FREE);
	lazy.lazyfree = 20 * MIB; /* LazyFree from something else */
	assert_int_not_equal(judge(&lazy, &in).finding, GOF_MADV_FREE);

	/* no reads at all (a watch without the options, an old recording) */
	series_init(&s);
	for (int i = 0; i < 10; i++) {
		struct sample x;
		sample_clear(&x);
		x.t = i;
		x.v[M_RSS] = MIB;
		series_add(&s, &x);
	}
	np = series_points(&s, -INFINITY, INFINITY, &p);
	go_verdict_compute(p, np, &in, &g);
	assert_int_equal(g.finding, GOF_NONE);
	assert_true(isnan(g.goroutines_first));
	free(p);
	series_free(&s);
}

static void test_memlimit(void **state)
{
	(void)state;
	assert_true(runtime_parse_memlimit("512MiB") == 512.0 * 1048576);
	assert_true(runtime_parse_memlimit("2GiB") == 2.0 * 1073741824);
	assert_true(runtime_parse_memlimit("1000000") == 1000000);
	assert_true(runtime_parse_memlimit("64KiB") == 65536);
	assert_true(isnan(runtime_parse_memlimit("off")));
	assert_true(isnan(runtime_parse_memlimit("12MB"))); /* Go wants MiB */
	assert_true(isnan(runtime_parse_memlimit("")));
	assert_true(isnan(runtime_parse_memlimit(NULL)));
}

/* GOGC as runtime.readGOGC takes it (Go 1.19 src/runtime/mgcpacer.go) */
static void test_gogc(void **state)
{
	(void)state;
	assert_true(runtime_parse_gogc("50") == 50);
	assert_true(runtime_parse_gogc("0") == 0);
	assert_true(runtime_parse_gogc("off") == -1);
	assert_true(runtime_parse_gogc("-5") == -1);
	assert_true(runtime_parse_gogc("fifty") == 100); /* not a number: the default */
	assert_true(runtime_parse_gogc("50%") == 100);
	assert_true(runtime_parse_gogc("") == 100);
	assert_true(runtime_parse_gogc("99999999999") == 100);
	assert_true(isnan(runtime_parse_gogc(NULL)));
}

/* top --go-pprof: reads go into the ring's sample of the tick that took
 * them (none older than the ring), and the row is judged with them as a
 * watch would be: a goroutine leak in main.worker. */
static void test_top_row_with_reads(void **state)
{
	struct proc_row r;
	struct sample reads[4];
	struct series s;
	struct series_point *p;
	struct go_goroutines first, last;
	struct go_group w = { .count = 60, .nframes = 1, .func = { "main.worker" } };
	struct top_go_evidence ev = { .reads = reads, .first = &first, .last = &last, .is_go = true,
				      .memlimit = NAN, .gogc = NAN, .pprof = "http://127.0.0.1:6060" };
	struct verdict v;
	size_t n, with = 0;
	(void)state;
	memset(&r, 0, sizeof(r));
	for (int i = 0; i < 30; i++)
		proc_ring_add(&r.ring, 100 + i, (10 + 2 * i) * MIB, (10 + 2 * i) * MIB, 0, 0);
	/* one read before the ring, three in it (one between two ticks) */
	for (int i = 0; i < 4; i++) {
		sample_clear(&reads[i]);
		reads[i].t = (double[]){ 50, 100, 114.5, 129 }[i];
		reads[i].v[M_GO_GOROUTINES] = 5 + 20 * i;
		reads[i].v[M_GO_HEAP_INUSE] = (8 + 2 * i) * MIB;
	}
	ev.nreads = 4;
	series_init(&s);
	proc_ring_to_series_go(&r.ring, reads, 4, &s);
	n = series_points(&s, -INFINITY, INFINITY, &p);
	assert_int_equal(n, 30);
	for (size_t i = 0; i < n; i++)
		if (p[i].n[M_GO_GOROUTINES]) {
			with++;
			assert_true(p[i].t0 == 100 || p[i].t0 == 115 || p[i].t0 == 129);
		}
	assert_int_equal(with, 3);
	assert_true(p[15].mean[M_GO_GOROUTINES] == 45);
	free(p);
	go_goroutines_clear(&first);
	go_goroutines_clear(&last);
	first.total = 5;
	last.total = 65;
	last.ngroups = 1;
	last.g[0] = w;
	r.verdict = -1;
	top_judge_row_go(&r, 130, 1, NAN, &ev, &s, &v);
	assert_int_equal(v.kind, VERDICT_LEAK);
	assert_int_equal(r.verdict, VERDICT_LEAK);
	assert_int_equal(v.go.finding, GOF_GOROUTINE_LEAK);
	assert_string_equal(v.go.group, "main.worker");
	/* without evidence, no Go finding */
	top_judge_row(&r, 130, 1, NAN, &s, &v);
	assert_int_equal(v.go.finding, GOF_NONE);
	series_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heap_captured),
		cmocka_unit_test(test_heap_reordered_truncated),
		cmocka_unit_test(test_heap_foreign),
		cmocka_unit_test(test_goroutines_captured),
		cmocka_unit_test(test_goroutines_truncated_foreign),
		cmocka_unit_test(test_expvar),
		cmocka_unit_test(test_judge_goroutine_leak),
		cmocka_unit_test(test_judge_heap_outside_headroom),
		cmocka_unit_test(test_judge_madv_free_and_none),
		cmocka_unit_test(test_expvar_goroutines),
		cmocka_unit_test(test_pprof_index),
		cmocka_unit_test(test_memlimit),
		cmocka_unit_test(test_gogc),
		cmocka_unit_test(test_top_row_with_reads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
