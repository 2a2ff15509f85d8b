/* Parsers of what a Go service's net/http/pprof and expvar endpoints
 * return.  Each takes the response body and its length, reads nothing
 * past it, and tolerates missing, extra and reordered keys: the set of
 * MemStats fields changed across Go versions (MaxRSS in 1.19, ...).
 * They say what the body is when it is not what was asked for, so the
 * fetcher can give one clear reason (output-goruntime.c words it). */
#ifndef MEMTRACE_SOURCE_GOPARSE_H
#define MEMTRACE_SOURCE_GOPARSE_H

#include <stddef.h>

#include "model-goruntime.h"

enum go_parse {
	GP_OK,
	GP_EMPTY,         /* no body at all */
	GP_HTML,          /* an HTML page (a proxy, a login, the pprof index) */
	GP_NO_MEMSTATS,   /* heap profile text without the MemStats trailer */
	GP_NOT_PROFILE,   /* not a debug=1 profile (binary, other text) */
	GP_NOT_JSON,      /* /debug/vars: not a JSON object */
	GP_NOT_EXPVAR,    /* JSON, but no "memstats" object */
	GP_NOT_INDEX,     /* /debug/pprof/: no goroutine count in it */
};

/* /debug/pprof/heap?debug=1: the "# runtime.MemStats" trailer, one
 * "# Key = value" line per field ("Stack = inuse / sys" gives StackInuse,
 * "PauseNs = [...]" with NumGC the last pause).  Fills the fields found in
 * STAT, leaves the others as they are. */
enum go_parse goparse_heap(const char *buf, size_t len, double stat[GS_COUNT]);

/* /debug/pprof/goroutine?debug=1: "goroutine profile: total N", then
 * groups "COUNT @ 0x..." with one "#\t0xPC\tfunc+0xOFF\tfile:line" line
 * per frame.  Keeps the total and the GO_GROUPS largest groups with their
 * top GO_FRAMES function names, escaped.  A body cut short keeps what is
 * complete. */
enum go_parse goparse_goroutines(const char *buf, size_t len, struct go_goroutines *gr);

/* /debug/pprof/ (net/http/pprof's index page): the count beside the
 * goroutine profile's link, which is runtime.NumGoroutine() and costs the
 * service no stop of the world (the profile itself does).  The first
 * cell of digits alone (">N<") on the line that links ">goroutine</a>":
 * "<tr><td>N</td><td><a
 * href='goroutine?debug=1'>goroutine</a>" (Go 1.16+), "<td
 * align=right>N<td><a href=...>goroutine</a>" (older). */
enum go_parse goparse_pprof_index(const char *buf, size_t len, double *goroutines);

/* /debug/vars: expvar's JSON; its "memstats" object holds the fields
 * under the same names (StackInuse, PauseNs, NumGC).  expvar publishes no
 * goroutine count of its own, but services often add one; a top-level
 * number "goroutines" or "NumGoroutine" goes into *GOROUTINES (NaN
 * without). */
enum go_parse goparse_expvar(const char *buf, size_t len, double stat[GS_COUNT], double *goroutines);

#endif
