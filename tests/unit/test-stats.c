/* The statistics under the verdict engine, on synthetic series with known
 * answers.  Deterministic: every random series comes from a seeded
 * xorshift64* generator, so a failure reproduces exactly.  Tolerances are
 * still set at several standard errors, so that a change of seed (or of
 * libm) does not turn a correct implementation red. */
#include "config.h"
#include "unit.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis-stats.h"

#define assert_near(got, want, tol)                                                                        \
	do {                                                                                               \
		double g_ = (got), w_ = (want), t_ = (tol);                                                \
		if (!(fabs(g_ - w_) <= t_))                                                                \
			fail_msg("%s = %.17g, want %.17g +- %.3g", #got, g_, w_, t_);                      \
	} while (0)

/* ------------------------------------------------------------ generators */

struct rng {
	uint64_t s;
};

static void rng_seed(struct rng *r, uint64_t seed)
{
	r->s = seed * 0x9E3779B97F4A7C15ULL + 1; /* never 0, the one bad state */
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t x = r->s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* uniform in the open interval (0, 1), so log() below never sees 0 */
static double rng_uniform(struct rng *r)
{
	return ((double)(rng_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* Box-Muller; the second variate is thrown away for simplicity */
static double rng_gauss(struct rng *r)
{
	double u1 = rng_uniform(r), u2 = rng_uniform(r);

	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/* y = y0 + slope * (t - t0) + N(0, sigma), t = t0 + i * dt */
static void make_line(struct rng *r, double *t, double *y, size_t n, double t0, double dt, double y0, double slope,
		      double sigma)
{
	for (size_t i = 0; i < n; i++) {
		t[i] = t0 + (double)i * dt;
		y[i] = y0 + slope * ((double)i * dt) + sigma * rng_gauss(r);
	}
}

static double ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 + (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

/* ---------------------------------------------------------------- median */

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

static double sorted_median(const double *v, size_t n)
{
	double *a = malloc(n * sizeof(*a)), m;

	assert_non_null(a);
	memcpy(a, v, n * sizeof(*a));
	qsort(a, n, sizeof(*a), cmp_double);
	m = n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
	free(a);
	return m;
}

static void test_median(void **state)
{
	static const double odd[] = { 3, 1, 2 }, even[] = { 4, 1, 3, 2 }, ties[] = { 5, 5, 1, 5, 9, 5 };
	double v[3];
	struct rng r;
	(void)state;

	assert_true(isnan(stats_median(NULL, 0)));
	assert_true(isnan(stats_median(odd, 0)));
	assert_near(stats_median(odd, 1), 3, 0);
	assert_near(stats_median(odd, 3), 2, 0);
	assert_near(stats_median(even, 4), 2.5, 0);
	assert_near(stats_median(even, 2), 2.5, 0);
	assert_near(stats_median(ties, 6), 5, 0);
	memcpy(v, odd, sizeof(v));
	stats_median(v, 3);
	assert_memory_equal(v, odd, sizeof(v)); /* works on a copy */

	/* against a full sort: random, sorted, reversed, few distinct values */
	rng_seed(&r, 1);
	for (size_t n = 1; n <= 300; n++) {
		double *a = malloc(n * sizeof(*a));

		assert_non_null(a);
		for (int kind = 0; kind < 4; kind++) {
			for (size_t i = 0; i < n; i++) {
				switch (kind) {
				case 0: a[i] = rng_gauss(&r); break;
				case 1: a[i] = (double)i; break;
				case 2: a[i] = (double)(n - i); break;
				default: a[i] = (double)(rng_next(&r) % 3); break;
				}
			}
			assert_near(stats_median(a, n), sorted_median(a, n), 0);
		}
		free(a);
	}
}

static void test_median_many_ties(void **state)
{
	size_t n = 200001;
	double *a = malloc(n * sizeof(*a));
	(void)state;

	/* all equal, then two values: the case that makes a two-way
	 * partition quadratic (it would take minutes here) */
	assert_non_null(a);
	for (size_t i = 0; i < n; i++)
		a[i] = 4096;
	assert_near(stats_median(a, n), 4096, 0);
	assert_near(stats_mad(a, n), 0, 0);
	for (size_t i = 0; i < n; i++)
		a[i] = i % 2 ? 8192 : 4096;
	assert_near(stats_median(a, n), 4096, 0); /* 100001 x 4096, 100000 x 8192 */
	free(a);
}

static void test_mad(void **state)
{
	static const double v[] = { 1, 2, 3, 4, 100 }; /* |v - 3| = 2 1 0 1 97 */
	size_t n = 20000;
	double *a = malloc(n * sizeof(*a));
	struct rng r;
	(void)state;

	assert_true(isnan(stats_mad(v, 0)));
	assert_near(stats_mad(v, 5), 1.4826, 1e-12);
	assert_near(stats_mad(v, 1), 0, 0);

	/* estimates sigma of Gaussian noise, and ignores 10% huge outliers */
	assert_non_null(a);
	rng_seed(&r, 2);
	for (size_t i = 0; i < n; i++)
		a[i] = 1e9 + 5000 * rng_gauss(&r) + (i % 10 == 0 ? 1e8 : 0);
	/* 10% one-sided contamination moves the median by 0.14 sigma and
	 * the MAD to 1.145 sigma (solved numerically), instead of ruining it */
	assert_near(stats_mad(a, n), 5000 * 1.145, 5000 * 0.05);
	for (size_t i = 0; i < n; i++)
		a[i] = 1e9 + 5000 * rng_gauss(&r);
	assert_near(stats_mad(a, n), 5000, 5000 * 0.04);
	free(a);
}

/* ---------------------------------------------------------------- normal */

static void test_normal(void **state)
{
	(void)state;
	assert_near(stats_normal_quantile(0.5), 0, 1e-15);
	assert_near(stats_normal_quantile(0.975), 1.959963984540054, 1e-13);
	assert_near(stats_normal_quantile(0.995), 2.5758293035489004, 1e-13);
	assert_near(stats_normal_quantile(0.025), -1.959963984540054, 1e-13);
	assert_near(stats_normal_quantile(1e-6), -4.753424308822899, 1e-12);
	assert_near(stats_normal_quantile(1 - 1e-6), 4.753424308822899, 1e-9); /* 1 - 1e-6 is rounded */
	assert_near(stats_normal_quantile(1e-300), -37.0471, 1e-3);
	assert_true(isinf(stats_normal_quantile(0)) && stats_normal_quantile(0) < 0);
	assert_true(isinf(stats_normal_quantile(1)) && stats_normal_quantile(1) > 0);
	assert_true(isnan(stats_normal_quantile(-0.1)));
	assert_true(isnan(stats_normal_quantile(1.1)));
	assert_true(isnan(stats_normal_quantile(NAN)));

	assert_near(stats_normal_sf(0), 0.5, 1e-16);
	assert_near(stats_normal_sf(1.959963984540054), 0.025, 1e-15);
	assert_near(stats_normal_sf(10) / 7.619853024160527e-24, 1, 1e-12); /* far tail keeps its digits */
	assert_near(stats_normal_sf(-10), 1, 1e-15);

	/* round trip over both tails and the centre */
	for (double lp = -300; lp < 0; lp += 0.37) {
		double p = pow(10, lp);

		assert_near(stats_normal_sf(-stats_normal_quantile(p)) / p, 1, 1e-12);
	}
	for (double p = 0.01; p < 0.995; p += 0.01)
		assert_near(stats_normal_sf(-stats_normal_quantile(p)), p, 1e-15);
}

/* ---------------------------------------------------------- least squares */

static void test_ols(void **state)
{
	double t[1000], y[1000], yc[1000], b, a, sse;
	struct rng r;
	(void)state;

	/* an exact line at realistic magnitudes: monotonic time ~1e6 s,
	 * RSS ~1e12 bytes.  One-pass sums would lose the slope here. */
	for (size_t i = 0; i < 1000; i++) {
		t[i] = 1e6 + 0.1 * (double)i;
		y[i] = 1e12 + 12345.5 * (0.1 * (double)i);
	}
	memcpy(yc, y, sizeof(y));
	assert_int_equal(stats_ols(t, y, 1000, &b, &a, &sse), 0);
	assert_memory_equal(y, yc, sizeof(y));
	assert_near(b, 12345.5, 1e-6);
	assert_near(a + b * t[0], y[0], 1e-2);
	assert_near(a + b * t[999], y[999], 1e-2);
	assert_true(sse < 1e-2);
	assert_int_equal(stats_ols(t, y, 2, NULL, NULL, NULL), 0);

	rng_seed(&r, 3);
	make_line(&r, t, y, 1000, 1e6, 1, 1e12, -300, 1e4);
	assert_int_equal(stats_ols(t, y, 1000, &b, NULL, &sse), 0);
	assert_near(b, -300, stats_min_detectable_slope(1e4, t, 1000, 5));
	assert_near(sse / 998, 1e8, 2e7); /* residual variance ~ sigma^2, +- 4.5 SE */

	assert_int_equal(stats_ols(t, y, 1, &b, &a, &sse), -EINVAL);
	t[5] = t[4];
	assert_int_equal(stats_ols(t, y, 10, &b, &a, &sse), -EINVAL);
	t[5] = t[4] + 1;
	y[7] = NAN;
	assert_int_equal(stats_ols(t, y, 10, &b, &a, &sse), -EINVAL);
}

static void test_min_detectable_slope(void **state)
{
	double t[10];
	(void)state;

	for (int i = 0; i < 10; i++)
		t[i] = 5e5 + i; /* sum (t - mean)^2 = 82.5 */
	assert_near(stats_min_detectable_slope(2, t, 10, 1.96), 1.96 * 2 / sqrt(82.5), 1e-12);
	assert_near(stats_min_detectable_slope(0, t, 10, 1.96), 0, 0);
	assert_true(isinf(stats_min_detectable_slope(2, t, 1, 1.96)));
	assert_true(isinf(stats_min_detectable_slope(2, t, 0, 1.96)));
}

/* -------------------------------------------------------------- Theil-Sen */

static void test_theil_sen_recovers(void **state)
{
	double t[200], y[200], tc[200], yc[200], mid, tol;
	struct stats_theil_sen ts;
	struct rng r;
	(void)state;

	rng_seed(&r, 4);
	for (int trial = 0; trial < 20; trial++) {
		double slope = (trial % 2 ? -1 : 1) * 1000.0 * (trial + 1);

		make_line(&r, t, y, 200, 1e6, 1.0, 1e12, slope, 5000);
		memcpy(tc, t, sizeof(t));
		memcpy(yc, y, sizeof(y));
		assert_int_equal(stats_theil_sen(t, y, 200, 0.95, &ts), 0);
		assert_memory_equal(t, tc, sizeof(t));
		assert_memory_equal(y, yc, sizeof(y));
		/* 5 OLS standard errors, Theil-Sen's being ~5% wider */
		tol = stats_min_detectable_slope(5000, t, 200, 5.0);
		assert_near(ts.slope, slope, tol);
		assert_true(ts.slope_lo <= ts.slope && ts.slope <= ts.slope_hi);
		assert_true(ts.slope_lo - tol < slope && slope < ts.slope_hi + tol); /* near it; coverage: below */
		assert_int_equal(ts.n_pairs, 200 * 199 / 2);
		/* the line passes through the middle of the data */
		mid = t[100];
		assert_near(ts.intercept + ts.slope * mid, 1e12 + slope * (mid - 1e6), 5 * 5000 / sqrt(200) * 1.3);
	}
}

static void test_theil_sen_outliers(void **state)
{
	double t[100], y[100], b_ols, err_ts, err_ols;
	struct stats_theil_sen ts;
	struct rng r;
	int outliers = 0;
	(void)state;

	/* 20% gross outliers, one-sided and in the later half (a burst of
	 * transient allocations late in the run): OLS follows them, the
	 * median of pairwise slopes barely notices */
	rng_seed(&r, 5);
	make_line(&r, t, y, 100, 1e6, 10.0, 2e9, 1000, 1000);
	for (size_t i = 50; i < 100; i += 5) {
		y[i] += 1e9 * (1 + rng_uniform(&r));
		y[i + 2] += 1e9 * (1 + rng_uniform(&r));
		outliers += 2;
	}
	assert_int_equal(outliers, 20);
	assert_int_equal(stats_theil_sen(t, y, 100, 0.95, &ts), 0);
	assert_int_equal(stats_ols(t, y, 100, &b_ols, NULL, NULL), 0);
	err_ts = fabs(ts.slope - 1000);
	err_ols = fabs(b_ols - 1000);
	printf("# outliers: theil-sen %.1f B/s, ols %.1f B/s, true 1000 B/s\n", ts.slope, b_ols);
	assert_true(err_ts < 100);         /* within 10% */
	assert_true(err_ols > 10 * 1000);  /* OLS is off by more than 10x the slope */
	assert_true(err_ols > 100 * err_ts);
}

static void test_theil_sen_ci(void **state)
{
	static const size_t sizes[] = { 20, 80 };
	double t[80], y[80], width[2] = { 0, 0 };
	struct stats_theil_sen ts;
	struct rng r;
	(void)state;

	rng_seed(&r, 6);
	for (size_t s = 0; s < 2; s++) {
		size_t n = sizes[s];
		int covered = 0, trials = 200;

		for (int k = 0; k < trials; k++) {
			make_line(&r, t, y, n, 1e6, 30.0, 1e10, 50, 3000);
			assert_int_equal(stats_theil_sen(t, y, n, 0.95, &ts), 0);
			assert_true(isfinite(ts.slope_lo) && isfinite(ts.slope_hi));
			assert_true(ts.slope_lo <= ts.slope && ts.slope <= ts.slope_hi);
			covered += ts.slope_lo <= 50 && 50 <= ts.slope_hi;
			width[s] += (ts.slope_hi - ts.slope_lo) / trials;
		}
		printf("# theil-sen 95%% CI, n=%zu: coverage %d/%d, mean width %.2f B/s\n", n, covered, trials,
		       width[s]);
		assert_true(covered >= 170 && covered <= 200);
	}
	/* 4x the points over 4x the time: width shrinks ~ n^-1.5, i.e. ~8x */
	assert_true(width[1] < width[0] / 4);

	/* a higher confidence gives a wider interval on the same data */
	{
		struct stats_theil_sen ts99;

		assert_int_equal(stats_theil_sen(t, y, 80, 0.95, &ts), 0);
		assert_int_equal(stats_theil_sen(t, y, 80, 0.99, &ts99), 0);
		assert_true(ts99.slope_lo < ts.slope_lo && ts.slope_hi < ts99.slope_hi);
	}
}

static void test_theil_sen_edges(void **state)
{
	double t[50], y[50];
	struct stats_theil_sen ts;
	(void)state;

	for (int i = 0; i < 50; i++) {
		t[i] = 1e6 + 2.0 * i;
		y[i] = 3e11 + 4096.0 * i;
	}
	assert_int_equal(stats_theil_sen(t, y, 2, 0.95, &ts), -EINVAL);
	assert_int_equal(stats_theil_sen(t, y, 0, 0.95, &ts), -EINVAL);
	assert_int_equal(stats_theil_sen(t, y, 10, 0, &ts), -EINVAL);
	assert_int_equal(stats_theil_sen(t, y, 10, 1, &ts), -EINVAL);
	assert_int_equal(stats_theil_sen(t, y, 10, NAN, &ts), -EINVAL);

	/* three points on a line: the slope is exact, but no 95% interval
	 * exists (the most extreme ordering has probability 1/3) */
	assert_int_equal(stats_theil_sen(t, y, 3, 0.95, &ts), 0);
	assert_near(ts.slope, 2048, 1e-9);
	assert_int_equal(ts.n_pairs, 3);
	assert_true(isinf(ts.slope_lo) && ts.slope_lo < 0);
	assert_true(isinf(ts.slope_hi) && ts.slope_hi > 0);

	/* an exact line: all pairwise slopes agree, so does the interval */
	assert_int_equal(stats_theil_sen(t, y, 50, 0.95, &ts), 0);
	assert_near(ts.slope, 2048, 1e-9);
	assert_near(ts.slope_lo, 2048, 1e-9);
	assert_near(ts.slope_hi, 2048, 1e-9);
	assert_near(ts.intercept + ts.slope * t[0], y[0], 1e-3);

	/* constant: every slope is 0 and so is Var(S); no NaN */
	for (int i = 0; i < 50; i++)
		y[i] = 3e11;
	assert_int_equal(stats_theil_sen(t, y, 50, 0.95, &ts), 0);
	assert_near(ts.slope, 0, 0);
	assert_near(ts.slope_lo, 0, 0);
	assert_near(ts.slope_hi, 0, 0);
	assert_near(ts.intercept, 3e11, 0);

	/* invalid series */
	t[7] = t[6];
	assert_int_equal(stats_theil_sen(t, y, 50, 0.95, &ts), -EINVAL);
	t[7] = t[6] - 1;
	assert_int_equal(stats_theil_sen(t, y, 50, 0.95, &ts), -EINVAL);
	t[7] = t[6] + 1;
	y[9] = INFINITY;
	assert_int_equal(stats_theil_sen(t, y, 50, 0.95, &ts), -EINVAL);
	y[9] = NAN;
	assert_int_equal(stats_theil_sen(t, y, 50, 0.95, &ts), -EINVAL);
	assert_int_equal(stats_theil_sen(NULL, y, 50, 0.95, &ts), -EINVAL);
}

/* ----------------------------------------------------------- Mann-Kendall */

static void test_mk_known(void **state)
{
	static const double up[] = { 1, 2, 3, 4 };
	struct stats_mann_kendall mk;
	(void)state;

	/* S = 6, Var S = 4*3*13/18, z = (6-1)/sqrt(Var S), p = 2 sf(z) */
	assert_int_equal(stats_mann_kendall(up, 4, 0.05, &mk), 0);
	assert_near(mk.s, 6, 0);
	assert_near(mk.var_s, 4.0 * 3 * 13 / 18, 1e-12);
	assert_near(mk.z, 5 / sqrt(4.0 * 3 * 13 / 18), 1e-12);
	assert_near(mk.p, 0.0894294, 1e-6);
	assert_int_equal(mk.trend, 0); /* four points are never enough at 5% */
	assert_int_equal(stats_mann_kendall(up, 4, 0.1, &mk), 0);
	assert_int_equal(mk.trend, 1);

	assert_int_equal(stats_mann_kendall(up, 3, 0.05, &mk), -EINVAL);
	assert_int_equal(stats_mann_kendall(up, 4, 0, &mk), -EINVAL);
	assert_int_equal(stats_mann_kendall(up, 4, 1, &mk), -EINVAL);
	assert_int_equal(stats_mann_kendall(NULL, 4, 0.05, &mk), -EINVAL);
}

static void test_mk_noise(void **state)
{
	double y[60];
	struct stats_mann_kendall mk;
	struct rng r;
	int positives = 0;
	(void)state;

	rng_seed(&r, 7);
	for (int k = 0; k < 200; k++) {
		for (int i = 0; i < 60; i++)
			y[i] = 5e8 + 1e5 * rng_gauss(&r);
		assert_int_equal(stats_mann_kendall(y, 60, 0.05, &mk), 0);
		assert_true(mk.p >= 0 && mk.p <= 1);
		positives += mk.trend != 0;
	}
	printf("# mann-kendall on noise: %d/200 false positives at alpha 0.05\n", positives);
	assert_true(positives <= 20);
}

static void test_mk_trend(void **state)
{
	double y[60], yc[60];
	struct stats_mann_kendall mk;
	struct rng r;
	(void)state;

	rng_seed(&r, 8);
	for (int k = 0; k < 50; k++) {
		for (int i = 0; i < 60; i++)
			y[i] = 5e8 + 2e4 * i + 1e5 * rng_gauss(&r);
		memcpy(yc, y, sizeof(y));
		assert_int_equal(stats_mann_kendall(y, 60, 0.05, &mk), 0);
		assert_memory_equal(y, yc, sizeof(y));
		assert_int_equal(mk.trend, 1);
		assert_true(mk.s > 0 && mk.z > 0);
		for (int i = 0; i < 60; i++)
			y[i] = 5e8 - 2e4 * i + 1e5 * rng_gauss(&r);
		assert_int_equal(stats_mann_kendall(y, 60, 0.05, &mk), 0);
		assert_int_equal(mk.trend, -1);
		assert_true(mk.s < 0 && mk.z < 0);
	}
}

static void test_mk_ties(void **state)
{
	double y[50];
	struct stats_mann_kendall mk;
	(void)state;

	/* constant: every pair tied, Var S = 0; no division, no NaN */
	for (int i = 0; i < 50; i++)
		y[i] = 1073741824;
	assert_int_equal(stats_mann_kendall(y, 50, 0.05, &mk), 0);
	assert_near(mk.s, 0, 0);
	assert_near(mk.var_s, 0, 0);
	assert_near(mk.z, 0, 0);
	assert_near(mk.p, 1, 0);
	assert_int_equal(mk.trend, 0);

	/* one step: 25 x a then 25 x b.  S = 625,
	 * Var S = (50*49*105 - 2 * 25*24*55) / 18 = 10625 */
	for (int i = 0; i < 50; i++)
		y[i] = i < 25 ? 1073741824 : 1073741824 + 4096;
	assert_int_equal(stats_mann_kendall(y, 50, 0.05, &mk), 0);
	assert_near(mk.s, 625, 0);
	assert_near(mk.var_s, 10625, 1e-9);
	assert_near(mk.z, 624 / sqrt(10625), 1e-12);
	assert_true(isfinite(mk.p) && mk.p < 1e-6);
	assert_int_equal(mk.trend, 1);

	/* a staircase of page-sized steps (many tie groups) going down */
	for (int i = 0; i < 50; i++)
		y[i] = 1073741824 - 4096.0 * (i / 10);
	assert_int_equal(stats_mann_kendall(y, 50, 0.05, &mk), 0);
	assert_true(isfinite(mk.z) && isfinite(mk.p));
	assert_int_equal(mk.trend, -1);
}

/* A garbage-collected heap: grows for a cycle, collects back to a trough.
 * The raw series wiggles; the troughs say whether live memory grows. */
static void sawtooth_troughs(struct rng *r, double trough_growth, double *troughs, size_t cycles)
{
	enum { PERIOD = 20 };
	double y[PERIOD];

	for (size_t c = 0; c < cycles; c++) {
		double base = 2e9 + trough_growth * (double)c, lo;

		for (int i = 0; i < PERIOD; i++)
			y[i] = base + 5e6 * i + 2e5 * rng_gauss(r);
		lo = y[0];
		for (int i = 1; i < PERIOD; i++)
			lo = fmin(lo, y[i]);
		troughs[c] = lo;
	}
}

static void test_mk_sawtooth(void **state)
{
	double troughs[30];
	struct stats_mann_kendall mk;
	struct rng r;
	int flat_positives = 0;
	(void)state;

	/* collected back to the very same trough every cycle: all ties */
	for (int c = 0; c < 30; c++)
		troughs[c] = 2e9;
	assert_int_equal(stats_mann_kendall(troughs, 30, 0.05, &mk), 0);
	assert_int_equal(mk.trend, 0);

	/* troughs that only wobble: no trend, bar the 5% alpha allows */
	rng_seed(&r, 9);
	for (int k = 0; k < 100; k++) {
		sawtooth_troughs(&r, 0, troughs, 30);
		assert_int_equal(stats_mann_kendall(troughs, 30, 0.05, &mk), 0);
		flat_positives += mk.trend != 0;
	}
	printf("# mann-kendall on flat sawtooth troughs: %d/100 false positives\n", flat_positives);
	assert_true(flat_positives <= 12);

	/* troughs rising by 1 MB a cycle under 200 kB of noise */
	for (int k = 0; k < 20; k++) {
		sawtooth_troughs(&r, 1e6, troughs, 30);
		assert_int_equal(stats_mann_kendall(troughs, 30, 0.05, &mk), 0);
		assert_int_equal(mk.trend, 1);
	}
}

/* ----------------------------------------------------------- change point */

static void test_cp_plateau(void **state)
{
	enum { N = 400, K = 240 };
	double t[N], y[N], tc[N], yc[N];
	struct stats_change_point cp;
	struct rng r;
	(void)state;

	/* 1 MB every 10 s, then flat; 200 kB noise; realistic magnitudes */
	rng_seed(&r, 10);
	for (int k = 0; k < 20; k++) {
		for (int i = 0; i < N; i++) {
			t[i] = 1e6 + 10.0 * i;
			y[i] = 1e12 + 1e6 * (i < K ? i : K) + 2e5 * rng_gauss(&r);
		}
		memcpy(tc, t, sizeof(t));
		memcpy(yc, y, sizeof(y));
		assert_int_equal(stats_change_point(t, y, N, 10, &cp), 0);
		assert_memory_equal(t, tc, sizeof(t));
		assert_memory_equal(y, yc, sizeof(y));
		assert_true(cp.found);
		assert_true(cp.index >= K - N / 20 && cp.index <= K + N / 20);
		assert_near(cp.slope_before, 1e5, 2e3);
		assert_near(cp.slope_after, 0, 2e3);
		assert_true(cp.sse_two < cp.sse_one);
	}
}

static void test_cp_growth_starts(void **state)
{
	enum { N = 300, K = 180 };
	double t[N], y[N];
	struct stats_change_point cp;
	struct rng r;
	(void)state;

	/* flat, then a leak starts at K */
	rng_seed(&r, 11);
	for (int i = 0; i < N; i++) {
		t[i] = 5e5 + 2.0 * i;
		y[i] = 3e8 + (i < K ? 0 : 2e5 * (i - K)) + 1e5 * rng_gauss(&r);
	}
	assert_int_equal(stats_change_point(t, y, N, 10, &cp), 0);
	assert_true(cp.found);
	assert_true(cp.index >= K - N / 20 && cp.index <= K + N / 20);
	assert_near(cp.slope_before, 0, 2e3);
	assert_near(cp.slope_after, 1e5, 5e3);
}

static void test_cp_step(void **state)
{
	enum { N = 300, K = 100 };
	double t[N], y[N];
	struct stats_change_point cp;
	struct rng r;
	(void)state;

	/* flat, a one-off jump of 100 MB (a cache filled), flat again */
	rng_seed(&r, 12);
	for (int i = 0; i < N; i++) {
		t[i] = 1e6 + 1.0 * i;
		y[i] = 5e8 + (i < K ? 0 : 1e8) + 1e5 * rng_gauss(&r);
	}
	assert_int_equal(stats_change_point(t, y, N, 10, &cp), 0);
	assert_true(cp.found);
	assert_true(cp.index >= K - N / 20 && cp.index <= K + N / 20);
	assert_near(cp.slope_before, 0, 1e4); /* 1% of the step over the segment */
	assert_near(cp.slope_after, 0, 1e4);
}

static void test_cp_line(void **state)
{
	enum { N = 200 };
	double t[N], y[N];
	struct stats_change_point cp;
	struct rng r;
	int positives = 0;
	(void)state;

	/* one straight line with noise: no break worth its parameters */
	rng_seed(&r, 13);
	for (int k = 0; k < 200; k++) {
		make_line(&r, t, y, N, 1e6, 5.0, 1e11, 3e4, 2e5);
		assert_int_equal(stats_change_point(t, y, N, 10, &cp), 0);
		assert_true(cp.sse_two <= cp.sse_one);
		positives += cp.found;
	}
	printf("# change point on a noisy line: %d/200 false positives\n", positives);
	assert_true(positives <= 20); /* an exact line: test_cp_exact */
}

static void test_cp_exact(void **state)
{
	enum { N = 100, K = 60 };
	double t[N], y[N];
	struct stats_change_point cp;
	(void)state;

	/* zero noise: SSEs are 0 up to rounding, ln 0 must not decide */
	for (int i = 0; i < N; i++) {
		t[i] = 1e6 + 0.5 * i;
		y[i] = 1e12 + 4096.0 * (i < K ? i : K);
	}
	assert_int_equal(stats_change_point(t, y, N, 5, &cp), 0);
	assert_true(cp.found);
	assert_true(cp.index == K || cp.index == K + 1); /* y[K] lies on both lines */
	assert_near(cp.slope_before, 8192, 1e-6);
	assert_near(cp.slope_after, 0, 1e-6);

	for (int i = 0; i < N; i++)
		y[i] = 1e12 + 4096.0 * i;
	assert_int_equal(stats_change_point(t, y, N, 5, &cp), 0);
	assert_false(cp.found);
	assert_true(isfinite(cp.sse_one) && isfinite(cp.sse_two));

	for (int i = 0; i < N; i++)
		y[i] = 1e12;
	assert_int_equal(stats_change_point(t, y, N, 5, &cp), 0);
	assert_false(cp.found);
	assert_near(cp.sse_one, 0, 0);
	assert_near(cp.slope_before, 0, 0);
	assert_near(cp.slope_after, 0, 0);

	/* exact step */
	for (int i = 0; i < N; i++)
		y[i] = i < 30 ? 1e9 : 1e9 + 4096;
	assert_int_equal(stats_change_point(t, y, N, 5, &cp), 0);
	assert_true(cp.found);
	assert_int_equal(cp.index, 30);
}

/* Where one-pass sums break: 1e12 bytes of growth over 1e5 samples with
 * page-sized jitter.  The residual SSE is ~1e-14 of Syy, under double
 * rounding of raw sums; the SSEs must still come out right (they feed
 * the BIC), or a straight line would "find" a break. */
static void test_cp_precision(void **state)
{
	size_t n = 100000, k = 70000;
	double *t = malloc(n * sizeof(*t)), *y = malloc(n * sizeof(*y));
	double jitter_var = (64.0 - 1) / 12 * 4096.0 * 4096.0; /* uniform 0..7 pages */
	struct stats_change_point cp;
	struct timespec start;
	struct rng r;
	(void)state;

	assert_non_null(t);
	assert_non_null(y);
	rng_seed(&r, 15);
	for (size_t i = 0; i < n; i++) {
		t[i] = 1e6 + (double)i;
		y[i] = 1e9 + 1e7 * (double)i + 4096.0 * (double)(rng_next(&r) % 8);
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(stats_change_point(t, y, n, 10, &cp), 0);
	printf("# change point, n=%zu: %.1f ms (diagnostic only)\n", n, ms_since(&start));
	assert_false(cp.found);
	assert_near(cp.sse_one / (double)n, jitter_var, 0.05 * jitter_var);
	assert_true(cp.sse_two <= cp.sse_one);

	for (size_t i = k; i < n; i++)
		y[i] -= 1e7 * (double)(i - k); /* plateau from k on */
	assert_int_equal(stats_change_point(t, y, n, 10, &cp), 0);
	assert_true(cp.found);
	assert_true(cp.index >= k - 10 && cp.index <= k + 10);
	assert_near(cp.slope_before, 1e7, 1);
	assert_near(cp.slope_after, 0, 1);
	assert_near(cp.sse_two / (double)n, jitter_var, 0.05 * jitter_var);
	free(t);
	free(y);
}

static void test_cp_edges(void **state)
{
	double t[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, y[8] = { 1, 2, 3, 4, 4, 4, 4, 4 };
	struct stats_change_point cp;
	(void)state;

	assert_int_equal(stats_change_point(t, y, 5, 1, &cp), -EINVAL); /* min_seg raised to 3 */
	assert_int_equal(stats_change_point(t, y, 6, 1, &cp), 0);
	assert_int_equal(cp.index, 3);
	assert_int_equal(stats_change_point(t, y, 8, 5, &cp), -EINVAL);
	assert_int_equal(stats_change_point(t, y, 8, (size_t)-1, &cp), -EINVAL);
	assert_int_equal(stats_change_point(t, y, 8, 4, &cp), 0);
	assert_int_equal(cp.index, 4);
	t[3] = t[2];
	assert_int_equal(stats_change_point(t, y, 8, 3, &cp), -EINVAL);
}

/* --------------------------------------------------------------- thinning */

static void test_thinning(void **state)
{
	size_t n = 100000;
	double *t = malloc(n * sizeof(*t)), *y = malloc(n * sizeof(*y)), ms_ts, ms_mk, tol;
	struct stats_theil_sen ts;
	struct stats_mann_kendall mk;
	struct timespec start;
	struct rng r;
	(void)state;

	assert_non_null(t);
	assert_non_null(y);
	rng_seed(&r, 14);
	make_line(&r, t, y, n, 1e6, 0.5, 1e12, 2000, 1e5);
	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(stats_theil_sen(t, y, n, 0.95, &ts), 0);
	ms_ts = ms_since(&start);
	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(stats_mann_kendall(y, n, 0.05, &mk), 0);
	ms_mk = ms_since(&start);
	printf("# n=%zu: theil-sen %.1f ms, mann-kendall %.1f ms (diagnostic only)\n", n, ms_ts, ms_mk);

	assert_int_equal(ts.n_pairs, (size_t)STATS_MAX_POINTS * (STATS_MAX_POINTS - 1) / 2);
	/* 512 points over the same span are what the slope rests on */
	{
		double tt[STATS_MAX_POINTS];

		for (size_t i = 0; i < STATS_MAX_POINTS; i++)
			tt[i] = t[0] + (t[n - 1] - t[0]) * (double)i / (STATS_MAX_POINTS - 1);
		tol = stats_min_detectable_slope(1e5, tt, STATS_MAX_POINTS, 5.0);
	}
	assert_near(ts.slope, 2000, tol);
	assert_true(ts.slope_lo < ts.slope && ts.slope < ts.slope_hi);
	assert_true(ts.slope_hi - ts.slope_lo < tol);
	assert_int_equal(mk.trend, 1);

	/* exactly 512 points are used from 513 up, all below: a strictly
	 * increasing series has S = number of pairs */
	for (size_t i = 0; i < n; i++)
		y[i] = (double)i;
	assert_int_equal(stats_mann_kendall(y, n, 0.05, &mk), 0);
	assert_near(mk.s, 512.0 * 511 / 2, 0);
	assert_int_equal(stats_mann_kendall(y, 513, 0.05, &mk), 0);
	assert_near(mk.s, 512.0 * 511 / 2, 0);
	assert_int_equal(stats_mann_kendall(y, 511, 0.05, &mk), 0);
	assert_near(mk.s, 511.0 * 510 / 2, 0);
	assert_int_equal(stats_theil_sen(t, y, 513, 0.95, &ts), 0);
	assert_int_equal(ts.n_pairs, 512 * 511 / 2);
	assert_int_equal(stats_theil_sen(t, y, 512, 0.95, &ts), 0);
	assert_int_equal(ts.n_pairs, 512 * 511 / 2);

	/* thinning keeps the first and the last point: on 1000 points where
	 * only those two lie off a flat line, Mann-Kendall's S sees both */
	for (size_t i = 0; i < 1000; i++)
		y[i] = 100;
	y[0] = 1; /* 511 pairs up from the first */
	assert_int_equal(stats_mann_kendall(y, 1000, 0.05, &mk), 0);
	assert_near(mk.s, 511, 0);
	y[999] = 1000; /* and 510 more from the middle up to the last */
	assert_int_equal(stats_mann_kendall(y, 1000, 0.05, &mk), 0);
	assert_near(mk.s, 1021, 0);
	free(t);
	free(y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median),
		cmocka_unit_test(test_median_many_ties),
		cmocka_unit_test(test_mad),
		cmocka_unit_test(test_normal),
		cmocka_unit_test(test_ols),
		cmocka_unit_test(test_min_detectable_slope),
		cmocka_unit_test(test_theil_sen_recovers),
		cmocka_unit_test(test_theil_sen_outliers),
		cmocka_unit_test(test_theil_sen_ci),
		cmocka_unit_test(test_theil_sen_edges),
		cmocka_unit_test(test_mk_known),
		cmocka_unit_test(test_mk_noise),
		cmocka_unit_test(test_mk_trend),
		cmocka_unit_test(test_mk_ties),
		cmocka_unit_test(test_mk_sawtooth),
		cmocka_unit_test(test_cp_plateau),
		cmocka_unit_test(test_cp_growth_starts),
		cmocka_unit_test(test_cp_step),
		cmocka_unit_test(test_cp_line),
		cmocka_unit_test(test_cp_exact),
		cmocka_unit_test(test_cp_precision),
		cmocka_unit_test(test_cp_edges),
		cmocka_unit_test(test_thinning),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
