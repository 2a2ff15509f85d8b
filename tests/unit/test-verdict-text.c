/* The words of a verdict (output-verdict-text.c): every finding the
 * engine can give is rendered, with its numbers and without "nan"; the
 * sentences the evidence adds (the pid an anon leak grew in, swap, the
 * kernel's reclaim, an exec) come from the data; and what the engine
 * gives for real series renders whole. */
#include "config.h"
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "output-verdict-text.h"

#define MIB (1024.0 * 1024)

/* A verdict of FINDING with every number set, as the engine sets them. */
static struct verdict filled(enum verdict_finding finding, enum verdict_kind kind)
{
	struct verdict v;

	memset(&v, 0, sizeof(v));
	v.kind = kind;
	v.finding = finding;
	v.metric = "effective";
	v.shape = SHAPE_LINEAR;
	v.points = v.samples = 40;
	v.duration = v.span = 40;
	v.need_seconds = 8;
	v.more_seconds = 12;
	v.start_level = 100 * MIB;
	v.end_level = v.level = 140 * MIB;
	v.growth = 40 * MIB;
	v.slope = 1 * MIB, v.slope_lo = 0.9 * MIB, v.slope_hi = 1.1 * MIB;
	v.trend_p = 1e-5, v.min_slope = 20 * 1024, v.noise = 64 * 1024;
	v.amplitude = 50 * MIB, v.period = 10, v.trough_rise = 4 * MIB, v.cycles = 4;
	v.jump = 30 * MIB, v.steps = 3, v.spacing = 5, v.held = 10, v.changed_at = 30;
	v.rise = 40 * MIB, v.rise_rate = 2 * MIB, v.slope_after = 1024;
	v.slope_first = 2 * MIB, v.slope_second = 0.5 * MIB;
	v.peak = 300 * MIB;
	v.rss = 400 * MIB, v.lazyfree = 260 * MIB, v.lazyfree_share = 0.65;
	v.threads_start = 1, v.threads_end = 40;
	v.cg_limit = 128 * MIB, v.limit_hits = 12, v.oom_kills = 0;
	v.usage_growth = 60 * MIB, v.component_growth = 50 * MIB, v.component = "page-cache";
	v.swap = v.swap_growth = v.swap_slope = v.held_at = 0;
	return v;
}

static void render(const struct verdict *v, struct verdict_text *t)
{
	verdict_render(v, t);
	assert_true(t->summary[0] != '\0');
	assert_true(t->reason[0] != '\0');
	assert_null(strstr(t->summary, "nan"));
	assert_null(strstr(t->reason, "nan"));
	assert_null(strstr(t->reason, "inf "));
}

static void test_every_finding(void **state)
{
	(void)state;
	for (int f = 0; f < FINDING_COUNT; f++) {
		struct verdict v = filled((enum verdict_finding)f, VERDICT_PAGE_CACHE);
		struct verdict_text t;
		render(&v, &t);
		assert_string_not_equal(verdict_finding_name((enum verdict_finding)f), "?");
		/* the reason is sentences: a capital or a number first, a full stop last */
		assert_true((t.reason[0] >= 'A' && t.reason[0] <= 'Z') || (t.reason[0] >= '0' && t.reason[0] <= '9'));
		assert_int_equal(t.reason[strlen(t.reason) - 1], '.');
	}
	for (int a = 0; a < ADVICE_COUNT; a++)
		assert_string_not_equal(verdict_advice_name((enum verdict_advice)a), "?");
	assert_string_equal(verdict_finding_name(FINDING_COUNT), "?");
}

static void test_numbers_in_words(void **state)
{
	struct verdict v = filled(FINDING_TREND, VERDICT_LEAK);
	struct verdict_text t;
	(void)state;
	render(&v, &t);
	assert_string_equal(t.summary, "leak: effective grows 1.00 MiB/s");
	assert_non_null(strstr(t.reason, "Effective memory (RSS - LazyFree) grew 40.0 MiB over 40s"));
	assert_string_equal(t.hint, "");
	v = filled(FINDING_TOO_FEW_SAMPLES, VERDICT_UNDECIDED);
	render(&v, &t);
	assert_string_equal(t.summary, "undecided: not enough data yet");
	assert_non_null(strstr(t.reason, "40 samples over"));
	v = filled(FINDING_LAZYFREE, VERDICT_MADV_FREE);
	v.advice = ADVICE_GO_MADVDONTNEED;
	render(&v, &t);
	assert_non_null(strstr(t.summary, "MADV_FREE residue: 260 MiB"));
	assert_non_null(strstr(t.reason, "(65%)"));
	assert_non_null(strstr(t.hint, "GODEBUG=madvdontneed=1"));
	v = filled(FINDING_TREND, VERDICT_LEAK_THREADS);
	v.advice = ADVICE_THREADS;
	render(&v, &t);
	assert_non_null(strstr(t.summary, "leak (threads): 1 -> 40 threads"));
	assert_non_null(strstr(t.hint, "Threads are created and never exit (1 -> 40)"));
}

