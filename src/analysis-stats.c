/* Robust statistics for memory time series.  See analysis-stats.h for the
 * contract; the comments here say why the code is shaped as it is. */
#include "config.h"
#include "analysis-stats.h"
#include "util.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STATS_SQRT2 1.41421356237309504880
#define STATS_SQRT2PI 2.50662827463100050242
/* MAD of a Gaussian sample is 0.6745 sigma; 1 / 0.6745 */
#define STATS_MAD_SCALE 1.4826

/* ---------------------------------------------------------------- selection */

static int cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

static void swap_double(double *a, double *b)
{
	double x = *a;

	*a = *b;
	*b = x;
}

/* Rearranges a[lo..hi] (inclusive) so that a[k] holds what it would hold
 * if the range were sorted, with nothing greater before it and nothing
 * smaller after it (C++'s nth_element).
 *
 * Three-way partition because pairwise slopes of byte counts are full of
 * exact ties (a flat stretch yields thousands of zero slopes, a constant
 * series nothing else) and a two-way partition goes quadratic on them.
 * The pivot is always one of the range's own values, so the "equal" band
 * is never empty and every round shrinks the range; a NaN only lands in
 * that band (it compares neither less nor greater), so the result is then
 * unspecified but memory-safe.  A depth limit falls back to qsort in case
 * some input defeats median-of-three. */
static void select_kth(double *a, size_t lo, size_t hi, size_t k)
{
	unsigned depth = 0, limit = 16;

	for (size_t m = hi - lo + 1; m > 1; m >>= 1)
		limit += 2;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, lt = lo, i = lo, gt = hi + 1;
		double x = a[lo], y = a[mid], z = a[hi], p;

		if (++depth > limit) {
			qsort(a + lo, hi - lo + 1, sizeof(*a), cmp_double);
			return;
		}
		if (x < y)
			p = y < z ? y : (x < z ? z : x);
		else
			p = x < z ? x : (y < z ? z : y);
		/* [lo, lt) < p, [lt, i) == p, [gt, hi] > p */
		while (i < gt) {
			if (a[i] < p)
				swap_double(&a[lt++], &a[i++]);
			else if (a[i] > p)
				swap_double(&a[i], &a[--gt]);
			else
				i++;
		}
		if (k < lt)
			hi = lt - 1;
		else if (k >= gt)
			lo = gt;
		else
			return;
	}
}

/* The value at fractional 0-based position POS (0 <= POS <= N-1) of the
 * sorted A, interpolating linearly between neighbours.  Reorders A. */
static double order_stat(double *a, size_t n, double pos)
{
	size_t k = (size_t)pos;
	double frac = pos - (double)k, v;

	if (k >= n)
		k = n - 1;
	select_kth(a, 0, n - 1, k);
	v = a[k];
	if (frac > 0 && k + 1 < n) {
		/* after the select, the next order statistic is the smallest
		 * value to the right of k */
		double next = a[k + 1];

		for (size_t i = k + 2; i < n; i++)
			if (a[i] < next)
				next = a[i];
		/* this form makes frac = 0.5 exactly (v + next) / 2 */
		v = (1 - frac) * v + frac * next;
	}
	return v;
}

/* Median of a scratch array the caller lets us reorder. */
static double median_inplace(double *a, size_t n)
{
	return n ? order_stat(a, n, (double)(n - 1) / 2.0) : NAN;
}

double stats_median(const double *v, size_t n)
{
	double *a, m;

	if (!n || !v)
		return NAN;
	a = xmalloc(n * sizeof(*a));
	memcpy(a, v, n * sizeof(*a));
	m = median_inplace(a, n);
	free(a);
	return m;
}

double stats_mad(const double *v, size_t n)
{
	double *a, m;

	if (!n || !v)
		return NAN;
	a = xmalloc(n * sizeof(*a));
	memcpy(a, v, n * sizeof(*a));
	m = median_inplace(a, n);
	/* the copy is only reordered, so it still holds the same values */
	for (size_t i = 0; i < n; i++)
		a[i] = fabs(a[i] - m);
	m = median_inplace(a, n);
	free(a);
	return STATS_MAD_SCALE * m;
}

/* ------------------------------------------------------------------ helpers */

/* Every series function checks its input once, up front: a NaN would
 * silently poison a median and a repeated time would divide by zero. */
