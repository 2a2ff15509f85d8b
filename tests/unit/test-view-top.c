/* The view model of `memtrace top` at several terminal sizes: what fits,
 * what is dropped, the sort, the filter, the selection kept in view, the
 * sparkline, and the "too small" screen.  Pure: no terminal involved. */
#include "config.h"
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "view-top.h"
#include "analysis-verdict.h"

#define MIB (1024.0 * 1024)
#define N 40

static struct proc_ring rings[N];
static struct top_item items[N];
static char comms[N][32];

static void make_items(void)
{
	for (int i = 0; i < N; i++) {
		memset(&rings[i], 0, sizeof(rings[i]));
		for (int k = 0; k < 60; k++)
			proc_ring_add(&rings[i], 100 + k, (10 + i) * MIB + (i == 7 ? k * MIB : 0), NAN, NAN, 0);
		snprintf(comms[i], sizeof(comms[i]), i == 7 ? "leaker" : "proc%02d", i);
		items[i] = (struct top_item){ .pid = 1000 + i, .user = "root", .comm = comms[i], .rss = (10 + i) * MIB,
					      .effective = i % 2 ? (10 + i) * MIB : NAN, .lazyfree = NAN, .swap = 0,
					      .pss = NAN, .growth = i == 7 ? MIB : 0, .verdict = i == 7 ? VERDICT_LEAK : VERDICT_STABLE,
					      .ring = &rings[i] };
	}
}

static struct top_header header(void)
{
	return (struct top_header){ .clock = 0, .interval = 1, .processes = N, .self_cpu_share = 0.01,
				    .self_rss = 4 * MIB, .mem_total = 8192 * MIB, .mem_available = 4096 * MIB,
				    .swap_total = 0, .swap_free = 0 };
}

static struct view_screen build(int cols, int rows, struct top_view_opts *o)
{
	struct top_header h = header();
	struct view_screen s;
	pid_t vis[64];
	size_t nvis;

	make_items();
	o->cols = cols;
	o->rows = rows;
	top_view_build(&h, items, N, o, &s, vis, 64, &nvis);
	return s;
}

static bool has(const struct view_screen *s, int line, const char *text)
{
	return line < s->nlines && strstr(s->lines[line].text, text) != NULL;
}

static void test_every_line_fits(void **state)
{
	static const int sizes[][2] = { { 48, 6 }, { 80, 24 }, { 120, 40 }, { 200, 60 }, { 300, 10 } };
	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct top_view_opts o = { .unicode = true };
		struct view_screen s = build(sizes[k][0], sizes[k][1], &o);
		assert_false(s.too_small);
		assert_int_equal(s.nlines, sizes[k][1]);
		for (int i = 0; i < s.nlines; i++)
			assert_true(s.lines[i].cells <= sizes[k][0]);
		view_screen_free(&s);
	}
}

static void test_too_small(void **state)
{
	struct top_view_opts o = { 0 };
	struct view_screen s = build(20, 5, &o);
	(void)state;
	assert_true(s.too_small);
	assert_int_equal(s.nlines, 1);
	assert_true(s.lines[0].cells <= 20);
	assert_true(has(&s, 0, "needs 48x6")); /* the longest form that fits 20 cells */
	view_screen_free(&s);
	s = build(30, 8, &o);
	assert_true(has(&s, 0, "too small (needs 48x6)"));
	view_screen_free(&s);
	s = build(47, 30, &o);
	assert_true(s.too_small);
	assert_true(has(&s, 0, "terminal too small (needs 48x6)"));
	view_screen_free(&s);
}

static void test_growth_first_and_sort_keys(void **state)
{
	struct top_view_opts o = { .sort = TOP_SORT_GROWTH };
	struct view_screen s = build(120, 20, &o);
	(void)state;
	assert_true(has(&s, 3, "leaker"));
	assert_true(has(&s, 3, "leak"));
	assert_true(has(&s, 2, "GROW/s*"));
	/* the leak's verdict is marked as bad, the row selected */
	assert_int_equal(s.lines[3].attr, VA_SELECTED);
	view_screen_free(&s);
	o = (struct top_view_opts){ .sort = TOP_SORT_RSS };
	s = build(120, 20, &o);
	assert_true(has(&s, 3, "proc39"));
	assert_true(has(&s, 2, "RSS*"));
	view_screen_free(&s);
	o = (struct top_view_opts){ .sort = TOP_SORT_RSS, .reverse = true };
	s = build(120, 20, &o);
	assert_true(has(&s, 3, "proc00"));
	view_screen_free(&s);
	/* unknown values go last, ascending or not */
	o = (struct top_view_opts){ .sort = TOP_SORT_EFFECTIVE, .reverse = true };
	s = build(120, 50, &o);
	assert_true(has(&s, 3, "proc01"));
	view_screen_free(&s);
}

