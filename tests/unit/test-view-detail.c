/* The one-target view (full-screen watch, top's drill-down): it fits any
 * size it accepts, says when it is too small, draws the chart's scale and
 * shape, wraps the verdict's reason, and draws ASCII without UTF-8. */
#include "config.h"
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "view-detail.h"

#define MIB (1024.0 * 1024)

static struct proc_ring ring;
static struct verdict v;

static struct detail_input input(void)
{
	memset(&ring, 0, sizeof(ring));
	for (int k = 0; k < 30; k++)
		proc_ring_add(&ring, k, 10 * MIB + k * MIB, 10 * MIB + k * MIB, 0, 0);
	memset(&v, 0, sizeof(v));
	v.kind = VERDICT_LEAK;
	v.shape = SHAPE_LINEAR;
	v.finding = FINDING_TREND;
	v.advice = ADVICE_DIFF_SNAPSHOTS;
	v.metric = "effective";
	v.growth = 29 * MIB;
	v.span = 29;
	v.slope = 1 * MIB;
	v.slope_lo = 0.9 * MIB;
	v.slope_hi = 1.1 * MIB;
	v.trend_p = 1e-6;
	v.min_slope = 16 * 1024;
	return (struct detail_input){ .title = "memtrace watch  pid 42 leaker", .ring = &ring, .rss = 39 * MIB,
				      .effective = 39 * MIB, .lazyfree = 0, .swap = 0, .pss = NAN, .threads = 1,
				      .verdict = &v, .keys = "q quit" };
}

static bool any_line(const struct view_screen *s, const char *text)
{
	for (int i = 0; i < s->nlines; i++)
		if (strstr(s->lines[i].text, text))
			return true;
	return false;
}

static void test_fits(void **state)
{
	static const int sizes[][2] = { { 40, 10 }, { 80, 24 }, { 132, 50 }, { 250, 70 } };
	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct detail_input in = input();
		struct view_screen s;
		detail_view_build(&in, sizes[k][0], sizes[k][1], true, &s);
		assert_false(s.too_small);
		for (int i = 0; i < s.nlines; i++)
			assert_true(s.lines[i].cells <= sizes[k][0]);
		assert_true(any_line(&s, "Verdict: leak"));
		assert_true(strstr(s.lines[s.nlines - 1].text, "q quit") != NULL);
		view_screen_free(&s);
	}
}

static void test_too_small(void **state)
{
	struct detail_input in = input();
	struct view_screen s;
	(void)state;
	detail_view_build(&in, 20, 5, true, &s);
	assert_true(s.too_small);
	assert_true(s.lines[0].cells <= 20);
	view_screen_free(&s);
	detail_view_build(&in, 39, 40, true, &s);
	assert_true(s.too_small);
	assert_true(any_line(&s, "(needs 40x10)"));
	view_screen_free(&s);
}

static void test_chart(void **state)
{
	struct detail_input in = input();
	char l0[256], l1[256], *lines[2] = { l0, l1 };
	double lo, hi;
	(void)state;
	/* a ramp from 10 to 39 MiB: the scale starts at 0 (10 < half of 39),
	 * the newest column is full, the oldest low */
	detail_chart(in.ring, 30, 2, false, lines, &lo, &hi);
	assert_true(lo == 0);
	assert_true(fabs(hi - 39 * MIB) < 1);
	assert_int_equal(strlen(l0), 30);
	assert_int_equal(l0[29], '#');
	assert_int_equal(l1[29], '#');
	assert_int_equal(l0[0], ' ');
	assert_true(l1[0] != ' ');
	/* a process high above zero that moves a little keeps its shape */
	memset(&ring, 0, sizeof(ring));
	for (int k = 0; k < 10; k++)
		proc_ring_add(&ring, k, 1000 * MIB + k * MIB, NAN, NAN, 0);
	detail_chart(&ring, 10, 2, false, lines, &lo, &hi);
	assert_true(lo > 900 * MIB);
	assert_int_equal(l0[0], ' ');
	assert_int_equal(l0[9], '#');
}

static void test_wraps_and_ascii(void **state)
{
	struct detail_input in = input();
	struct view_screen s;
	(void)state;
	detail_view_build(&in, 60, 30, false, &s);
	/* the reason, rendered from the verdict's numbers, wraps */
	assert_true(any_line(&s, "  Effective memory (RSS - LazyFree) grew 29.0 MiB"));
	assert_true(any_line(&s, "Theil-Sen"));
	assert_true(any_line(&s, "hint: Save two snapshots"));
	for (int i = 0; i < s.nlines; i++)
		for (const unsigned char *p = (const unsigned char *)s.lines[i].text; *p; p++)
			assert_true(*p < 0x80);
	view_screen_free(&s);
}

/* With a Go service's reads the verdict block adds what they say. */
static void test_go_runtime(void **state)
{
	struct detail_input in = input();
	struct view_screen s;
	(void)state;
	v.go.finding = GOF_GOROUTINE_LEAK;
	v.go.goroutines_first = 5;
	v.go.goroutines_last = 1205;
	v.go.group_growth = 1200;
	v.go.group_count = 1200;
	snprintf(v.go.group, sizeof(v.go.group), "main.worker");
	detail_view_build(&in, 100, 40, true, &s);
	assert_true(any_line(&s, "go runtime: Goroutines rose from 5 to 1205"));
	assert_true(any_line(&s, "main.worker"));
	assert_true(any_line(&s, "go hint:"));
	view_screen_free(&s);
	v.go.finding = GOF_NONE; /* and nothing without reads */
	detail_view_build(&in, 100, 40, true, &s);
	assert_false(any_line(&s, "go runtime:"));
	view_screen_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits),
		cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_chart),
		cmocka_unit_test(test_wraps_and_ascii),
		cmocka_unit_test(test_go_runtime),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
