/* Robust statistics for memory time series: the numbers the verdict engine
 * stands on.  Pure: no I/O, no global state, caller arrays are never
 * modified.
 *
 * Conventions shared by every function here:
 *  - t is time in seconds, finite and strictly increasing; y is a value in
 *    bytes, finite.  Slopes are bytes per second.  Filter out missing (NaN)
 *    samples before calling: functions that take series return -EINVAL on
 *    a non-finite value or a non-increasing time rather than guess.
 *  - Functions that can fail return 0 or -EINVAL; scalar helpers return NaN
 *    (no data) or INFINITY (no bound) instead.  Both are possible in the
 *    results too, so a JSON writer must map them (JSON has neither).
 *  - Every significance statement (confidence interval, p-value) assumes
 *    independent noise.  Memory series are autocorrelated (allocator
 *    batching, GC cycles), which makes them look more certain than they
 *    are; treat intervals as optimistic and prefer thinned or
 *    cycle-aggregated input (e.g. one point per GC trough). */
#ifndef MEMTRACE_ANALYSIS_STATS_H
#define MEMTRACE_ANALYSIS_STATS_H

#include <stdbool.h>
#include <stddef.h>

/* Pairwise methods (Theil-Sen, Mann-Kendall) are O(n^2).  Above this many
 * points they first thin the input deterministically to STATS_MAX_POINTS
 * points evenly spread over the index range, first and last included (512
 * points: 130816 pairs, about 1 MiB of slopes and a few ms). */
#define STATS_MAX_POINTS 512

/* Median of V (the mean of the two middle values for even N); NaN for
 * N == 0.  Works on a copy: O(N) expected time, O(N) memory. */
double stats_median(const double *v, size_t n);

/* Median absolute deviation from the median, times 1.4826 so that it
 * estimates the standard deviation of Gaussian noise while ignoring up to
 * half the values as outliers.  NaN for N == 0. */
double stats_mad(const double *v, size_t n);

struct stats_theil_sen {
	double slope;     /* median of the pairwise slopes, bytes/s */
	double intercept; /* at t = 0: predict with intercept + slope * t */
	/* Sen (1968) distribution-free interval for the slope at the requested
	 * confidence.  -INFINITY / +INFINITY when the data cannot bound it at
	 * that confidence (too few points, e.g. n = 3 at 95%). */
	double slope_lo, slope_hi;
	size_t n_pairs; /* pairwise slopes used (after thinning) */
};

/* Theil-Sen line through (T, Y) with a two-sided CONFIDENCE interval for
 * the slope (e.g. 0.95).  Resists up to ~29% gross outliers.
 * -EINVAL if N < 3, CONFIDENCE is not in (0, 1), or the series is invalid. */
int stats_theil_sen(const double *t, const double *y, size_t n, double confidence, struct stats_theil_sen *out);

struct stats_mann_kendall {
	double s;     /* sum of sign(y[j] - y[i]) over i < j */
	double var_s; /* variance of S under "no trend", corrected for ties */
	double z;     /* continuity-corrected normal score; 0 when var_s == 0 */
	double p;     /* two-sided p-value; 1 when var_s == 0 */
	int trend;    /* +1 increasing, -1 decreasing, 0 none at alpha */
};

/* Mann-Kendall test for a monotonic trend in Y, taken in sample order (the
 * spacing in time does not matter, only the order).  Exact ties (a flat
 * stretch of byte counts) are handled: a constant series gives s = 0,
 * p = 1, trend 0.  -EINVAL if N < 4, ALPHA is not in (0, 1), or a value is
 * not finite. */
int stats_mann_kendall(const double *y, size_t n, double alpha, struct stats_mann_kendall *out);

struct stats_change_point {
	size_t index;        /* first sample of the second segment */
	double slope_before; /* least-squares slope of [0, index) */
	double slope_after;  /* least-squares slope of [index, n) */
	double sse_one;      /* residual sum of squares of one line over all */
	double sse_two;      /* ... of the two independent segments */
	bool found;          /* the split is worth its extra parameters (BIC) */
};

/* Best split of (T, Y) into two independent least-squares lines, each of at
 * least MIN_SEG points (raised to 3: a 2-point line fits anything), by
 * minimum total SSE in O(N).  FOUND says whether two segments beat one
 * line by BIC (N ln(SSE/N) + k ln N, k = 2 for one line, 5 for two lines
 * and the break).  The other fields describe the best split even when
 * FOUND is false, as evidence; do not act on them then.  Least squares:
 * gross outliers can move the break, median-filter first if that matters.
 * -EINVAL if N < 2 * max(MIN_SEG, 3) or the series is invalid. */
int stats_change_point(const double *t, const double *y, size_t n, size_t min_seg, struct stats_change_point *out);

/* Inverse of the standard normal CDF (Acklam's rational approximation plus
 * one Halley step: ~1e-15 relative).  -INFINITY at 0, +INFINITY at 1, NaN
 * outside [0, 1]. */
double stats_normal_quantile(double p);

/* Upper tail P(Z > z) of the standard normal, accurate far into the tail. */
double stats_normal_sf(double z);

/* Smallest slope a least-squares fit over times T can tell from 0 when the
 * noise has standard deviation SIGMA (e.g. stats_mad of the residuals), at
 * normal score Z (1.96 for 95% two-sided): Z * SIGMA / sqrt(sum (t - mean)^2).
 * Theil-Sen needs about 5% more (its efficiency is ~0.95).  INFINITY when
 * N < 2 (no time span, nothing is detectable). */
double stats_min_detectable_slope(double sigma, const double *t, size_t n, double z);

/* Ordinary least squares line y = intercept + slope * t and its residual sum
 * of squares.  Any output pointer may be NULL.  -EINVAL if N < 2 or the
 * series is invalid. */
int stats_ols(const double *t, const double *y, size_t n, double *slope, double *intercept, double *sse);

#endif
