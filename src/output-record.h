/* Recordings: JSON Lines, one self-contained object per line.
 *   line 1:  {"type":"header","format":"memtrace-recording","version":1,...}
 *   then:    {"type":"sample","t":...,"rss":...,...}   one per tick
 *   last:    {"type":"verdict","verdict":"leak",...}   when the watch ends
 * Each line is written whole with one write() and the file is fsync'ed at
 * the end, so a crash or SIGKILL loses at most the line being written.
 * The format is documented in memtrace(1), RECORDING FORMAT. */
#ifndef MEMTRACE_OUTPUT_RECORD_H
#define MEMTRACE_OUTPUT_RECORD_H

#include <jansson.h>
#include <stdbool.h>

#include "model-recording.h"

struct recorder {
	int fd;
};

/* Creates PATH, mode 0600; refuses an existing file unless FORCE, and a
 * symbolic link always (see output-file.h for the errors).  0 or -errno. */
int recorder_open(struct recorder *r, const char *path, bool force);
/* Writes LINE (with "type" set to TYPE) as one line; 0 or -errno. */
int recorder_write(struct recorder *r, const char *type, json_t *line);
/* fsyncs and closes; 0 or -errno. */
int recorder_close(struct recorder *r);

#endif
