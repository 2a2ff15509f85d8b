/* The watch loop's part for a Go service (--go-pprof, --go-expvar): the
 * reading thread (source-gofetch.c), the numbers of each finished read
 * into the sample of that tick, the goroutine profiles to the recording
 * ("go" lines) and to the verdict (the first and the last), and the
 * one-line notices when an endpoint fails or answers again. */
#ifndef MEMTRACE_WATCH_GO_H
#define MEMTRACE_WATCH_GO_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#include "analysis-verdict.h"
#include "output-record.h"
#include "source-gofetch.h"
#include "watch.h"

struct watch_go {
	struct gofetch *gf;              /* NULL without the options */
	struct go_read first, last;      /* reads with a goroutine profile */
	bool have;
	enum gofetch_fail said[GE_COUNT]; /* the state last said per endpoint */
	const char *root;                /* where /proc is (the owner check) */
	pid_t target;                    /* the watched process; 0: a cgroup */
	bool owner_checked;
};

/* When URL's listening socket is held by another process than PID (the
 * target of `--go-pprof URL PID`: a typo'd port, `run sh -c` whose service
 * is sh's child), a one-line note naming the process that answers into
 * MSG; false when PID holds it or it cannot be told (another network
 * namespace, nothing listening: the reads say that themselves). */
bool go_endpoint_note(const char *root, const char *url, pid_t pid, char *msg, size_t len);

/* Starts the thread when C names an endpoint: -1 to go on, or an exit
 * code (said). */
int watch_go_start(struct watch_go *g, const struct gofetch_conf *c);
/* A read finished since the last tick: its numbers into X, its profile
 * kept and written to REC (NULL: no recording), failures said through
 * SINK's note (standard error without one).  0 or -errno of the recording. */
int watch_go_take(struct watch_go *g, const struct gofetch_conf *c, const struct watch_sink *sink,
		  struct recorder *rec, struct sample *x);
/* The profiles and the pprof URL into the verdict's context. */
void watch_go_context(const struct watch_go *g, const struct gofetch_conf *c, struct verdict_context *ctx);
/* {"first":...,"last":...} or null: for the verdict line's context. */
json_t *watch_go_json(const struct watch_go *g);
/* Another program behind the PID: its profiles are not compared. */
void watch_go_forget(struct watch_go *g);
/* Stops the thread (an ongoing read is aborted); safe to call twice. */
void watch_go_stop(struct watch_go *g);

#endif
