/* The cgroup drill-down of top: it fits any size it accepts, says when it
 * is too small, charts usage, shows each component now with its growth,
 * the figures of docker stats, the kubelet and cAdvisor from
 * analysis-cgroup, the verdict with its evidence, and draws ASCII without
 * UTF-8. */
#include "config.h"
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "view-cgdetail.h"

#define MIB (1024.0 * 1024)

static struct cg_ring ring;
static struct verdict v;
static struct cgroup_stats stats;
static struct cgroup_view cv;

/* A cgroup whose page cache grows 1 MiB a tick, 30 ticks, under a limit
 * of 100 MiB: anon 8 MiB flat, page cache 10 to 39 MiB (half of it
 * inactive), shmem 1 MiB, kernel 2 MiB. */
static struct cgdetail_input input(void)
{
	struct cgdetail_input in = { .path = "/mt-top-1/app", .id = "0123456789abcdef0123", .runtime = "docker",
				     .limit = 100 * MIB, .version = 1, .ring = &ring, .keys = "Esc back  q quit" };

	memset(&ring, 0, sizeof(ring));
	for (int k = 0; k < 30; k++) {
		struct sample x;
		sample_clear(&x);
		x.v[M_CG_ANON] = 8 * MIB;
		x.v[M_CG_FILE] = 10 * MIB + k * MIB;
		x.v[M_CG_SHMEM] = 1 * MIB;
		x.v[M_CG_KERNEL] = 2 * MIB;
		x.v[M_CG_SWAP] = 0;
		x.v[M_CG_USAGE] = x.v[M_CG_ANON] + x.v[M_CG_FILE] + x.v[M_CG_KERNEL];
		x.v[M_CG_INACTIVE_FILE] = x.v[M_CG_FILE] / 2;
		cg_ring_add(&ring, k, &x);
	}
	for (int c = 0; c < CGC_COUNT; c++)
		in.growth[c] = 0;
	in.now[CGC_USAGE] = 49 * MIB;
	in.now[CGC_ANON] = 8 * MIB;
	in.now[CGC_FILE] = 39 * MIB;
	in.now[CGC_SHMEM] = 1 * MIB;
	in.now[CGC_KERNEL] = 2 * MIB;
	in.now[CGC_SWAP] = 0;
	in.growth[CGC_USAGE] = in.growth[CGC_FILE] = 1 * MIB;
	/* the tools' figures from the same engine as `memtrace cgroup` */
	memset(&stats, 0, sizeof(stats));
	stats.version = 1;
	stats.v[CG_USAGE] = (uint64_t)(49 * MIB);
	stats.v[CG_INACTIVE_FILE] = (uint64_t)(19.5 * MIB);
	stats.v[CG_ANON] = (uint64_t)(8 * MIB);
	stats.v[CG_FILE] = (uint64_t)(39 * MIB);
	stats.present = (1ull << CG_USAGE) | (1ull << CG_INACTIVE_FILE) | (1ull << CG_ANON) | (1ull << CG_FILE);
	cgroup_view_compute(&stats, NULL, 0, false, &cv);
	in.tools = cv.tools;
	memset(&v, 0, sizeof(v));
	v.kind = VERDICT_PAGE_CACHE;
	v.shape = SHAPE_LINEAR;
	v.metric = "cgroup_usage";
	v.component = "page-cache";
	v.finding = FINDING_CG_COMPONENT;
	v.advice = ADVICE_PAGE_CACHE;
	v.usage_growth = 29 * MIB;
	v.component_growth = 29 * MIB;
	in.verdict = &v;
	return in;
}

static int find_line(const struct view_screen *s, const char *text)
{
	for (int i = 0; i < s->nlines; i++)
		if (strstr(s->lines[i].text, text))
			return i;
	return -1;
}

static void test_fits(void **state)
{
	static const int sizes[][2] = { { 50, 21 }, { 80, 24 }, { 120, 40 }, { 132, 50 }, { 250, 70 } };
	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct cgdetail_input in = input();
		struct view_screen s;
		cgdetail_view_build(&in, sizes[k][0], sizes[k][1], true, &s);
		assert_false(s.too_small);
		assert_int_equal(s.nlines, sizes[k][1]);
		for (int i = 0; i < s.nlines; i++)
			assert_true(s.lines[i].cells <= sizes[k][0]);
		assert_int_equal(find_line(&s, "memtrace top  cgroup /mt-top-1/app"), 0);
		assert_true(find_line(&s, "Verdict: page cache growth") > 0);
		assert_true(find_line(&s, "docker stats") > 0);
		assert_true(strstr(s.lines[s.nlines - 1].text, "Esc back") != NULL);
		view_screen_free(&s);
	}
}

static void test_too_small(void **state)
{
	struct cgdetail_input in = input();
	struct view_screen s;
	(void)state;
	cgdetail_view_build(&in, 20, 5, true, &s);
	assert_true(s.too_small);
	assert_true(s.lines[0].cells <= 20);
	view_screen_free(&s);
	cgdetail_view_build(&in, 80, 20, true, &s);
	assert_true(s.too_small);
	assert_true(find_line(&s, "terminal too small (needs 50x21)") == 0);
	view_screen_free(&s);
	cgdetail_view_build(&in, 49, 40, true, &s);
	assert_true(s.too_small);
	view_screen_free(&s);
	cgdetail_view_build(&in, 0, 0, true, &s);
	assert_true(s.too_small);
	assert_int_equal(s.nlines, 0);
	view_screen_free(&s);
}

