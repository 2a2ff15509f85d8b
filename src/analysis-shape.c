/* The shape of a memory series.  See analysis-shape.h for the contract;
 * the comments here say why the code is shaped as it is. */
#include "config.h"
#include "analysis-shape.h"
#include "analysis-stats.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const shape_names[SHAPE_COUNT] = {
	[SHAPE_UNKNOWN] = "unknown",     [SHAPE_FLAT] = "flat",
	[SHAPE_LINEAR] = "linear",       [SHAPE_STEP] = "step",
	[SHAPE_STAIRCASE] = "staircase", [SHAPE_SAWTOOTH] = "sawtooth",
	[SHAPE_RAMP_PLATEAU] = "ramp-then-plateau",
	[SHAPE_RELEASE] = "release",     [SHAPE_IRREGULAR] = "irregular",
};

const char *shape_name(enum shape_kind k)
{
	return (size_t)k < SHAPE_COUNT ? shape_names[k] : "?";
}

int shape_from_name(const char *name)
{
	for (int i = 0; i < SHAPE_COUNT; i++)
		if (strcmp(shape_names[i], name) == 0)
			return i;
	return -1;
}

/* ------------------------------------------------------------------ falls */

size_t shape_falls(const double *y, size_t n, double thr, struct shape_fall *out, size_t max)
{
	size_t hi = 0, lo = 0, nf = 0;
	int dir = 0; /* +1 rising (tracking a peak), -1 falling (a trough) */

	if (n == 0 || !(thr > 0))
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (dir >= 0 && y[i] > y[hi])
			hi = i;
		if (dir <= 0 && y[i] < y[lo])
			lo = i;
		if (dir >= 0 && y[i] <= y[hi] - thr && hi < i) {
			/* a peak: the curve fell THR below it */
			if (nf < max)
				out[nf] = (struct shape_fall){ .peak = hi, .trough = i, .confirmed = false };
			nf++;
			dir = -1;
			lo = i;
		} else if (dir <= 0 && y[i] >= y[lo] + thr && lo < i) {
			/* a trough: the curve rose THR above it */
			if (nf > 0 && nf - 1 < max) {
				out[nf - 1].trough = lo;
				out[nf - 1].confirmed = true;
			}
			dir = 1;
			hi = i;
		}
		if (dir < 0 && nf > 0 && nf - 1 < max && !out[nf - 1].confirmed)
			out[nf - 1].trough = lo;
	}
	return nf;
}

/* ----------------------------------------------------------------- levels */

/* Prefix sums of y - c (c: the mean, so that the squares stay small next
 * to the noise: a 1 GiB range over 4,000 points leaves ~1e5 of rounding in
 * sums of ~1e21, far below any noise SSE). */
struct prefix {
	double *s1, *s2;
};

static void prefix_init(struct prefix *p, const double *y, size_t n)
{
	double c = 0;

	for (size_t i = 0; i < n; i++)
		c += y[i] / (double)n;
	p->s1 = xcalloc(n + 1, sizeof(double));
	p->s2 = xcalloc(n + 1, sizeof(double));
	for (size_t i = 0; i < n; i++) {
		p->s1[i + 1] = p->s1[i] + (y[i] - c);
		p->s2[i + 1] = p->s2[i] + (y[i] - c) * (y[i] - c);
	}
}

static void prefix_free(struct prefix *p)
{
	free(p->s1);
	free(p->s2);
}

/* Sum of squares of [a, b) around its own mean. */
static double seg_sse(const struct prefix *p, size_t a, size_t b)
{
	double len = (double)(b - a), s1 = p->s1[b] - p->s1[a], v = p->s2[b] - p->s2[a] - s1 * s1 / len;

	return v > 0 ? v : 0;
}

struct seg {
	size_t a, b;
	size_t split; /* best split, 0 if none */
	double gain;  /* SSE it removes */
};

