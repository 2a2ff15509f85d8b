/* The notes on a snapshot (analysis-notes.h) in English: one or two
 * sentences each, with their numbers.  The one place that words them, for
 * the text report and the JSON "text".  Pure: no I/O. */
#ifndef MEMTRACE_OUTPUT_NOTES_TEXT_H
#define MEMTRACE_OUTPUT_NOTES_TEXT_H

#include <stddef.h>

#include "analysis-notes.h"

/* Writes the note's words into BUF (always terminated, cut to LEN). */
void note_render(const struct note *n, char *buf, size_t len);

#endif