static void test_filter(void **state)
{
	struct top_view_opts o = { .sort = TOP_SORT_PID, .filter = "proc1" };
	struct view_screen s = build(120, 30, &o);
	int rows = 0;
	(void)state;
	for (int i = 3; i < s.nlines - 1; i++)
		rows += s.lines[i].cells > 0;
	assert_int_equal(rows, 10); /* proc10 .. proc19 */
	assert_true(has(&s, 1, "filter \"proc1\""));
	view_screen_free(&s);
}

static void test_narrow_drops_columns(void **state)
{
	struct top_view_opts o = { 0 };
	struct view_screen s = build(48, 10, &o);
	(void)state;
	assert_false(has(&s, 2, "USER"));
	assert_false(has(&s, 2, "PSS"));
	assert_true(has(&s, 2, "PID"));
	assert_true(has(&s, 2, "VERDICT"));
	assert_true(has(&s, 2, "COMMAND"));
	view_screen_free(&s);
	s = build(160, 10, &o);
	assert_true(has(&s, 2, "USER"));
	assert_true(has(&s, 2, "HISTORY"));
	view_screen_free(&s);
}

static void test_selection_scrolls(void **state)
{
	struct top_view_opts o = { .sort = TOP_SORT_PID, .selected = 1035 };
	struct view_screen s = build(100, 10, &o); /* 6 rows of processes */
	bool seen = false;
	(void)state;
	for (int i = 3; i < s.nlines - 1; i++)
		if (s.lines[i].attr == VA_SELECTED)
			seen = strstr(s.lines[i].text, "1035") != NULL;
	assert_true(seen);
	assert_true(o.scroll > 0);
	view_screen_free(&s);
}

static void test_ascii_without_utf8(void **state)
{
	struct top_view_opts o = { .unicode = false };
	struct view_screen s;
	(void)state;
	snprintf(comms[0], sizeof(comms[0]), "x");
	s = build(160, 50, &o);
	for (int i = 0; i < s.nlines; i++)
		for (const unsigned char *p = (const unsigned char *)s.lines[i].text; *p; p++)
			assert_true(*p < 0x80);
	view_screen_free(&s);
}

static void test_sparkline(void **state)
{
	struct proc_ring r = { 0 };
	char buf[256];
	(void)state;
	for (int k = 0; k < 8; k++)
		proc_ring_add(&r, k, k * MIB, NAN, NAN, 0);
	view_sparkline(&r, 8, false, buf, sizeof(buf));
	assert_string_equal(buf, "_.:-=+*#");
	view_sparkline(&r, 10, false, buf, sizeof(buf));
	assert_string_equal(buf, "  _.:-=+*#");
	/* flat is flat, not noise blown up */
	memset(&r, 0, sizeof(r));
	for (int k = 0; k < 8; k++)
		proc_ring_add(&r, k, 100 * MIB + (k % 2) * 4096, NAN, NAN, 0);
	view_sparkline(&r, 8, false, buf, sizeof(buf));
	assert_string_equal(buf, "________");
	view_sparkline(&r, 4, true, buf, sizeof(buf));
	assert_string_equal(buf, "\u2581\u2581\u2581\u2581");
}

static void test_sizes(void **state)
{
	char b[32];
	(void)state;
	assert_string_equal(view_size(512, b, sizeof(b)), "512B");
	assert_string_equal(view_size(1536, b, sizeof(b)), "1.5K");
	assert_string_equal(view_size(300 * MIB, b, sizeof(b)), "300M");
	assert_string_equal(view_size(NAN, b, sizeof(b)), "-");
}

