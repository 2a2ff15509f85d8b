/* Screens as lines of cells, for the view models (view-top, view-detail)
 * and the curses renderer.  Pure.
 *
 * Every code point of a line is one cell: text from targets is escaped
 * first, and whatever is not one cell wide here (wide or combining
 * characters, anything but ASCII without UTF-8) is drawn as '?', so that
 * column arithmetic holds.  Attributes say what a span means, not how it
 * looks. */
#ifndef MEMTRACE_VIEW_LINES_H
#define MEMTRACE_VIEW_LINES_H

#include <stdbool.h>

enum view_attr { VA_NORMAL, VA_TITLE, VA_HEADER, VA_SELECTED, VA_BAD, VA_WARN, VA_GOOD, VA_DIM, VA_COUNT };

#define VIEW_LINE_MAX 2048 /* bytes of one line */
#define VIEW_MAX_SPANS 16

struct view_span {
	int col, width; /* cells */
	enum view_attr attr;
};

struct view_line {
	char text[VIEW_LINE_MAX];
	int cells;
	enum view_attr attr; /* of the whole line */
	int nspans;
	struct view_span spans[VIEW_MAX_SPANS];
};

struct view_screen {
	int cols, rows;
	bool too_small;
	int nlines;
	struct view_line *lines; /* ROWS lines, allocated by the builder */
};

void view_screen_free(struct view_screen *s);

/* Builders, for the view models. */
void view_line_clear(struct view_line *l, enum view_attr attr);
/* Appends at most MAX cells of TEXT; returns the cells written. */
int view_line_put(struct view_line *l, const char *text, int max, bool unicode);
void view_line_pad(struct view_line *l, int cells);
/* TEXT in a field of WIDTH cells (cut, padded unless !PAD_END), as a span
 * of ATTR. */
void view_line_field(struct view_line *l, const char *text, int width, bool right, enum view_attr attr, bool unicode,
		     bool pad_end);
void view_line_printf(struct view_line *l, int max, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Marks cells [COL, COL + WIDTH) of L with ATTR. */
void view_line_span(struct view_line *l, int col, int width, enum view_attr attr);
/* Writes TEXT wrapped at blanks to the width of S from line *Y on, while
 * *Y < LIMIT (the rest is cut); the first line starts with LEAD, the
 * others with as many blanks.  Advances *Y. */
void view_wrap(struct view_screen *s, int *y, int limit, const char *text, const char *lead, enum view_attr attr,
	       bool unicode);
/* NLINES empty lines of COLS cells. */
void view_screen_alloc(struct view_screen *s, int cols, int nlines);
/* The one-line "terminal too small (needs WxH)" screen, shortened to fit. */
void view_screen_too_small(struct view_screen *s, int cols, int rows, int need_cols, int need_rows);

#endif