static bool series_ok(const double *t, const double *y, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(y[i]))
			return false;
		if (t) {
			if (!isfinite(t[i]))
				return false;
			if (i && !(t[i] > t[i - 1]))
				return false;
		}
	}
	return true;
}

/* Picks min(N, STATS_MAX_POINTS) indices spread evenly over [0, N-1],
 * first and last included: idx[i] = round(i * (N-1) / (M-1)), computed in
 * integers (quotient and remainder) so it cannot overflow or round
 * differently between machines.  Deterministic, so running the analysis
 * twice on the same recording gives the same verdict. */
static size_t thin_indices(size_t n, size_t *idx)
{
	size_t m = STATS_MAX_POINTS, span, q, r;

	if (n <= m) {
		for (size_t i = 0; i < n; i++)
			idx[i] = i;
		return n;
	}
	span = m - 1;
	q = (n - 1) / span; /* >= 1, so the indices strictly increase */
	r = (n - 1) % span;
	for (size_t i = 0; i < m; i++)
		idx[i] = i * q + (i * r + span / 2) / span;
	return m;
}

/* Var(S) of the Mann-Kendall statistic under "no trend" for the M values
 * y[idx[*]], minus the share of the pairs that are exact ties:
 * [M(M-1)(2M+5) - sum_groups g(g-1)(2g+5)] / 18.  M <= STATS_MAX_POINTS,
 * so every term is an exact integer in a double. */
static double mk_variance(const double *y, const size_t *idx, size_t m)
{
	double v[STATS_MAX_POINTS];
	double md = (double)m, var, ties = 0;
	size_t i = 0;

	for (size_t k = 0; k < m; k++)
		v[k] = y[idx[k]];
	qsort(v, m, sizeof(v[0]), cmp_double);
	while (i < m) {
		size_t j = i + 1;

		while (j < m && v[j] == v[i])
			j++;
		if (j - i > 1) {
			double g = (double)(j - i);

			ties += g * (g - 1) * (2 * g + 5);
		}
		i = j;
	}
	var = (md * (md - 1) * (2 * md + 5) - ties) / 18.0;
	return var > 0 ? var : 0;
}

/* -------------------------------------------------------------- Theil-Sen */

int stats_theil_sen(const double *t, const double *y, size_t n, double confidence, struct stats_theil_sen *out)
{
	size_t idx[STATS_MAX_POINTS], m, np, k = 0;
	double *buf, npd, c, m1, m2, slope, t0;

	if (!t || !y || !out || n < 3 || !(confidence > 0 && confidence < 1))
		return -EINVAL;
	if (!series_ok(t, y, n))
		return -EINVAL;

	m = thin_indices(n, idx);
	np = m * (m - 1) / 2;
	buf = xmalloc((np > n ? np : n) * sizeof(*buf));
	/* differences of raw values are exact enough: bytes below 2^53 are
	 * exact integers, and dt > 0 is guaranteed by series_ok */
	for (size_t i = 0; i < m; i++)
		for (size_t j = i + 1; j < m; j++)
			buf[k++] = (y[idx[j]] - y[idx[i]]) / (t[idx[j]] - t[idx[i]]);
	npd = (double)np;
	slope = order_stat(buf, np, (npd - 1) / 2.0);

	/* Sen (1968), as in Gilbert (1987): C = z sqrt(Var S); the limits
	 * are the M1-th and (M2+1)-th smallest slopes (1-based), interpolated
	 * when M1, M2 are fractional.  Below the first / above the last slope
	 * the data cannot bound the slope at this confidence: saying
	 * "unbounded" is honest, clamping to the extreme slope would claim
	 * significance that three points cannot give. */
	c = stats_normal_quantile(0.5 + confidence / 2.0) * sqrt(mk_variance(y, idx, m));
	m1 = (npd - c) / 2.0;
	m2 = (npd + c) / 2.0;
	out->slope_lo = m1 < 1.0 ? -INFINITY : order_stat(buf, np, m1 - 1.0);
	out->slope_hi = m2 > npd - 1.0 ? INFINITY : order_stat(buf, np, m2);

	/* Intercept from all points, with t taken relative to t[0]: times are
	 * monotonic seconds (1e6 and more) and slope * t would otherwise
	 * dwarf y before the subtraction. */
	t0 = t[0];
	for (size_t i = 0; i < n; i++)
		buf[i] = y[i] - slope * (t[i] - t0);
	out->intercept = median_inplace(buf, n) - slope * t0;
	out->slope = slope;
	out->n_pairs = np;
	free(buf);
	return 0;
}

