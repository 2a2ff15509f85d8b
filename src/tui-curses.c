#include "config.h"
#include "tui-curses.h"

#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { PAIR_BAD = 1, PAIR_WARN, PAIR_GOOD };

bool tui_locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* NO_COLOR (https://no-color.org): set and not empty means no colour. */
static bool colour_wanted(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (nc && *nc)
		return false;
	if (!term || strcmp(term, "dumb") == 0)
		return false;
	return has_colors();
}

int tui_start(struct tui *t)
{
	memset(t, 0, sizeof(*t));
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -1;
	if (!initscr())
		return -1;
	t->active = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	/* Esc alone should not wait a second for a sequence */
	set_escdelay(25);
	t->unicode = tui_locale_is_utf8();
	t->colour = colour_wanted();
	if (t->colour) {
		start_color();
		use_default_colors();
		init_pair(PAIR_BAD, COLOR_RED, -1);
		init_pair(PAIR_WARN, COLOR_YELLOW, -1);
		init_pair(PAIR_GOOD, COLOR_GREEN, -1);
	}
	return 0;
}

void tui_end(struct tui *t)
{
	if (!t->active)
		return;
	curs_set(1);
	endwin();
	t->active = false;
}

void tui_size(const struct tui *t, int *cols, int *rows)
{
	(void)t;
	getmaxyx(stdscr, *rows, *cols);
}

static attr_t attr_of(const struct tui *t, enum view_attr a)
{
	switch (a) {
	case VA_TITLE:
		return A_BOLD;
	case VA_HEADER:
	case VA_SELECTED:
		return A_REVERSE;
	case VA_BAD:
		return t->colour ? (attr_t)(COLOR_PAIR(PAIR_BAD) | A_BOLD) : A_BOLD;
	case VA_WARN:
		return t->colour ? (attr_t)COLOR_PAIR(PAIR_WARN) : A_NORMAL;
	case VA_GOOD:
		return t->colour ? (attr_t)COLOR_PAIR(PAIR_GOOD) : A_NORMAL;
	case VA_DIM:
		return A_DIM;
	default:
		return A_NORMAL;
	}
}

/* Byte offset of cell CELL in a line whose code points are one cell each. */
static size_t byte_of_cell(const char *text, int cell)
{
	size_t i = 0;

	for (int c = 0; c < cell && text[i]; c++) {
		i++;
		while ((text[i] & 0xc0) == 0x80)
			i++;
	}
	return i;
}

static void paint_line(struct tui *t, int y, const struct view_line *l, int cols)
{
	attr_t base = attr_of(t, l->attr);

	attrset(base);
	mvaddnstr(y, 0, l->text, (int)byte_of_cell(l->text, cols));
	/* a header or a selection spans the whole width */
	if (l->attr == VA_HEADER || l->attr == VA_SELECTED)
		for (int x = l->cells; x < cols; x++)
			mvaddch(y, x, ' ');
	for (int i = 0; i < l->nspans; i++) {
		const struct view_span *s = &l->spans[i];
		size_t from = byte_of_cell(l->text, s->col), to = byte_of_cell(l->text, s->col + s->width);
		if (s->col >= cols)
			continue;
		attrset(base | attr_of(t, s->attr));
		mvaddnstr(y, s->col, l->text + from, (int)(to - from));
	}
	attrset(A_NORMAL);
}

void tui_paint(struct tui *t, const struct view_screen *s)
{
	erase();
	for (int y = 0; y < s->nlines; y++)
		paint_line(t, y, &s->lines[y], s->cols);
	refresh();
}

int tui_key(struct tui *t, int timeout_ms)
{
	int k;

	(void)t;
	timeout(timeout_ms < 0 ? 0 : timeout_ms);
	k = getch();
	return k == ERR ? -1 : k;
}
