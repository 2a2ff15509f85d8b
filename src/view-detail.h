/* One target on the whole screen: the view of the full-screen `watch` and
 * of the drill-down of `memtrace top`.  Pure, like view-top: facts in,
 * screen lines out, for any size.
 *
 * From the top: a title line; the current numbers; a chart of held memory
 * over time (RSS - LazyFree + swap; RSS + swap where effective memory was
 * not measured) with its scale, and one-line sparklines of RSS and
 * LazyFree under it; the verdict, its reason and hint wrapped to the
 * width (and what a Go service's own accounting adds); extra lines (the mappings that grew most); a key line. */
#ifndef MEMTRACE_VIEW_DETAIL_H
#define MEMTRACE_VIEW_DETAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis-verdict.h"
#include "model-proctable.h"
#include "model-sample.h"
#include "view-top.h"

struct detail_input {
	const char *title;       /* escaped, e.g. "pid 123 scenario-leak" */
	const char *subtitle;    /* e.g. "C, glibc malloc", or NULL */
	const struct proc_ring *ring;
	double rss, effective, lazyfree, swap, pss, threads; /* NaN unknown */
	const char *numbers;     /* the numbers line as the caller wants it
				  * (a cgroup's), or NULL for a process's */
	const struct verdict *verdict; /* the running verdict, or NULL */
	const char *const *extra;      /* more lines (escaped), or NULL */
	size_t nextra;
	const char *keys;        /* the bottom line */
	const char *message;     /* news for the title line, or NULL */
};

#define DETAIL_MIN_COLS 40
#define DETAIL_MIN_ROWS 10

void detail_view_build(const struct detail_input *in, int cols, int rows, bool unicode, struct view_screen *out);

/* The chart alone: HEIGHT rows of WIDTH cells, the newest sample at the
 * right; LINES[i] gets row i from the top (each at least 4 * WIDTH + 1
 * bytes).  *LO and *HI get the scale (bytes). */
void detail_chart(const struct proc_ring *r, int width, int height, bool unicode, char **lines, double *lo,
		  double *hi);
/* The same chart of any N values, oldest first (NaN: not measured). */
void detail_chart_values(const double *v, size_t n, int width, int height, bool unicode, char **lines, double *lo,
			 double *hi);
/* That chart on lines Y to Y + HEIGHT - 1 of S, the whole width, with its
 * scale (bytes) at the left; returns the next free line. */
int detail_chart_block(struct view_screen *s, int y, int height, const double *v, size_t n, bool unicode);

/* The Go service's numbers of the read in X (--go-pprof, --go-expvar):
 * "go: goroutines N   heap in use ...   next GC ...   released ..." into
 * BUF.  Nothing (BUF unchanged) when X holds no read: the line keeps the
 * last read.  The full-screen watch and top's drill-down both show it. */
void detail_go_line(const struct sample *x, char *buf, size_t len);

#endif