/* ----------------------------------------------------------- Mann-Kendall */

int stats_mann_kendall(const double *y, size_t n, double alpha, struct stats_mann_kendall *out)
{
	size_t idx[STATS_MAX_POINTS], m;
	long long s = 0;
	double var, z = 0, p = 1;

	if (!y || !out || n < 4 || !(alpha > 0 && alpha < 1))
		return -EINVAL;
	if (!series_ok(NULL, y, n))
		return -EINVAL;

	m = thin_indices(n, idx);
	for (size_t i = 0; i < m; i++) {
		double yi = y[idx[i]];

		for (size_t j = i + 1; j < m; j++)
			s += (y[idx[j]] > yi) - (y[idx[j]] < yi);
	}
	var = mk_variance(y, idx, m);
	/* var == 0 only when every value is tied: no evidence either way.
	 * Otherwise the continuity correction moves S one step towards 0,
	 * because S only takes every other integer. */
	if (var > 0 && s != 0) {
		z = ((double)s - (s > 0 ? 1.0 : -1.0)) / sqrt(var);
		p = 2.0 * stats_normal_sf(fabs(z));
		if (p > 1)
			p = 1;
	}
	out->s = (double)s;
	out->var_s = var;
	out->z = z;
	out->p = p;
	out->trend = p < alpha ? (s > 0 ? 1 : -1) : 0;
	return 0;
}

/* ------------------------------------------------------------ least squares */

/* Two-pass least squares over t[lo, hi), time relative to T0.  Two passes
 * (means first, then centred sums and the residuals themselves) because
 * the one-pass forms Syy - Sxy^2/Sxx cancel catastrophically when a line
 * explains nearly all the variance: growth of 1e12 bytes with 4 KiB of
 * noise leaves an SSE 1e-17 of Syy, below double precision. */
static void ols_range(const double *t, const double *y, size_t lo, size_t hi, double t0, double *slope,
		      double *intercept, double *sse)
{
	double n = (double)(hi - lo), mt = 0, my = 0, sxx = 0, sxy = 0, b, r = 0;

	for (size_t i = lo; i < hi; i++) {
		mt += t[i] - t0;
		my += y[i];
	}
	mt /= n;
	my /= n;
	for (size_t i = lo; i < hi; i++) {
		double dt = t[i] - t0 - mt;

		sxx += dt * dt;
		sxy += dt * (y[i] - my);
	}
	b = sxx > 0 ? sxy / sxx : 0;
	for (size_t i = lo; i < hi; i++) {
		double e = y[i] - my - b * (t[i] - t0 - mt);

		r += e * e;
	}
	if (slope)
		*slope = b;
	if (intercept) /* at t = t0 */
		*intercept = my - b * mt;
	if (sse)
		*sse = r;
}

int stats_ols(const double *t, const double *y, size_t n, double *slope, double *intercept, double *sse)
{
	double b, a;

	if (!t || !y || n < 2 || !series_ok(t, y, n))
		return -EINVAL;
	ols_range(t, y, 0, n, t[0], &b, &a, sse);
	if (slope)
		*slope = b;
	if (intercept)
		*intercept = a - b * t[0];
	return 0;
}

double stats_min_detectable_slope(double sigma, const double *t, size_t n, double z)
{
	double mean = 0, sxx = 0;

	if (!t || n < 2)
		return INFINITY;
	for (size_t i = 0; i < n; i++)
		mean += t[i] - t[0];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++) {
		double d = t[i] - t[0] - mean;

		sxx += d * d;
	}
	if (!(sxx > 0))
		return INFINITY;
	return z * sigma / sqrt(sxx);
}

/* ------------------------------------------------------------ change point */

/* Running least-squares moments (Welford's updates), so that the fits of
 * every prefix and every suffix come in O(N) total without the raw
 * sum-of-squares cancellation of plain prefix sums. */
struct lsq_acc {
	double n, mt, my, sxx, sxy, syy;
};

static void lsq_add(struct lsq_acc *a, double t, double y)
{
	double dt, dy;

	a->n += 1;
	dt = t - a->mt;
	dy = y - a->my;
	a->mt += dt / a->n;
	a->my += dy / a->n;
	a->sxx += dt * (t - a->mt);
	a->sxy += dt * (y - a->my);
	a->syy += dy * (y - a->my);
}