static void test_cgroup_view(void **state)
{
	struct proc_ring spark = { 0 };
	struct top_cg_item cg[3] = {
		{ .path = "/system.slice", .id = "", .usage = 300 * MIB, .docker = 200 * MIB, .anon = 100 * MIB,
		  .file = 190 * MIB, .shmem = 0, .kernel = 10 * MIB, .swap = 0, .growth = 0, .verdict = VERDICT_STABLE,
		  .spark = &spark },
		{ .path = "/docker/3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a", .id =
		  "3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a", .runtime = "docker",
		  .usage = 50 * MIB, .docker = 20 * MIB, .anon = 10 * MIB, .file = 38 * MIB, .shmem = 0,
		  .kernel = 2 * MIB, .swap = 0, .growth = 2 * MIB, .verdict = VERDICT_PAGE_CACHE, .spark = &spark },
		{ .path = "/user.slice", .id = "", .usage = 80 * MIB, .docker = NAN, .anon = 70 * MIB, .file = 8 * MIB,
		  .shmem = NAN, .kernel = 2 * MIB, .swap = NAN, .growth = NAN, .verdict = -1, .spark = &spark },
	};
	struct top_header h = header();
	struct top_view_opts o = { .cols = 140, .rows = 12, .sort = TOP_SORT_GROWTH };
	struct view_screen s;
	(void)state;
	h.cgroups = true;
	h.processes = 3;
	top_view_build_cgroups(&h, cg, 3, &o, &s);
	assert_true(has(&s, 0, "3 memory cgroups"));
	assert_true(has(&s, 2, "DOCKER"));
	/* the growing container first, named by runtime and short id */
	assert_true(has(&s, 3, "docker 3f2a1b0c9d8e  /docker/3f2a"));
	assert_true(has(&s, 3, "page-cache "));
	/* unknown growth last */
	assert_true(has(&s, 5, "/user.slice"));
	for (int i = 0; i < s.nlines; i++)
		assert_true(s.lines[i].cells <= 140);
	view_screen_free(&s);
	o = (struct top_view_opts){ .cols = 60, .rows = 12, .sort = TOP_SORT_RSS };
	top_view_build_cgroups(&h, cg, 3, &o, &s);
	assert_true(has(&s, 3, "/system.slice"));
	assert_false(has(&s, 2, "SHMEM"));
	for (int i = 0; i < s.nlines; i++)
		assert_true(s.lines[i].cells <= 60);
	view_screen_free(&s);
	o = (struct top_view_opts){ .cols = 20, .rows = 5 };
	top_view_build_cgroups(&h, cg, 3, &o, &s);
	assert_true(s.too_small);
	view_screen_free(&s);
	/* the selection follows its cgroup when the rows move (back from its
	 * drill-down, after a re-sort) */
	o = (struct top_view_opts){ .cols = 140, .rows = 12, .sort = TOP_SORT_GROWTH, .selected = 2 };
	top_view_build_cgroups(&h, cg, 3, &o, &s);
	assert_string_equal(o.selected_path, "/user.slice");
	assert_int_equal(s.lines[5].attr, VA_SELECTED);
	view_screen_free(&s);
	o.sort = TOP_SORT_RSS;
	top_view_build_cgroups(&h, cg, 3, &o, &s);
	assert_int_equal(o.selected, 1);
	assert_true(has(&s, 4, "/user.slice"));
	assert_int_equal(s.lines[4].attr, VA_SELECTED);
	view_screen_free(&s);
	o.sort = TOP_SORT_GROWTH;
	top_view_build_cgroups(&h, cg, 3, &o, &s);
	assert_int_equal(o.selected, 2);
	assert_int_equal(s.lines[5].attr, VA_SELECTED);
	view_screen_free(&s);
}

static void test_help_fits(void **state)
{
	struct view_screen s;
	(void)state;
	top_view_help(80, 24, &s);
	for (int i = 0; i < s.nlines; i++)
		assert_true(s.lines[i].cells <= 80);
	view_screen_free(&s);
	top_view_help(20, 5, &s);
	assert_true(s.too_small);
	view_screen_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_line_fits),   cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_growth_first_and_sort_keys), cmocka_unit_test(test_filter),
		cmocka_unit_test(test_narrow_drops_columns), cmocka_unit_test(test_selection_scrolls),
		cmocka_unit_test(test_ascii_without_utf8), cmocka_unit_test(test_sparkline),
		cmocka_unit_test(test_sizes),             cmocka_unit_test(test_help_fits),
		cmocka_unit_test(test_cgroup_view),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
