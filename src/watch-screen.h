/* The full-screen sink of `watch`: the target's numbers, a chart of its
 * held memory and the running verdict, on the alternate screen; at the end
 * the terminal is given back and the plain verdict block is printed on the
 * normal screen, so that it stays in the scrollback. */
#ifndef MEMTRACE_WATCH_SCREEN_H
#define MEMTRACE_WATCH_SCREEN_H

#include <stdio.h>

#include "watch.h"

/* Fills *SINK with the full-screen sink, which takes the terminal when
 * the watch begins (and passes everything to PLAIN if curses cannot start
 * then).  Returns 0, or -1 when standard input and output are not a
 * terminal: then the caller keeps the plain sink.  CGROUP: a cgroup
 * target. */
int watch_screen_open(struct watch_sink *sink, bool cgroup, const struct watch_sink *plain_end);

#endif
