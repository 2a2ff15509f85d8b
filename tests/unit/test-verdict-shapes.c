/* Verdicts are judged on curves, not on samples: the same behaviour
 * sampled at another phase or interval must give the same verdict and the
 * same shape.  Every curve here is sampled at intervals from 100 ms to
 * 10 s, at three phases, with and without missing samples (status-only
 * ticks, where effective memory and LazyFree are unknown), with seeded
 * noise, and must get one verdict in all of them. */
#include "config.h"
#include "unit.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "analysis-verdict.h"

#define MIB (1024.0 * 1024)
#define WINDOW 600.0 /* seconds observed */


/* What the program does at time t: what it holds in RAM (effective), what
 * it freed lazily (LazyFree, still in RSS) and what was pushed to swap. */
struct state {
	double effective, lazyfree, swap;
};

struct curve {
	const char *name;
	void (*at)(double t, int param, struct state *s);
	int param;
	enum verdict_kind want;
	enum shape_kind shape; /* SHAPE_UNKNOWN: any */
};

/* A 1 GiB working set built in the first minute, held, then given back
 * in PARAM stages 2 s apart from t = 300 s, down to 60 MiB. */
static double staged(double t, int stages)
{
	double peak = 1024 * MIB, low = 60 * MIB, base = 40 * MIB;
	if (t < 60)
		return base + (peak - base) * t / 60;
	if (t < 300)
		return peak;
	double done = floor((t - 300) / 2) + 1;
	if (done > stages)
		done = stages;
	return peak - (peak - low) * done / stages;
}

static void release_dontneed(double t, int k, struct state *s)
{
	s->effective = staged(t, k);
	s->lazyfree = 0;
	s->swap = 0;
}

/* The same release by MADV_FREE: RSS stays, LazyFree takes the freed part. */
static void release_madvfree(double t, int k, struct state *s)
{
	s->effective = staged(t, k);
	s->lazyfree = t < 300 ? 0 : 1024 * MIB - s->effective;
	s->swap = 0;
}

static void sawtooth(double t, int rise_kib_per_cycle, struct state *s)
{
	double cycle = floor(t / 60), phase = fmod(t, 60) / 60;
	s->effective = 200 * MIB + 64 * MIB * phase + rise_kib_per_cycle * 1024.0 * cycle;
	s->lazyfree = s->swap = 0;
}

static void step(double t, int at, struct state *s)
{
	s->effective = 100 * MIB + (t >= at ? 100 * MIB : 0);
	s->lazyfree = s->swap = 0;
}

/* +16 MiB every 40 s, until PARAM seconds (0: forever). */
static void staircase(double t, int until, struct state *s)
{
	double tt = until > 0 && t > until ? until : t;
	s->effective = 100 * MIB + 16 * MIB * floor(tt / 40);
	s->lazyfree = s->swap = 0;
}

static void ramp_plateau(double t, int until, struct state *s)
{
	s->effective = 50 * MIB + 1 * MIB * (t < until ? t : until);
	s->lazyfree = s->swap = 0;
}

static void linear(double t, int kib_per_s, struct state *s)
{
	s->effective = 80 * MIB + kib_per_s * 1024.0 * t;
	s->lazyfree = s->swap = 0;
}

static void flat(double t, int mib, struct state *s)
{
	(void)t;
	s->effective = mib * MIB;
	s->lazyfree = s->swap = 0;
}

/* A leak of PARAM KiB/s under a limit: RSS stops at 160 MiB and the rest
 * goes to swap. */
static void leak_into_swap(double t, int kib_per_s, struct state *s)
{
	double held = 40 * MIB + kib_per_s * 1024.0 * t, limit = 160 * MIB;
	s->effective = held < limit ? held : limit;
	s->swap = held - s->effective;
	s->lazyfree = 0;
}

/* The kernel takes 200 MiB of LazyFree back at t = 300 s; the program's
 * own memory does not change. */
static void lazyfree_reclaimed(double t, int unused, struct state *s)
{
	(void)unused;
	s->effective = 100 * MIB;
	s->lazyfree = t < 300 ? 200 * MIB : 0;
	s->swap = 0;
}

