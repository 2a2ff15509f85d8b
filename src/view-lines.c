#include "config.h"
#include "view-lines.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ------------------------------------------------------------- lines */

void view_line_clear(struct view_line *l, enum view_attr attr)
{
	l->text[0] = '\0';
	l->cells = 0;
	l->attr = attr;
	l->nspans = 0;
}

/* The next code point of S (UTF-8, already escaped so valid), its length
 * in *LEN. */
static unsigned decode(const unsigned char *s, int *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0 && s[1]) {
		*len = 2;
		return ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
	}
	if ((s[0] & 0xf0) == 0xe0 && s[1] && s[2]) {
		*len = 3;
		return ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
	}
	if ((s[0] & 0xf8) == 0xf0 && s[1] && s[2] && s[3]) {
		*len = 4;
		return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu);
	}
	*len = 1;
	return '?';
}

/* Appends at most MAX cells of TEXT; a code point that is not one cell
 * wide here (wide, combining, or anything but ASCII without UNICODE)
 * becomes '?'.  Returns the cells written. */
int view_line_put(struct view_line *l, const char *text, int max, bool unicode)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t at = strlen(l->text);
	int cells = 0;

	while (*s && cells < max) {
		int n;
		unsigned cp = decode(s, &n);
		bool one = cp >= 0x20 && cp < 0x7f;
		if (!one && unicode && cp >= 0xa0)
			one = wcwidth((wchar_t)cp) == 1;
		if (at + (size_t)(one ? n : 1) + 1 >= sizeof(l->text))
			break;
		if (one) {
			memcpy(l->text + at, s, (size_t)n);
			at += (size_t)n;
		} else {
			l->text[at++] = '?';
		}
		s += n;
		cells++;
	}
	l->text[at] = '\0';
	l->cells += cells;
	return cells;
}

void view_line_pad(struct view_line *l, int cells)
{
	while (cells-- > 0)
		view_line_put(l, " ", 1, false);
}

/* Appends TEXT in a field of WIDTH cells (cut or padded), with ATTR. */
void view_line_field(struct view_line *l, const char *text, int width, bool right, enum view_attr attr,
			 bool unicode, bool pad_end)
{
	int start = l->cells, len = 0;
	const unsigned char *s = (const unsigned char *)text;

	for (int n; *s; s += n, len++)
		decode(s, &n);
	if (right && len < width)
		view_line_pad(l, width - len);
	view_line_put(l, text, width - (right && len < width ? width - len : 0), unicode);
	if (pad_end)
		view_line_pad(l, width - (l->cells - start));
	if (attr != VA_NORMAL && l->nspans < VIEW_MAX_SPANS)
		l->spans[l->nspans++] = (struct view_span){ start, width, attr };
}

void view_line_printf(struct view_line *l, int max, const char *fmt, ...)
{
	char buf[VIEW_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	view_line_put(l, buf, max - l->cells, false);
}

void view_wrap(struct view_screen *s, int *y, int limit, const char *text, const char *lead, enum view_attr attr,
	       bool unicode)
{
	size_t len = strlen(text), at = 0, ind = strlen(lead);
	int width = s->cols - (int)ind;
	bool first = true;

	while (at < len && *y < limit && width > 8) {
		size_t take = len - at, cut;
		char buf[VIEW_LINE_MAX];
		if (take > (size_t)width) {
			take = (size_t)width;
			for (cut = take; cut > 0 && text[at + cut] != ' '; cut--)
				;
			if (cut > 0)
				take = cut;
		}
		/* whole UTF-8 sequences only */
		while (take > 0 && at + take < len && (text[at + take] & 0xc0) == 0x80)
			take--;
		if (take >= sizeof(buf))
			take = sizeof(buf) - 1;
		memcpy(buf, text + at, take);
		buf[take] = '\0';
		view_line_clear(&s->lines[*y], VA_NORMAL);
		if (first)
			view_line_put(&s->lines[*y], lead, (int)ind, false);
		else
			view_line_pad(&s->lines[*y], (int)ind);
		first = false;
		view_line_put(&s->lines[*y], buf, width, unicode);
		if (attr != VA_NORMAL)
			view_line_span(&s->lines[*y], 0, s->lines[*y].cells, attr);
		(*y)++;
		at += take;
		while (at < len && text[at] == ' ')
			at++;
	}
}

void view_screen_free(struct view_screen *s)
{
	free(s->lines);
	memset(s, 0, sizeof(*s));
}

void view_screen_alloc(struct view_screen *s, int cols, int nlines)
{
	s->cols = cols;
	s->rows = nlines;
	s->nlines = nlines;
	s->too_small = false;
	s->lines = xcalloc((size_t)(nlines > 0 ? nlines : 1), sizeof(*s->lines));
	for (int i = 0; i < nlines; i++)
		view_line_clear(&s->lines[i], VA_NORMAL);
}

void view_line_span(struct view_line *l, int col, int width, enum view_attr attr)
{
	if (l->nspans < VIEW_MAX_SPANS && width > 0)
		l->spans[l->nspans++] = (struct view_span){ col, width, attr };
}

void view_screen_too_small(struct view_screen *out, int cols, int rows, int need_cols, int need_rows)
{
	char msg[64];

	view_screen_alloc(out, cols, rows > 0 ? 1 : 0);
	out->rows = rows;
	out->too_small = true;
	if (!out->nlines)
		return;
	/* the longest form that fits */
	snprintf(msg, sizeof(msg), "terminal too small (needs %dx%d)", need_cols, need_rows);
	if ((int)strlen(msg) > cols)
		snprintf(msg, sizeof(msg), "too small (needs %dx%d)", need_cols, need_rows);
	if ((int)strlen(msg) > cols)
		snprintf(msg, sizeof(msg), "needs %dx%d", need_cols, need_rows);
	view_line_put(&out->lines[0], msg, cols, false);
}
