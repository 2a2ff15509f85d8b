/* Reads a Go service's pprof and expvar endpoints (--go-pprof, --go-expvar)
 * with libcurl: short timeouts (connect 1 s, whole transfer 2 s), bodies
 * bounded to GOFETCH_MAX_BODY, no redirects, no proxy, http and https
 * only, and "unix:/path/to.sock:http://host" for a unix socket.
 *
 * Each read of /debug/pprof/heap?debug=1 makes the service call
 * runtime.ReadMemStats, which stops the world; hence reads are rare
 * (--go-interval, default 15 s).  The goroutine profile stops it for as
 * long as it takes to walk every stack (about 20 ms with 20,000
 * goroutines here, bench/README.md) and allocates in the service (7 MiB
 * for those, garbage until its next GC, which an idle service may not run
 * for two minutes), so the thread takes it only when the count has moved:
 * each read asks the pprof index (/debug/pprof/, whose count is
 * runtime.NumGoroutine(), no stop, no garbage to speak of) and profiles on
 * the first read, when the count moved by GOFETCH_REPROFILE_MIN and a
 * tenth since the last profile, and on every read when the index is not
 * served.  (A profile every few reads "to stay fresh" was tried: its
 * garbage made an idle service with 20,000 goroutines look like a heap
 * leak within 10 s.)  In a watch they run on their own thread,
 * so a slow or hung service never delays a sample: the loop takes the
 * latest complete read when there is one. */
#ifndef MEMTRACE_SOURCE_GOFETCH_H
#define MEMTRACE_SOURCE_GOFETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "model-goruntime.h"
#include "source-goparse.h"

#define GOFETCH_MAX_BODY (4u << 20)
#define GOFETCH_CONNECT_MS 1000
#define GOFETCH_TOTAL_MS 2000
#define GOFETCH_DEFAULT_INTERVAL 15.0
#define GOFETCH_REPROFILE_MIN 10     /* goroutines */

/* Why an endpoint gave nothing usable (data: output-goruntime.c
 * words it). */
enum gofetch_fail {
	GF_OK,
	GF_BAD_URL,   /* not http://, https:// or unix:PATH:http://... */
	GF_REFUSED,   /* connection refused, or no such socket */
	GF_RESOLVE,   /* host name not found */
	GF_TIMEOUT,   /* no answer within the timeouts: a hung server */
	GF_HTTP,      /* an HTTP status other than 200 (code) */
	GF_TOO_LARGE, /* body over GOFETCH_MAX_BODY */
	GF_PARSE,     /* a body, but not the expected one (parse) */
	GF_OTHER,     /* libcurl's own words in detail */
};

enum gofetch_endpoint { GE_HEAP, GE_GOROUTINE, GE_EXPVAR, GE_COUNT };

struct gofetch_error {
	enum gofetch_fail fail;
	long code;               /* GF_HTTP */
	enum go_parse parse;     /* GF_PARSE */
	char url[256];           /* escaped */
	char detail[128];        /* GF_OTHER */
};

struct gofetch_result {
	struct go_read read;     /* what the endpoints that answered said */
	struct gofetch_error err[GE_COUNT]; /* GF_OK when that one answered */
	bool any;                /* at least one endpoint answered */
};

/* The endpoints to read: PPROF and EXPVAR as given by the user (either
 * may be NULL).  URLs are bases ("http://127.0.0.1:6060"); the paths
 * /debug/pprof/... and /debug/vars are added unless already there. */
struct gofetch_conf {
	const char *pprof, *expvar;
	double interval;         /* seconds between reads (watch) */
};

/* Checks the URLs; 0, or -EINVAL with *E saying which is wrong. */
int gofetch_check(const struct gofetch_conf *c, struct gofetch_error *e);

/* One read of every endpoint configured, now (snapshot, and the thread).
 * Blocks up to GOFETCH_TOTAL_MS per endpoint. */
void gofetch_read(const struct gofetch_conf *c, struct gofetch_result *res);

struct gofetch;

/* Starts the reading thread: a read at once, then every c->interval.
 * 0 or -errno. */
int gofetch_start(struct gofetch **f, const struct gofetch_conf *c);
/* The read finished since the last call, if one did: true and *RES. */
bool gofetch_poll(struct gofetch *f, struct gofetch_result *res);
/* Stops the thread (an ongoing transfer is aborted) and frees. */
void gofetch_stop(struct gofetch *f);

#endif
