#include "config.h"
#include "view-detail.h"
#include "output-verdict-text.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Eighths of a cell, bottom up: the top cell of a column in the chart. */
static const char *const eighths[9] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
					"\u2585", "\u2586", "\u2587", "\u2588" };
static const char ascii_fill[9] = { ' ', '.', '.', ':', ':', '|', '|', '#', '#' };

/* The highest of each of WIDTH stretches of the N values, newest at the
 * right; NaN where nothing was measured. */
static void chart_columns(const double *v, size_t n, int width, double *col)
{
	size_t per;
	int cells, pad;

	for (int c = 0; c < width; c++)
		col[c] = NAN;
	if (n == 0 || width <= 0)
		return;
	per = n > (size_t)width ? (n + (size_t)width - 1) / (size_t)width : 1;
	cells = (int)((n + per - 1) / per);
	pad = width - cells;
	for (int c = 0; c < cells; c++)
		for (size_t i = (size_t)c * per; i < (size_t)(c + 1) * per && i < n; i++)
			if (isfinite(v[i]) && !(v[i] <= col[pad + c]))
				col[pad + c] = v[i];
}

/* The floor of the scale is zero unless the curve sits high above it:
 * then the lowest value, so that a small change on a big target shows. */
static void chart_scale(const double *col, int width, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (int c = 0; c < width; c++)
		if (isfinite(col[c])) {
			*lo = fmin(*lo, col[c]);
			*hi = fmax(*hi, col[c]);
		}
	if (isfinite(*lo) && *lo < 0.5 * *hi)
		*lo = 0;
	if (isfinite(*hi) && *hi - *lo < 65536)
		*hi = *lo + 65536;
}

/* Row Y (from the top) of the chart of the columns COL. */
static void chart_row(const double *col, int width, int height, int y, double lo, double hi, bool unicode,
		      char *line)
{
	size_t at = 0;

	for (int c = 0; c < width; c++) {
		int level = 0; /* eighths filled in this cell */
		if (isfinite(col[c]) && isfinite(lo)) {
			double eighth = (col[c] - lo) / (hi - lo) * height * 8;
			int below = (height - 1 - y) * 8;
			level = (int)fmin(8, fmax(0, floor(eighth) - below));
			/* every measured column shows at least a sliver */
			if (y == height - 1 && level == 0)
				level = 1;
		}
		if (unicode) {
			size_t len = strlen(eighths[level]);
			memcpy(line + at, eighths[level], len);
			at += len;
		} else {
			line[at++] = ascii_fill[level];
		}
	}
	line[at] = '\0';
}

void detail_chart_values(const double *v, size_t n, int width, int height, bool unicode, char **lines, double *lo,
			 double *hi)
{
	double *col = xcalloc((size_t)(width > 0 ? width : 1), sizeof(double));

	chart_columns(v, n, width, col);
	chart_scale(col, width, lo, hi);
	for (int y = 0; y < height; y++)
		chart_row(col, width, height, y, *lo, *hi, unicode, lines[y]);
	free(col);
}

void detail_chart(const struct proc_ring *r, int width, int height, bool unicode, char **lines, double *lo,
		  double *hi)
{
	double v[PROC_HISTORY];

	for (unsigned i = 0; i < r->len; i++)
		v[i] = proc_ring_held(r, proc_ring_index(r, i));
	detail_chart_values(v, r->len, width, height, unicode, lines, lo, hi);
}

static void numbers_line(struct view_line *l, const struct detail_input *in, int cols)
{
	char a[16], b[16], c[16], d[16], e[16];

	view_line_clear(l, VA_NORMAL);
	if (in->numbers) {
		view_line_put(l, in->numbers, cols, false);
		return;
	}
	view_line_printf(l, cols, "RSS %s   effective %s   LazyFree %s   swap %s   PSS %s", view_size(in->rss, a, 16),
			 view_size(in->effective, b, 16), view_size(in->lazyfree, c, 16), view_size(in->swap, d, 16),
			 view_size(in->pss, e, 16));
	if (isfinite(in->threads))
		view_line_printf(l, cols, "   threads %.0f", in->threads);
}

int detail_chart_block(struct view_screen *s, int y, int height, const double *v, size_t n, bool unicode)
{
	int width = s->cols - 9;
	char **rows = xcalloc((size_t)height, sizeof(char *));
	double lo, hi;
	char a[16];

	for (int i = 0; i < height; i++)
		rows[i] = xcalloc((size_t)width * 4 + 1, 1);
	detail_chart_values(v, n, width, height, unicode, rows, &lo, &hi);
	for (int i = 0; i < height; i++) {
		struct view_line *l = &s->lines[y + i];
		view_line_clear(l, VA_NORMAL);
		if (i == 0 || i == height - 1)
			view_line_field(l, isfinite(hi) ? view_size(i == 0 ? hi : lo, a, 16) : "", 7, true, VA_DIM, false, true);
		else
			view_line_pad(l, 7);
		view_line_put(l, i == height - 1 ? " +" : " |", 2, false);
		view_line_put(l, rows[i], width, unicode);
		free(rows[i]);
	}
	free(rows);
	return y + height;
}

