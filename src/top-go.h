/* `memtrace top --go-pprof [PID=]URL --go-expvar [PID=]URL`: the Go
 * services whose own accounting top's drill-down and batch JSON show.
 * Each service is one process: given as PID=, or the one that listens
 * where the URL points (source-sockowner.c), found at the start and
 * looked for again while nobody listens there or after that process
 * exited (a service restarted under a new PID is followed; its reads
 * start over, never mixed with the old process's).
 * Its endpoints are read by watch-go.c's thread (source-gofetch.c) at
 * --go-interval, so the screen never waits on the network; each finished
 * read is kept with the tick that took it, and the row of that process is
 * judged with that evidence as the watch judges (top_judge_row_go). */
#ifndef MEMTRACE_TOP_GO_H
#define MEMTRACE_TOP_GO_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#include "analysis-verdict.h"
#include "model-sample.h"
#include "model-series.h"
#include "source-hostscan.h"
#include "watch-go.h"

#define TOP_GO_MAX 8    /* services */
#define TOP_GO_READS 64 /* reads kept per service: 16 min at the default rate */

struct top_go_svc {
	pid_t pid;                 /* 0: nobody found */
	bool given;                /* PID= in the option */
	bool merged;               /* its URL joined another service's */
	double next_find;          /* when to look for the listener again */
	struct gofetch_conf conf;  /* URLs without the PID= */
	struct watch_go wg;
	struct sample reads[TOP_GO_READS]; /* M_GO_* only, oldest first */
	size_t nreads;
	char line[200];            /* the last read (detail_go_line), "" none */
	char note[600];            /* the last notice about an endpoint, "" none */
	bool is_go, madv_free;     /* what the executable and environ say */
	double memlimit;
	double gogc;               /* GOGC percent, -1 off, NaN unset */
	char go_version[32];       /* "" unknown */
	struct verdict v;          /* the running verdict with the evidence */
	bool have_v;
};

struct top_go {
	struct top_go_svc s[TOP_GO_MAX];
	size_t n;
	double interval;
	const char *root;          /* /proc's root, from top_go_start */
	void (*say)(void *ctx, const char *text); /* top_go_start's, for news */
	void *say_ctx;
};

void top_go_init(struct top_go *t);
/* An option of top (OPT_GO_PPROF, OPT_GO_EXPVAR, OPT_GO_INTERVAL of
 * watch.h): false when C is none of them; *RC gets EXIT_USAGE (said) or
 * -1.  ARG must live as long as T. */
bool top_go_option(struct top_go *t, int c, const char *arg, int *rc);
/* Checks every URL: -1, or EXIT_USAGE (said). */
int top_go_check(const struct top_go *t);
/* Finds the processes behind the URLs under ROOT and starts the reads.
 * Each service nobody owns is said through SAY (one line), and top goes
 * on without it.  -1, or EXIT_RUNTIME when a thread would not start. */
int top_go_start(struct top_go *t, const char *root, void (*say)(void *ctx, const char *text), void *ctx);
/* Takes the reads finished since the last tick and judges the row of
 * each service's process with them (after scan_judge, which judged it
 * without).  A service found by its URL whose process exited, or that
 * nobody served yet, is looked for again every TOP_GO_REFIND seconds. */
#define TOP_GO_REFIND 5.0
void top_go_tick(struct top_go *t, struct hostscan *hs, struct series *scratch);
/* The service of PID, or NULL. */
const struct top_go_svc *top_go_find(const struct top_go *t, pid_t pid);
/* {"pprof":...,"expvar":...,"goroutines":N,"HeapInuse":...,...,
 *  "finding":...,"summary":...,"hint":...,"error":...}: the batch JSON's
 * "go" of that process's row; null where unknown. */
json_t *top_go_json(const struct top_go_svc *s);
/* Stops every thread (an ongoing read is aborted). */
void top_go_stop(struct top_go *t);

#endif