static void test_metric_labels(void **state)
{
	struct verdict v = filled(FINDING_STEP_HELD, VERDICT_PLATEAU);
	struct verdict_text t;
	(void)state;
	v.metric = "held";
	render(&v, &t);
	assert_true(strncmp(t.reason, "Held memory (RSS - LazyFree + Swap) jumped", 42) == 0);
	v.metric = "cgroup_usage";
	v.metric_with_swap = true;
	render(&v, &t);
	assert_true(strncmp(t.reason, "The cgroup's usage plus its swap jumped", 39) == 0);
	v.metric = "rss";
	render(&v, &t);
	assert_true(strncmp(t.reason, "RSS jumped", 10) == 0);
}

static void test_cgroup_words(void **state)
{
	struct verdict v = filled(FINDING_NOT_SEPARABLE, VERDICT_UNDECIDED);
	struct verdict_text t;
	(void)state;
	v.metric = "cgroup_usage";
	v.grew_pid = 42;
	v.grew_pid_bytes = 20 * MIB;
	snprintf(v.grew_comm, sizeof(v.grew_comm), "worker");
	v.oom_kills = 2;
	render(&v, &t);
	assert_non_null(strstr(t.summary, " (pid 42 worker)"));
	assert_non_null(strstr(t.reason, "it grew in pid 42 (worker): +20.0 MiB."));
	assert_non_null(strstr(t.reason, " 2 OOM kills happened during the watch."));
	v = filled(FINDING_CG_PLATEAU_AT_LIMIT, VERDICT_PLATEAU);
	v.component = "anon"; /* anon did not grow enough: page cache was recycled */
	render(&v, &t);
	assert_non_null(strstr(t.reason, "reclaimed (page cache) instead of killing: no OOM kill."));
	v.component = "shmem";
	render(&v, &t);
	assert_non_null(strstr(t.reason, "reclaimed (shmem)"));
	v = filled(FINDING_CG_COMPONENT, VERDICT_SHMEM);
	v.advice = ADVICE_SHMEM_FILES;
	render(&v, &t);
	assert_string_equal(t.summary, "shmem/tmpfs growth: +50.0 MiB, real memory");
	assert_non_null(strstr(t.hint, "/dev/shm"));
}

static void test_extras(void **state)
{
	struct verdict v = filled(FINDING_TREND, VERDICT_LEAK);
	struct verdict_text t;
	(void)state;
	v.into_swap = true;
	v.held_at = 160 * MIB;
	v.swap_slope = 512 * 1024;
	v.swap_growth = 180 * MIB;
	v.reclaimed_lazyfree = 150 * MIB;
	snprintf(v.identity.event, sizeof(v.identity.event), "exec");
	v.identity.at = 3;
	snprintf(v.identity.from, sizeof(v.identity.from), "bash");
	snprintf(v.identity.to, sizeof(v.identity.to), "python3");
	render(&v, &t);
	assert_non_null(strstr(t.summary, "(into swap)"));
	assert_non_null(strstr(t.reason, " RSS is held at 160 MiB while swap grows 512 KiB/s (+180 MiB"));
	assert_non_null(strstr(t.reason, "The kernel reclaimed 150 MiB of LazyFree"));
	assert_non_null(strstr(t.reason, "replaced at t=3.0 s (exec: bash -> python3)"));
	snprintf(v.identity.event, sizeof(v.identity.event), "pid-reused");
	render(&v, &t);
	assert_non_null(strstr(t.reason, "PID reused at t=3.0 s (bash -> python3)"));
}

/* What the engine gives for real series renders whole, whatever it is. */
static void test_engine_verdicts_render(void **state)
{
	(void)state;
	for (int kind = 0; kind < 6; kind++)
		for (int n = 1; n <= 120; n += 17) {
			struct series s;
			struct verdict v;
			struct verdict_text t;
			struct verdict_context ctx = { .interval = 0.5, .mem_available = 4096 * MIB, .limit_left = NAN,
						       .swap_left = NAN, .peak_rss = NAN };
			series_init(&s);
			for (int i = 0; i < n; i++) {
				struct sample x;
				double tt = i * 0.5, y = 100 * MIB;
				sample_clear(&x);
				x.t = 50 + tt;
				y += kind == 0 ? MIB * tt : kind == 1 ? (tt > 10 ? 50 * MIB : 0)
					: kind == 2 ? 20 * MIB * fmod(tt, 8) : kind == 3 ? MIB * fmin(tt, 20) : 0;
				x.v[M_RSS] = y + (kind == 4 ? 200 * MIB : 0) + 64 * 1024 * unit_gauss();
				x.v[M_LAZYFREE] = kind == 4 ? 200 * MIB : 0;
				x.v[M_EFFECTIVE] = x.v[M_RSS] - x.v[M_LAZYFREE];
				x.v[M_THREADS] = kind == 5 ? 1 + i : 1;
				series_add(&s, &x);
			}
			verdict_compute(&s, &ctx, &v);
			series_free(&s);
			render(&v, &t);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_finding),   cmocka_unit_test(test_numbers_in_words),
		cmocka_unit_test(test_metric_labels),   cmocka_unit_test(test_cgroup_words),
		cmocka_unit_test(test_extras),          cmocka_unit_test(test_engine_verdicts_render),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
