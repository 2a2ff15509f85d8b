/* The line sinks of a watch (see watch.h, struct watch_sink). */
#ifndef MEMTRACE_WATCH_SINKS_H
#define MEMTRACE_WATCH_SINKS_H

#include <stdbool.h>
#include <stdio.h>

#include "watch.h"

/* One line per sample (the cgroup's components for a cgroup target), then
 * the end line and the verdict block. */
struct watch_sink watch_sink_plain(bool cgroup, FILE *out);
/* JSON Lines: the recording header, samples, events, the verdict. */
struct watch_sink watch_sink_json(FILE *out);

#endif
