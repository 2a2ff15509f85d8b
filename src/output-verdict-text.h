/* A verdict in English: one line for people (the summary), the evidence
 * in a sentence or three with the numbers (the reason), and what to do in
 * the target's terms (the hint).  The engine (analysis-verdict.h) gives
 * the facts; this is the one place that words them, so the text output,
 * the JSON "summary"/"reason"/"hint" and the full-screen views say the
 * same.  Pure: no I/O. */
#ifndef MEMTRACE_OUTPUT_VERDICT_TEXT_H
#define MEMTRACE_OUTPUT_VERDICT_TEXT_H

#include "analysis-verdict.h"

struct verdict_text {
	char summary[200];
	char reason[900];
	char hint[400]; /* "" when there is none */
	/* what a Go service's own accounting adds (--go-pprof, --go-expvar):
	 * the evidence and what to do; "" without */
	char go[700];
	char go_hint[500];
};

void verdict_render(const struct verdict *v, struct verdict_text *t);

#endif
