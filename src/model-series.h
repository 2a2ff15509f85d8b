/* The series store: samples over unbounded time in bounded memory.
 *
 * The most recent SERIES_RECENT samples are kept as they are.  Older ones
 * fold into history buckets of W samples each, keeping for every metric the
 * mean, the minimum and the maximum (so a sawtooth's troughs and peaks
 * survive downsampling); when the history is full, neighbouring buckets
 * merge and W doubles.  A day at 1 s, or a million samples of a recording,
 * stays under a few MiB. */
#ifndef MEMTRACE_MODEL_SERIES_H
#define MEMTRACE_MODEL_SERIES_H

#include <stddef.h>

#include "model-sample.h"

#define SERIES_RECENT 2048
#define SERIES_HISTORY 2048

struct series_point {
	double t0, t1;       /* first and last sample time in the point */
	unsigned long count; /* samples folded in (1 for a recent sample) */
	double mean[M_COUNT], min[M_COUNT], max[M_COUNT];
	unsigned long n[M_COUNT]; /* samples with a value (not NaN) */
};

struct series {
	struct sample *recent; /* ring of SERIES_RECENT */
	size_t recent_head, recent_len;
	struct series_point *hist; /* SERIES_HISTORY, oldest first */
	size_t hist_len;
	unsigned long bucket_width; /* samples per history point */
	struct series_point open;   /* history bucket being filled */
	unsigned long total;        /* samples ever added */
	struct sample first, last;
};

void series_init(struct series *s);
void series_free(struct series *s);
/* Empties S, keeping its buffers (a scratch series reused for many
 * targets). */
void series_reset(struct series *s);
void series_add(struct series *s, const struct sample *x);

/* The whole series, oldest first, as points (recent samples become points
 * of count 1).  Returns the count; *OUT is allocated.  Points whose time is
 * outside [from, to] are left out (use -INFINITY/INFINITY for all). */
size_t series_points(const struct series *s, double from, double to, struct series_point **out);

/* The mean of metric M in the first (last) of NP points that has a value
 * for it; NaN when none has. */
double series_points_first(const struct series_point *p, size_t np, enum metric m);
double series_points_last(const struct series_point *p, size_t np, enum metric m);

#endif