static void test_title(void **state)
{
	struct cgdetail_input in = input();
	struct view_screen s;
	(void)state;
	cgdetail_view_build(&in, 120, 30, true, &s);
	/* the container by its runtime and short id, the limit and its share */
	assert_non_null(strstr(s.lines[0].text, "docker 0123456789ab "));
	assert_non_null(strstr(s.lines[0].text, "limit 100M (49% used)"));
	assert_int_equal(s.lines[0].attr, VA_TITLE);
	view_screen_free(&s);
	in.id = "";
	in.limit = NAN;
	cgdetail_view_build(&in, 120, 30, true, &s);
	assert_null(strstr(s.lines[0].text, "docker"));
	assert_non_null(strstr(s.lines[0].text, "no limit"));
	view_screen_free(&s);
}

static void test_components(void **state)
{
	struct cgdetail_input in = input();
	struct view_screen s;
	int y;
	(void)state;
	cgdetail_view_build(&in, 100, 30, false, &s);
	y = find_line(&s, "page cache");
	assert_true(y > 0);
	/* now, growth, and a sparkline that climbs to the right */
	assert_non_null(strstr(s.lines[y].text, "39M"));
	assert_non_null(strstr(s.lines[y].text, "+1.0M"));
	assert_int_equal(s.lines[y].text[s.lines[y].cells - 1], '#');
	/* the verdict's component is marked */
	assert_true(s.lines[y].nspans >= 1);
	assert_int_equal(s.lines[y].spans[0].attr, VA_WARN);
	/* a flat one stays flat, its growth 0 */
	y = find_line(&s, "anon  ");
	assert_true(y > 0);
	assert_non_null(strstr(s.lines[y].text, "8.0M"));
	assert_non_null(strstr(s.lines[y].text, "      0  "));
	for (int c = 0; c < CGC_COUNT; c++)
		assert_true(find_line(&s, c == CGC_FILE ? "page cache" : c == CGC_USAGE ? "usage  " : "shmem") > 0);
	view_screen_free(&s);
}

static void test_tools(void **state)
{
	struct cgdetail_input in = input();
	struct view_screen s;
	int y;
	(void)state;
	cgdetail_view_build(&in, 120, 30, true, &s);
	/* usage - inactive_file: 49 - 19.5 MiB */
	y = find_line(&s, "docker stats (20.10+)");
	assert_true(y > 0);
	assert_non_null(strstr(s.lines[y].text, "30M"));
	assert_non_null(strstr(s.lines[y].text, "memory.usage_in_bytes - total_inactive_file"));
	y = find_line(&s, "working set");
	assert_true(y > 0);
	assert_non_null(strstr(s.lines[y].text, "30M"));
	y = find_line(&s, "cAdvisor container_memory_rss");
	assert_true(y > 0);
	assert_non_null(strstr(s.lines[y].text, "8.0M"));
	y = find_line(&s, "raw usage");
	assert_true(y > 0);
	assert_non_null(strstr(s.lines[y].text, "49M"));
	assert_non_null(strstr(s.lines[y].text, "memory.usage_in_bytes"));
	view_screen_free(&s);
	/* not read yet: said, not made up */
	in.tools = NULL;
	cgdetail_view_build(&in, 120, 30, true, &s);
	assert_true(find_line(&s, "not read yet") > 0);
	view_screen_free(&s);
}

static void test_chart(void **state)
{
	struct cgdetail_input in = input();
	struct view_screen s;
	(void)state;
	/* usage from 20 to 49 MiB: the scale at the left, the newest column
	 * full at the right */
	cgdetail_view_build(&in, 80, 40, false, &s);
	assert_non_null(strstr(s.lines[1].text, "49M |"));
	assert_int_equal(s.lines[1].text[s.lines[1].cells - 1], '#');
	assert_non_null(strstr(s.lines[1].text, "|    "));
	view_screen_free(&s);
}

static void test_verdict_and_ascii(void **state)
{
	struct cgdetail_input in = input();
	struct view_screen s;
	(void)state;
	cgdetail_view_build(&in, 60, 40, false, &s);
	assert_true(find_line(&s, "shape: linear of cgroup_usage") > 0);
	assert_true(find_line(&s, "  The cgroup's usage grew +29.0 MiB, mostly page cache") > 0);
	assert_true(find_line(&s, "the processes' own memory") > 0); /* the reason wraps */
	assert_true(find_line(&s, "hint: docker stats and the kubelet working set") > 0);
	for (int i = 0; i < s.nlines; i++)
		for (const unsigned char *p = (const unsigned char *)s.lines[i].text; *p; p++)
			assert_true(*p < 0x80);
	view_screen_free(&s);
	in.verdict = NULL;
	cgdetail_view_build(&in, 60, 40, false, &s);
	assert_true(find_line(&s, "Verdict: not judged yet") > 0);
	view_screen_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits),       cmocka_unit_test(test_too_small), cmocka_unit_test(test_title),
		cmocka_unit_test(test_components), cmocka_unit_test(test_tools),     cmocka_unit_test(test_chart),
		cmocka_unit_test(test_verdict_and_ascii),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
