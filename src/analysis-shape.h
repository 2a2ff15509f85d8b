/* The shape of a memory series: what the curve did, independent of how
 * often it was sampled.  Pure: no I/O, caller arrays are never modified.
 *
 * The verdict engine asks two questions here before it fits any trend:
 *  - Falls: where did memory drop by a lot?  A zigzag with hysteresis
 *    (a reversal counts once the curve has moved THR the other way)
 *    finds peaks and troughs whatever the sampling: a release in three
 *    stages a second apart is one fall at 100 ms and at 10 s, because
 *    the falls have no rise of THR between them.  A sawtooth needs rise
 *    and fall cycles: two falls or more.
 *  - Levels: is the series better told as a few constant levels with
 *    jumps between them (a step, a staircase) than as a line, or as a
 *    ramp that stopped?  Model choice by BIC over a noise floor: constant
 *    (1 parameter), line (2), two lines with a break (5), and K constant
 *    levels found by binary segmentation (2K).  Fitting below the noise
 *    earns nothing, so an exact curve cannot win by overfitting.
 *
 * Conventions are those of analysis-stats.h: t in seconds, finite and
 * strictly increasing; y in bytes, finite; -EINVAL on invalid input. */
#ifndef MEMTRACE_ANALYSIS_SHAPE_H
#define MEMTRACE_ANALYSIS_SHAPE_H

#include <stdbool.h>
#include <stddef.h>

enum shape_kind {
	SHAPE_UNKNOWN,      /* too little data to say */
	SHAPE_FLAT,         /* one level, within the noise */
	SHAPE_LINEAR,       /* a steady slope (up or down) */
	SHAPE_STEP,         /* one jump up between two held levels */
	SHAPE_STAIRCASE,    /* jumps up between three or more held levels */
	SHAPE_SAWTOOTH,     /* rise and fall cycles (two falls or more) */
	SHAPE_RAMP_PLATEAU, /* a rise that stopped and held */
	SHAPE_RELEASE,      /* one fall, in one or several stages */
	SHAPE_IRREGULAR,    /* levels up and down with no pattern */
	SHAPE_COUNT
};

const char *shape_name(enum shape_kind k);
int shape_from_name(const char *name);

/* One fall of the zigzag: from a peak to the trough after it. */
struct shape_fall {
	size_t peak, trough; /* indices */
	bool confirmed;      /* a rise of THR followed the trough */
};

/* Falls of (T, Y) by a zigzag with reversal threshold THR > 0: a peak is
 * confirmed once Y falls THR below it, a trough once Y rises THR above
 * it.  Writes at most MAX falls to OUT (OUT may be NULL with MAX 0) and
 * returns how many there are. */
size_t shape_falls(const double *y, size_t n, double thr, struct shape_fall *out, size_t max);

/* A level held for a while: LEVELS points, constant within the noise. */
struct shape_level {
	size_t from, to; /* indices [from, to) */
	double mean;
};

#define SHAPE_MAX_LEVELS 24

struct shape {
	enum shape_kind kind;
	/* the models compared (BIC on the noise floor; lower is better) */
	double bic_flat, bic_line, bic_two_lines, bic_levels;
	/* the levels held for at least 3 points, jumps of less than the
	 * step floor merged (meaningful when kind is STEP or STAIRCASE) */
	size_t nlevels;
	struct shape_level levels[SHAPE_MAX_LEVELS];
	size_t ups, downs;      /* jumps between held levels */
	double step_floor;      /* smallest jump counted, bytes */
	/* two lines: where the break is and the slopes either side */
	size_t knee;
	double slope_before, slope_after;
};

/* Which model tells (T, Y) best, given the noise SIGMA (bytes, > 0) and
 * the smallest jump worth a level of its own STEP_FLOOR (bytes).  Falls
 * are not looked at here (the caller asks shape_falls first).  N >= 8.
 * Returns 0 or -EINVAL. */
int shape_levels(const double *t, const double *y, size_t n, double sigma, double step_floor, struct shape *out);

#endif
