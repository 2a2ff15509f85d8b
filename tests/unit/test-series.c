/* The series store: a day of 1 s samples in bounded memory, with the
 * sawtooth's troughs and peaks kept through downsampling, and a verdict on
 * that day computed quickly. */
#include "config.h"
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analysis-verdict.h"
#include "model-series.h"

#define MIB (1024.0 * 1024)

static void feed_day(struct series *s, double rise_per_cycle)
{
	/* 86400 samples: a 60 s sawtooth of 10 MiB, troughs rising */
	for (int i = 0; i < 86400; i++) {
		struct sample x;
		sample_clear(&x);
		x.t = i;
		x.v[M_RSS] = x.v[M_EFFECTIVE] = 100 * MIB + 10 * MIB * (double)(i % 60) / 59.0 +
						rise_per_cycle * (double)(i / 60);
		x.v[M_THREADS] = 8;
		series_add(s, &x);
	}
}

static void test_day_is_bounded(void **state)
{
	struct series s;
	struct series_point *p;
	size_t n;
	(void)state;
	series_init(&s);
	feed_day(&s, 0);
	assert_int_equal(s.total, 86400);
	assert_true(s.hist_len <= SERIES_HISTORY);
	assert_true(s.recent_len <= SERIES_RECENT);
	/* the memory the store holds is fixed, whatever the duration */
	size_t bytes = SERIES_RECENT * sizeof(struct sample) + SERIES_HISTORY * sizeof(struct series_point);
	print_message("# series store: %zu KiB for %lu samples\n", bytes / 1024, s.total);
	assert_true(bytes < 4u * 1024 * 1024);
	n = series_points(&s, -INFINITY, INFINITY, &p);
	assert_true(n <= SERIES_RECENT + SERIES_HISTORY + 1);
	/* the whole day is covered, oldest first */
	assert_true(p[0].t0 == 0);
	assert_true(p[n - 1].t1 == 86399);
	unsigned long count = 0;
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		count += p[i].count;
		if (i)
			assert_true(p[i].t0 > p[i - 1].t1 - 1e-9);
		lo = fmin(lo, p[i].min[M_RSS]);
		hi = fmax(hi, p[i].max[M_RSS]);
	}
	assert_int_equal(count, 86400);
	/* min/max survive downsampling: the sawtooth is not smoothed away */
	assert_true(fabs(lo - 100 * MIB) < 1);
	assert_true(fabs(hi - 110 * MIB) < 1);
	free(p);
	series_free(&s);
}

static void test_day_verdicts(void **state)
{
	struct series s;
	struct verdict v;
	struct verdict_context ctx = { .interval = 1, .mem_available = NAN, .limit_left = NAN, .peak_rss = NAN };
	struct timespec a, b;
	(void)state;

	series_init(&s);
	feed_day(&s, 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	verdict_compute(&s, &ctx, &v);
	clock_gettime(CLOCK_MONOTONIC, &b);
	print_message("# verdict over a day: %.1f ms\n", (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6);
	assert_int_equal(v.kind, VERDICT_STABLE);
	series_free(&s);

	series_init(&s);
	feed_day(&s, 64 * 1024); /* troughs +64 KiB a minute: 90 MiB a day */
	verdict_compute(&s, &ctx, &v);
	assert_int_equal(v.kind, VERDICT_LEAK);
	series_free(&s);
}

static void test_window(void **state)
{
	struct series s;
	struct series_point *p;
	size_t n;
	(void)state;
	series_init(&s);
	for (int i = 0; i < 100; i++) {
		struct sample x;
		sample_clear(&x);
		x.t = i;
		x.v[M_RSS] = i;
		series_add(&s, &x);
	}
	n = series_points(&s, 10, 19, &p);
	assert_int_equal(n, 10);
	assert_true(p[0].t0 == 10);
	free(p);
	series_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_is_bounded),
		cmocka_unit_test(test_day_verdicts),
		cmocka_unit_test(test_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
