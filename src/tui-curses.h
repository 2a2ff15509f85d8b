/* The full-screen terminal: the only code that talks to curses.  It paints
 * a view_screen (built by the pure view model) and reads keys; it knows
 * nothing of processes or verdicts.
 *
 * Colours only where the terminal has them and NO_COLOR is unset (and
 * never under TERM=dumb); otherwise attributes fall back to bold and
 * reverse video.  Painting erases and redraws the virtual screen, and
 * curses sends only what changed: no flicker, no clear() per tick. */
#ifndef MEMTRACE_TUI_CURSES_H
#define MEMTRACE_TUI_CURSES_H

#include <stdbool.h>

#include "view-top.h"

struct tui {
	bool active;
	bool colour;
	bool unicode; /* the locale's charset is UTF-8 */
};

/* Takes the terminal (alternate screen, no echo, keypad).  Returns 0, or
 * -1 when standard input or output is not a terminal or curses cannot
 * start (then nothing was changed). */
int tui_start(struct tui *t);
/* Gives the terminal back as it was; safe to call twice. */
void tui_end(struct tui *t);

void tui_size(const struct tui *t, int *cols, int *rows);
void tui_paint(struct tui *t, const struct view_screen *s);

/* Waits up to TIMEOUT_MS for a key; returns it (curses KEY_* codes for
 * special keys, KEY_RESIZE after a resize), or -1 when none came. */
int tui_key(struct tui *t, int timeout_ms);

/* True when the locale's charset is UTF-8 (setlocale must have run). */
bool tui_locale_is_utf8(void);

#endif