static int chart_block(struct view_screen *s, int y, int height, const struct detail_input *in, bool unicode)
{
	double v[PROC_HISTORY];

	for (unsigned i = 0; i < in->ring->len; i++)
		v[i] = proc_ring_held(in->ring, proc_ring_index(in->ring, i));
	return detail_chart_block(s, y, height, v, in->ring->len, unicode);
}

static void verdict_block(struct view_screen *s, int *y, int limit, const struct verdict *v, bool unicode)
{
	char head[256];
	struct verdict_text t;

	if (!v || *y >= limit)
		return;
	verdict_render(v, &t);
	snprintf(head, sizeof(head), "Verdict: %s", t.summary);
	view_line_clear(&s->lines[*y], VA_NORMAL);
	view_line_put(&s->lines[*y], head, s->cols, unicode);
	view_line_span(&s->lines[*y], 9, s->lines[*y].cells - 9, view_verdict_attr((int)v->kind));
	(*y)++;
	if (v->shape != SHAPE_UNKNOWN && *y < limit) {
		view_line_clear(&s->lines[*y], VA_NORMAL);
		view_line_printf(&s->lines[*y], s->cols, "  shape: %s", shape_name(v->shape));
		for (size_t i = 0; i < v->nchanges && i < 4; i++)
			view_line_printf(&s->lines[*y], s->cols, "%s%.1f s", i ? ", " : " (changes at ", v->changes[i]);
		if (v->nchanges)
			view_line_printf(&s->lines[*y], s->cols, "%s)", v->nchanges > 4 ? ", ..." : "");
		(*y)++;
	}
	view_wrap(s, y, limit, t.reason, "  ", VA_NORMAL, unicode);
	if (t.hint[0])
		view_wrap(s, y, limit, t.hint, "  hint: ", VA_DIM, unicode);
	/* what the Go service's own accounting adds (--go-pprof) */
	if (t.go[0])
		view_wrap(s, y, limit, t.go, "  go runtime: ", VA_NORMAL, unicode);
	if (t.go_hint[0])
		view_wrap(s, y, limit, t.go_hint, "  go hint: ", VA_DIM, unicode);
}

void detail_view_build(const struct detail_input *in, int cols, int rows, bool unicode, struct view_screen *out)
{
	int y = 0, chart_h, body_end = rows - 1;

	if (cols < DETAIL_MIN_COLS || rows < DETAIL_MIN_ROWS) {
		view_screen_too_small(out, cols, rows, DETAIL_MIN_COLS, DETAIL_MIN_ROWS);
		return;
	}
	view_screen_alloc(out, cols, rows);
	view_line_clear(&out->lines[y], VA_TITLE);
	view_line_put(&out->lines[y], in->title, cols, unicode);
	if (in->subtitle)
		view_line_printf(&out->lines[y], cols, "   %s", in->subtitle);
	if (in->message)
		view_line_printf(&out->lines[y], cols, "   %s", in->message);
	y++;
	numbers_line(&out->lines[y++], in, cols);
	/* the chart takes about a third of what is left, 3 to 12 rows */
	chart_h = (rows - 4) / 3;
	chart_h = chart_h < 3 ? 3 : chart_h > 12 ? 12 : chart_h;
	y = chart_block(out, y, chart_h, in, unicode);
	y++; /* a blank line */
	verdict_block(out, &y, body_end, in->verdict, unicode);
	for (size_t i = 0; i < in->nextra && y < body_end; i++) {
		view_line_clear(&out->lines[y], VA_NORMAL);
		view_line_put(&out->lines[y++], in->extra[i], cols, unicode);
	}
	view_line_clear(&out->lines[rows - 1], VA_DIM);
	view_line_put(&out->lines[rows - 1], in->keys ? in->keys : "", cols, false);
}

void detail_go_line(const struct sample *x, char *buf, size_t len)
{
	char a[24], b[16], c[16], d[16];

	if (!isfinite(x->v[M_GO_GOROUTINES]) && !isfinite(x->v[M_GO_HEAP_INUSE]))
		return;
	if (isfinite(x->v[M_GO_GOROUTINES]))
		snprintf(a, sizeof(a), "%.0f", x->v[M_GO_GOROUTINES]);
	else
		snprintf(a, sizeof(a), "?");
	snprintf(buf, len, "go: goroutines %s   heap in use %s   next GC %s   released %s", a,
		 view_size(x->v[M_GO_HEAP_INUSE], b, 16), view_size(x->v[M_GO_NEXT_GC], c, 16),
		 view_size(x->v[M_GO_HEAP_RELEASED], d, 16));
}
