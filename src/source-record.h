/* Reads a recording (see output-record.h) back into a series. */
#ifndef MEMTRACE_SOURCE_RECORD_H
#define MEMTRACE_SOURCE_RECORD_H

#include <jansson.h>
#include <stdbool.h>

#include "model-goruntime.h"
#include "model-series.h"

struct record_data {
	json_t *header;        /* the header line */
	json_t *verdict;       /* the recorded verdict line, or NULL */
	json_t *event;         /* the last "event" line (exec, pid-reused), or NULL */
	unsigned long samples; /* sample lines read (in the window) */
	bool truncated;        /* the last line was cut (a crash mid-write) */
	double first_t;        /* time of the first sample (window origin) */
	/* the first and last goroutine profiles ("go" lines, --go-pprof) in
	 * the window; have_go false without */
	bool have_go;
	struct go_goroutines go_first, go_last;
};

struct record_error {
	unsigned long line;    /* 1-based line of the problem, 0 if none */
	char text[320];
};

/* Reads PATH and adds every sample with FROM <= t - first_t <= TO (seconds
 * since the first sample) to SERIES.  An exec event line (the program
 * behind the PID was replaced) empties SERIES: what follows is another
 * program, judged on its own, as the live watch did.  Returns 0, -errno for I/O,
 * -EINVAL for a corrupt file (*E says where), or -EFBIG for a line longer
 * than RECORDING_LINE_MAX (*E says which; memory stays bounded).  A last
 * line cut mid-write is skipped and reported in data->truncated.  DATA
 * holds what was read (the header) even on error: free it with
 * record_data_free either way. */
int record_read(const char *path, double from, double to, struct series *series, struct record_data *data,
		struct record_error *e);
void record_data_free(struct record_data *d);

/* One sample object of a recording (the jansson path; the fast reader
 * handles memtrace's own flat lines).  Returns 0 or -EINVAL (no "t"). */
int sample_from_json(const json_t *o, struct sample *x);

/* The goroutine profile of a "go" line ({"total":N,"groups":[{"count":N,
 * "frames":[...]}]}): at most GO_GROUPS groups of GO_FRAMES frames, names
 * escaped again (a recording is outside input).  -EINVAL without a total. */
int go_goroutines_from_json(const json_t *o, struct go_goroutines *gr);

/* The fast reader of one sample line, as memtrace writes them (flat, no
 * escapes): true when it took the line.  When it does not, the jansson
 * path decides; when it does, the jansson path must give the same sample
 * (tests/fuzz/fuzz-record.c checks that). */
bool record_fast_sample(const char *line, size_t len, struct sample *x);

#endif