static void seg_best_split(const struct prefix *p, struct seg *s)
{
	double whole = seg_sse(p, s->a, s->b);

	s->split = 0;
	s->gain = 0;
	for (size_t k = s->a + 1; k < s->b; k++) {
		double g = whole - seg_sse(p, s->a, k) - seg_sse(p, k, s->b);
		if (g > s->gain) {
			s->gain = g;
			s->split = k;
		}
	}
}

static double bic(double sse, double n, double params, double floor_var)
{
	return n * log(fmax(sse, n * floor_var) / n) + params * log(n);
}

#define MAX_SEGMENTS (2 * SHAPE_MAX_LEVELS)

static int seg_cmp(const void *pa, const void *pb)
{
	const struct seg *a = pa, *b = pb;

	return (a->a > b->a) - (a->a < b->a);
}

/* Binary segmentation into constant levels while BIC improves.  Returns
 * the segments in order and the model's SSE. */
static size_t segment(const double *y, size_t n, double floor_var, struct seg *segs, double *sse_out)
{
	struct prefix p;
	size_t ns = 1;
	double sse, best;

	prefix_init(&p, y, n);
	segs[0] = (struct seg){ .a = 0, .b = n };
	seg_best_split(&p, &segs[0]);
	sse = seg_sse(&p, 0, n);
	best = bic(sse, (double)n, 2, floor_var);
	while (ns < MAX_SEGMENTS) {
		size_t w = 0;
		for (size_t i = 1; i < ns; i++)
			if (segs[i].gain > segs[w].gain)
				w = i;
		if (segs[w].split == 0)
			break;
		double next = bic(sse - segs[w].gain, (double)n, 2.0 * (double)(ns + 1), floor_var);
		if (next >= best)
			break;
		best = next;
		sse -= segs[w].gain;
		segs[ns] = (struct seg){ .a = segs[w].split, .b = segs[w].b };
		segs[w].b = segs[w].split;
		seg_best_split(&p, &segs[w]);
		seg_best_split(&p, &segs[ns]);
		ns++;
	}
	qsort(segs, ns, sizeof(*segs), seg_cmp);
	prefix_free(&p);
	*sse_out = sse;
	return ns;
}

static double mean_of(const double *y, size_t a, size_t b)
{
	double s = 0;

	for (size_t i = a; i < b; i++)
		s += y[i];
	return s / (double)(b - a);
}

/* Binary segmentation splits noise too once the noise estimate is low;
 * neighbouring segments of 3 points or more whose levels differ by less
 * than the step floor are one level.  Returns the merged count and SSE. */
static size_t merge_close(const double *y, size_t n, struct seg *segs, size_t ns, double step_floor, double *sse)
{
	struct prefix p;
	size_t m = 0;

	prefix_init(&p, y, n);
	for (size_t i = 0; i < ns; i++) {
		struct seg *prev = m ? &segs[m - 1] : NULL;
		bool held = segs[i].b - segs[i].a >= 3;
		if (prev && held && prev->b - prev->a >= 3 &&
		    fabs(mean_of(y, segs[i].a, segs[i].b) - mean_of(y, prev->a, prev->b)) < step_floor) {
			prev->b = segs[i].b;
			continue;
		}
		segs[m++] = segs[i];
	}
	*sse = 0;
	for (size_t i = 0; i < m; i++)
		*sse += seg_sse(&p, segs[i].a, segs[i].b);
	prefix_free(&p);
	return m;
}

/* Held levels: segments of 3 points or more (shorter ones are the
 * transition of a jump caught mid-way by a sample). */
static void held_levels(const double *y, const struct seg *segs, size_t ns, struct shape *out)
{
	out->nlevels = 0;
	for (size_t i = 0; i < ns; i++) {
		struct shape_level l = { segs[i].a, segs[i].b, mean_of(y, segs[i].a, segs[i].b) };
		struct shape_level *prev = out->nlevels ? &out->levels[out->nlevels - 1] : NULL;
		if (l.to - l.from < 3)
			continue;
		if (prev && fabs(l.mean - prev->mean) < out->step_floor) {
			double np = (double)(prev->to - prev->from), nl = (double)(l.to - l.from);
			prev->mean = (prev->mean * np + l.mean * nl) / (np + nl);
			prev->to = l.to;
			continue;
		}
		if (out->nlevels < SHAPE_MAX_LEVELS)
			out->levels[out->nlevels++] = l;
	}
	out->ups = out->downs = 0;
	for (size_t i = 1; i < out->nlevels; i++) {
		if (out->levels[i].mean > out->levels[i - 1].mean)
			out->ups++;
		else
			out->downs++;
	}
}

