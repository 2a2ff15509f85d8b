/* The watch loop shared by `watch` and `run`: sampler -> series -> verdict,
 * with a sink for the live output and an optional recording.  The sinks
 * are plain lines or JSON Lines; the curses view (watch-screen.c, in the
 * binary) plugs in through watch_opts.open_screen.  The loop is in
 * libmemtrace.a, so tests/unit/test-watch-loop.c drives it directly. */
#ifndef MEMTRACE_WATCH_H
#define MEMTRACE_WATCH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <signal.h>
#include <sys/types.h>

#include "analysis-verdict.h"
#include "cgroup-target.h"
#include "model-sample.h"
#include "source-gofetch.h"

struct watch_sink {
	/* the recording header: JSON Lines output starts with it, so that
	 * `watch --json > FILE` can be analyzed like a recording */
	void (*begin)(void *ctx, json_t *header);
	void (*sample)(void *ctx, const struct sample *x, const struct verdict *running);
	/* the program behind the PID changed (an "event" line of a recording) */
	void (*event)(void *ctx, json_t *event);
	/* COST_JSON and the verdict belong to the caller */
	void (*end)(void *ctx, const struct verdict *v, const char *end_reason, const char *cost_text,
		    json_t *cost_json, json_t *context);
	void *ctx;
	/* optional: wait until UNTIL (CLOCK_MONOTONIC) answering the user;
	 * true when the user asked to stop (the full-screen sink's q) */
	bool (*wait)(void *ctx, double until, volatile sig_atomic_t *stop);
	/* optional: a one-line notice during the watch (a Go endpoint that
	 * fails or answers again); standard error when NULL.  The full
	 * screen puts it on its title line instead of under the cursor. */
	void (*note)(void *ctx, const char *text);
};

struct watch_opts {
	const char *proc_root; /* "/" or a fixture tree (--proc-root) */
	double interval;   /* seconds */
	double duration;   /* seconds, 0 = until stopped */
	double budget;     /* fraction of one core */
	const char *record;
	bool force;
	bool json;
	bool plain;        /* lines even on a terminal (no full screen) */
	const struct cgroup_resolved *cgroup; /* watch a memory cgroup, not a process */
	const char *cgroup_path, *container;  /* as given: --cgroup, --container */
	const char *socket;                   /* --socket: runtime API for names */
	pid_t child;       /* `run`: reap this child, stop when it exits */
	int child_status;  /* out: its wait status */
	bool child_exited;
	/* the live output: NULL for lines (or JSON Lines under json) on
	 * standard output */
	const struct watch_sink *sink;
	/* the full-screen sink, when the command has one (`watch`): replaces
	 * SINK when standard output is a terminal (returns 0 then); PLAIN is
	 * where the verdict block goes after the screen is left */
	int (*open_screen)(struct watch_sink *sink, bool cgroup, const struct watch_sink *plain);
	/* a Go service's pprof/expvar endpoints (--go-pprof, --go-expvar,
	 * --go-interval): read on their own thread, NULL URLs for none */
	struct gofetch_conf go;
};

struct watch_result {
	struct verdict verdict;
	const char *end_reason; /* "duration", "interrupted", "target-exited" */
	bool partial;           /* smaps unreadable: status-only samples */
};

/* Watches PID until the duration ends, SIGINT/SIGTERM/SIGHUP, or the target
 * exits.  Returns 0 with *R filled, or an exit code (> 0) after printing
 * why it could not start. */
int watch_run(pid_t pid, struct watch_opts *o, struct watch_result *r);

/* Parses the options `watch` and `run` share.  Returns -1 on success with
 * optind at the first operand, or an exit code (help printed: 0). */
int watch_parse_args(int argc, char **argv, struct watch_opts *o, bool *fail_on_leak, void (*usage)(FILE *),
		     bool stop_at_operand);

/* The exit code for a finished watch: EXIT_LEAK under --fail-on-leak when
 * the verdict is a leak, EXIT_DENIED when only status was readable. */
int watch_exit_code(const struct watch_result *r, bool fail_on_leak);

/* The option lines both commands print in --help. */
extern const char watch_options_help[];

/* Parses a CPU budget "PCT" (percent of one core, above 0 and up to 100)
 * into a fraction; false (with the error said) if invalid. */
bool parse_budget(const char *s, double *out);

/* Parses "100ms", "1.5s", "2m", "1h" or plain seconds; false if invalid. */
bool parse_seconds(const char *s, double *out);

/* The options that read a Go service (--go-pprof, --go-expvar,
 * --go-interval), shared with `snapshot`: their getopt values and the
 * parser of one (true if C was one of them; *RC an exit code when it was
 * wrong). */
enum { OPT_GO_PPROF = 0x100, OPT_GO_EXPVAR, OPT_GO_INTERVAL };
bool go_option(int c, const char *arg, struct gofetch_conf *go, int *rc);
/* After the options: the URLs are well formed.  -1 or an exit code. */
int go_options_check(const struct gofetch_conf *go);

#endif