static const struct curve curves[] = {
	{ "release in 1 stage", release_dontneed, 1, VERDICT_RELEASED, SHAPE_RELEASE },
	{ "release in 2 stages", release_dontneed, 2, VERDICT_RELEASED, SHAPE_RELEASE },
	{ "release in 3 stages", release_dontneed, 3, VERDICT_RELEASED, SHAPE_RELEASE },
	{ "release in 5 stages", release_dontneed, 5, VERDICT_RELEASED, SHAPE_RELEASE },
	{ "release in 10 stages", release_dontneed, 10, VERDICT_RELEASED, SHAPE_RELEASE },
	{ "MADV_FREE in 1 stage", release_madvfree, 1, VERDICT_MADV_FREE, SHAPE_RELEASE },
	{ "MADV_FREE in 2 stages", release_madvfree, 2, VERDICT_MADV_FREE, SHAPE_RELEASE },
	{ "MADV_FREE in 3 stages", release_madvfree, 3, VERDICT_MADV_FREE, SHAPE_RELEASE },
	{ "MADV_FREE in 10 stages", release_madvfree, 10, VERDICT_MADV_FREE, SHAPE_RELEASE },
	{ "sawtooth, flat troughs", sawtooth, 0, VERDICT_STABLE, SHAPE_SAWTOOTH },
	{ "leak under a sawtooth", sawtooth, 8192, VERDICT_LEAK, SHAPE_SAWTOOTH },
	{ "one step at 200 s", step, 200, VERDICT_PLATEAU, SHAPE_STEP },
	{ "staircase leak", staircase, 0, VERDICT_LEAK, SHAPE_STAIRCASE },
	{ "staircase that stops", staircase, 240, VERDICT_PLATEAU, SHAPE_STAIRCASE },
	{ "ramp then plateau", ramp_plateau, 150, VERDICT_PLATEAU, SHAPE_RAMP_PLATEAU },
	{ "linear leak", linear, 256, VERDICT_LEAK, SHAPE_LINEAR },
	{ "flat", flat, 100, VERDICT_STABLE, SHAPE_FLAT },
	{ "leak into swap", leak_into_swap, 512, VERDICT_LEAK, SHAPE_UNKNOWN },
	{ "LazyFree reclaimed by the kernel", lazyfree_reclaimed, 0, VERDICT_STABLE, SHAPE_UNKNOWN },
};

static const double intervals[] = { 0.1, 0.25, 0.5, 1, 2, 5, 10 };
static const double phases[] = { 0, 0.37, 0.71 };

/* Samples CURVE like the sampler does: status every tick (RSS, swap),
 * effective memory and LazyFree only on ticks that read the rollup. */
static enum verdict_kind sample_and_judge(const struct curve *c, double interval, double phase, bool missing,
					  struct verdict *v)
{
	struct series s;
	struct verdict_context ctx = { .interval = interval, .mem_available = NAN, .limit_left = NAN,
				       .peak_rss = NAN, .glibc = true };

	unit_rng = 0x9E3779B97F4A7C15ull ^ (uint64_t)(interval * 1000) ^ ((uint64_t)(phase * 100) << 20);
	series_init(&s);
	for (double t = phase * interval; t <= WINDOW; t += interval) {
		struct sample x;
		struct state st;
		c->at(t, c->param, &st);
		double eff = st.effective + 64 * 1024 * unit_gauss();
		sample_clear(&x);
		x.t = 1000 + t;
		x.tiers = TIER_STATUS;
		x.v[M_RSS] = eff + st.lazyfree;
		x.v[M_SWAP] = st.swap;
		x.v[M_THREADS] = 4;
		if (!missing || unit_uniform() >= 0.3) {
			x.tiers |= TIER_ROLLUP;
			x.v[M_LAZYFREE] = st.lazyfree;
			x.v[M_EFFECTIVE] = eff;
		}
		series_add(&s, &x);
	}
	verdict_compute(&s, &ctx, v);
	series_free(&s);
	return v->kind;
}

static void test_curve(const struct curve *c)
{
	int failures = 0, runs = 0;

	for (size_t i = 0; i < sizeof(intervals) / sizeof(intervals[0]); i++)
		for (size_t k = 0; k < sizeof(phases) / sizeof(phases[0]); k++)
			for (int missing = 0; missing < 2; missing++) {
				struct verdict v;
				enum verdict_kind got = sample_and_judge(c, intervals[i], phases[k], missing, &v);
				bool shape_ok = c->shape == SHAPE_UNKNOWN || v.shape == c->shape;
				runs++;
				if (got == c->want && shape_ok)
					continue;
				failures++;
				printf("# %s at %gs, phase %.2f%s: %s (shape %s, want %s/%s): %s\n", c->name, intervals[i],
				       phases[k], missing ? ", 30%% status-only" : "", verdict_name(got),
				       shape_name(v.shape), verdict_name(c->want), shape_name(c->shape),
				       verdict_finding_name(v.finding));
			}
	if (failures)
		printf("# %s: %d of %d samplings disagree\n", c->name, failures, runs);
	assert_int_equal(failures, 0);
}

#define CURVE_TEST(n)                              \
	static void test_curve_##n(void **state)   \
	{                                          \
		(void)state;                       \
		test_curve(&curves[n]);            \
	}
CURVE_TEST(0)
CURVE_TEST(1)
CURVE_TEST(2)
CURVE_TEST(3)
CURVE_TEST(4)
CURVE_TEST(5)
CURVE_TEST(6)
CURVE_TEST(7)
CURVE_TEST(8)
CURVE_TEST(9)
CURVE_TEST(10)
CURVE_TEST(11)
CURVE_TEST(12)
CURVE_TEST(13)
CURVE_TEST(14)
CURVE_TEST(15)
CURVE_TEST(16)
CURVE_TEST(17)
CURVE_TEST(18)