static double lsq_sse(const struct lsq_acc *a)
{
	double r = a->sxx > 0 ? a->syy - a->sxy * a->sxy / a->sxx : a->syy;

	return r > 0 ? r : 0;
}

int stats_change_point(const double *t, const double *y, size_t n, size_t min_seg, struct stats_change_point *out)
{
	struct lsq_acc acc;
	size_t ms = min_seg < 3 ? 3 : min_seg, best = 0;
	double *left, best_sse = INFINITY, sse_before, sse_after, ymin, ymax, floor_sse, nd, bic_one, bic_two;

	if (!t || !y || !out || ms > n / 2)
		return -EINVAL;
	if (!series_ok(t, y, n))
		return -EINVAL;

	/* The moments are accurate to about eps * Syy, which near-perfect
	 * fits do not survive (see ols_range); they are only used to choose
	 * the split, where a misplaced break costs far more than that, and
	 * the SSEs reported and compared are recomputed in two passes.
	 * Centring on the first sample keeps the running means small. */
	left = xmalloc((n + 1) * sizeof(*left));
	memset(&acc, 0, sizeof(acc));
	for (size_t i = 0; i < n; i++) {
		lsq_add(&acc, t[i] - t[0], y[i] - y[0]);
		left[i + 1] = lsq_sse(&acc); /* fit of [0, i] */
	}
	memset(&acc, 0, sizeof(acc));
	for (size_t k = n; k-- > 0;) {
		lsq_add(&acc, t[k] - t[0], y[k] - y[0]); /* acc now holds [k, n) */
		if (n - k >= ms && k >= ms && left[k] + lsq_sse(&acc) <= best_sse) {
			/* <= while walking down: ties go to the earliest break */
			best_sse = left[k] + lsq_sse(&acc);
			best = k;
		}
	}
	free(left);

	out->index = best;
	ols_range(t, y, 0, best, t[0], &out->slope_before, NULL, &sse_before);
	ols_range(t, y, best, n, t[0], &out->slope_after, NULL, &sse_after);
	out->sse_two = sse_before + sse_after;
	ols_range(t, y, 0, n, t[0], NULL, NULL, &out->sse_one);

	/* BIC on a noise floor: an exact line or step has SSE 0 (rounding
	 * aside), and ln 0 would make any split win or lose at random.  The
	 * floor sits far above double rounding of values this size and far
	 * below any noise worth the name (0.1 byte per point over a 1 GB
	 * range), and applies to both fits alike. */
	ymin = ymax = y[0];
	for (size_t i = 1; i < n; i++) {
		if (y[i] < ymin)
			ymin = y[i];
		if (y[i] > ymax)
			ymax = y[i];
	}
	nd = (double)n;
	floor_sse = nd * (pow(1e-10 * (ymax - ymin), 2) + DBL_MIN);
	bic_one = nd * log(fmax(out->sse_one, floor_sse) / nd) + 2.0 * log(nd);
	bic_two = nd * log(fmax(out->sse_two, floor_sse) / nd) + 5.0 * log(nd);
	out->found = bic_two < bic_one;
	return 0;
}

/* ----------------------------------------------------------------- normal */

double stats_normal_sf(double z)
{
	/* erfc keeps its relative accuracy in the far tail, where 1 - Phi
	 * would round to 0 */
	return 0.5 * erfc(z / STATS_SQRT2);
}

double stats_normal_quantile(double p)
{
	/* P. J. Acklam's rational approximation (relative error 1.15e-9) */
	static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
				    1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
				    6.680131188771972e+01, -1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
				    -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
				    3.754408661907416e+00 };
	const double p_low = 0.02425;
	double x, q, r, e, u;

	if (isnan(p) || p < 0 || p > 1)
		return NAN;
	if (p == 0)
		return -INFINITY;
	if (p == 1)
		return INFINITY;
	if (p < p_low) {
		q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	} else if (p <= 1 - p_low) {
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
		    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	} else {
		q = sqrt(-2 * log1p(-p));
		x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	/* One Halley step against erfc brings it to full double precision.
	 * The error Phi(x) - p is formed on the smaller tail, since Phi(x)
	 * itself is within rounding of 1 for large x. */
	e = x < 0 ? 0.5 * erfc(-x / STATS_SQRT2) - p : (1 - p) - stats_normal_sf(x);
	u = e * STATS_SQRT2PI * exp(x * x / 2);
	x = x - u / (1 + x * u / 2);
	return x;
}