static enum shape_kind kind_of_levels(const struct shape *s)
{
	if (s->nlevels < 2)
		return SHAPE_FLAT;
	if (s->downs == 0)
		return s->ups == 1 ? SHAPE_STEP : SHAPE_STAIRCASE;
	if (s->ups == 0 || (s->downs == 1 && s->levels[s->nlevels - 1].mean < s->levels[s->nlevels - 2].mean &&
			    s->ups <= 1))
		return SHAPE_RELEASE;
	return SHAPE_IRREGULAR;
}

int shape_levels(const double *t, const double *y, size_t n, double sigma, double step_floor, struct shape *out)
{
	struct stats_change_point cp;
	struct seg segs[MAX_SEGMENTS];
	double floor_var = sigma * sigma, nd = (double)n, sse_flat, sse_line, sse_levels;
	size_t ns;

	memset(out, 0, sizeof(*out));
	out->kind = SHAPE_UNKNOWN;
	out->step_floor = step_floor;
	if (n < 8 || !(sigma > 0) || !t || !y)
		return -EINVAL;
	if (stats_ols(t, y, n, NULL, NULL, &sse_line) || stats_change_point(t, y, n, 3, &cp))
		return -EINVAL;
	{
		struct prefix p;
		prefix_init(&p, y, n);
		sse_flat = seg_sse(&p, 0, n);
		prefix_free(&p);
	}
	ns = segment(y, n, floor_var, segs, &sse_levels);
	ns = merge_close(y, n, segs, ns, step_floor, &sse_levels);
	out->bic_flat = bic(sse_flat, nd, 1, floor_var);
	out->bic_line = bic(sse_line, nd, 2, floor_var);
	out->bic_two_lines = bic(cp.sse_two, nd, 5, floor_var);
	out->bic_levels = bic(sse_levels, nd, 2.0 * (double)ns, floor_var);
	out->knee = cp.index;
	out->slope_before = cp.slope_before;
	out->slope_after = cp.slope_after;
	held_levels(y, segs, ns, out);

	double best = fmin(fmin(out->bic_flat, out->bic_line), out->bic_two_lines);
	if (ns > 1 && out->nlevels >= 2 && out->bic_levels < best) {
		out->kind = kind_of_levels(out);
	} else if (out->bic_flat <= fmin(out->bic_line, out->bic_two_lines)) {
		out->kind = SHAPE_FLAT;
	} else if (out->bic_line <= out->bic_two_lines) {
		out->kind = SHAPE_LINEAR;
	} else {
		double rise = cp.slope_before * (t[cp.index] - t[0]);
		double after = cp.slope_after * (t[n - 1] - t[cp.index]);
		bool stopped = cp.slope_before > 0 && rise >= step_floor &&
			       (cp.slope_after < 0.3 * cp.slope_before || after < step_floor);
		double before = cp.slope_before * (t[cp.index - 1] - t[0]);
		double jump = (y[cp.index] + y[cp.index < n - 1 ? cp.index + 1 : cp.index]) / 2 -
			      (y[cp.index - 1] + y[cp.index > 1 ? cp.index - 2 : 0]) / 2;
		/* two flat lines with a jump between them are a step */
		if (fabs(before) < step_floor && fabs(after) < step_floor && jump >= step_floor && out->nlevels == 2)
			out->kind = SHAPE_STEP;
		else
			out->kind = stopped ? SHAPE_RAMP_PLATEAU : SHAPE_LINEAR;
	}
	return 0;
}