/* The evidence the shapes carry: swap named for a leak into swap, the
 * kernel's reclaim named and not taken for a release, change points. */
static void test_evidence(void **state)
{
	struct verdict v;
	(void)state;
	sample_and_judge(&curves[17], 1, 0, false, &v);
	assert_string_equal(v.metric, "held");
	/* swap from t = 240 s, when the 160 MiB limit is reached, at 512 KiB/s */
	assert_true(fabs(v.swap_growth - 180 * MIB) < 4 * MIB);
	assert_true(fabs(v.swap_slope - 512 * 1024) < 16 * 1024);
	assert_true(v.into_swap);
	assert_int_equal(v.finding, FINDING_TREND);
	sample_and_judge(&curves[18], 1, 0, true, &v);
	assert_true(v.reclaimed_lazyfree > 150 * MIB);
	assert_false(v.into_swap);
	sample_and_judge(&curves[11], 1, 0, false, &v);
	assert_int_equal(v.nchanges, 1);
	assert_true(fabs(v.changes[0] - 200) < 2);
	sample_and_judge(&curves[2], 1, 0, false, &v);
	assert_true(v.nchanges >= 1);
	assert_false(v.sawtooth);
}

/* A one-time step must not make the running verdict say leak while it
 * is still new (seen at 500 ms, 2 s after a 100 MiB step). */
static void test_step_running_verdict(void **state)
{
	(void)state;
	for (double after = 0.5; after <= 30; after += 0.5) {
		struct series s;
		struct verdict v;
		struct verdict_context ctx = { .interval = 0.5, .mem_available = NAN, .limit_left = NAN,
					       .peak_rss = NAN };
		unit_rng = 42;
		series_init(&s);
		for (double t = 0; t <= 10 + after; t += 0.5) {
			struct sample x;
			sample_clear(&x);
			x.t = 1000 + t;
			x.tiers = TIER_STATUS | TIER_ROLLUP;
			x.v[M_LAZYFREE] = 0;
			x.v[M_EFFECTIVE] = x.v[M_RSS] = 100 * MIB + (t >= 10 ? 100 * MIB : 0) + 64 * 1024 * unit_gauss();
			series_add(&s, &x);
		}
		verdict_compute(&s, &ctx, &v);
		series_free(&s);
		if (v.kind == VERDICT_LEAK)
			printf("# %.1f s after the step: %s\n", after, verdict_finding_name(v.finding));
		assert_int_not_equal(v.kind, VERDICT_LEAK);
	}
}

static void test_identity_in_evidence(void **state)
{
	struct series s;
	struct verdict v;
	struct verdict_context ctx = { .interval = 1, .mem_available = NAN, .limit_left = NAN, .peak_rss = NAN };
	(void)state;
	snprintf(ctx.identity.event, sizeof(ctx.identity.event), "exec");
	ctx.identity.at = 3;
	snprintf(ctx.identity.from, sizeof(ctx.identity.from), "bash");
	snprintf(ctx.identity.to, sizeof(ctx.identity.to), "python3");
	series_init(&s);
	for (int i = 0; i < 30; i++) {
		struct sample x;
		sample_clear(&x);
		x.t = 10 + i;
		x.v[M_RSS] = x.v[M_EFFECTIVE] = 20 * MIB;
		x.v[M_LAZYFREE] = 0;
		series_add(&s, &x);
	}
	verdict_compute(&s, &ctx, &v);
	series_free(&s);
	assert_int_equal(v.kind, VERDICT_STABLE);
	assert_int_equal(v.finding, FINDING_NO_TREND);
	assert_string_equal(v.identity.event, "exec");
	assert_string_equal(v.identity.from, "bash");
	assert_string_equal(v.identity.to, "python3");
	assert_true(v.identity.at == 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_curve_0),  cmocka_unit_test(test_curve_1),  cmocka_unit_test(test_curve_2),
		cmocka_unit_test(test_curve_3),  cmocka_unit_test(test_curve_4),  cmocka_unit_test(test_curve_5),
		cmocka_unit_test(test_curve_6),  cmocka_unit_test(test_curve_7),  cmocka_unit_test(test_curve_8),
		cmocka_unit_test(test_curve_9),  cmocka_unit_test(test_curve_10), cmocka_unit_test(test_curve_11),
		cmocka_unit_test(test_curve_12), cmocka_unit_test(test_curve_13), cmocka_unit_test(test_curve_14),
		cmocka_unit_test(test_curve_15), cmocka_unit_test(test_curve_16), cmocka_unit_test(test_curve_17),
		cmocka_unit_test(test_curve_18), cmocka_unit_test(test_evidence),
		cmocka_unit_test(test_step_running_verdict), cmocka_unit_test(test_identity_in_evidence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
