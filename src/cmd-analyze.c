/* memtrace analyze FILE: the verdict for a recording, from the same engine
 * as the live watch. */
#include "config.h"
#include "memtrace.h"
#include "output-json.h"
#include "output-verdict.h"
#include "source-record.h"
#include "watch.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static void analyze_usage(FILE *out)
{
	fputs("Usage: memtrace analyze [OPTIONS] FILE\n"
	      "\n"
	      "Reads a recording made with 'memtrace watch --record' (JSON Lines) and\n"
	      "gives the verdict for its samples, as the live watch would.\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json          the verdict as JSON\n"
	      "      --from T        ignore samples before T (time since the first sample)\n"
	      "      --to T          ignore samples after T\n"
	      "      --fail-on-leak  exit 5 when the verdict is leak or leak-threads\n"
	      "  -h, --help          this help\n",
	      out);
}

static bool jbool(const json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

int cmd_analyze(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },        { "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },    { "fail-on-leak", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },        { NULL, 0, NULL, 0 },
	};
	double from = -INFINITY, to = INFINITY;
	bool json = false, fail_on_leak = false;
	struct record_data d;
	struct record_error e;
	struct verdict_context ctx;
	struct verdict v;
	struct series s;
	const json_t *rt;
	int c, rc;

	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'F':
		case 'T':
			if (!parse_seconds(optarg, c == 'F' ? &from : &to)) {
				err_msg("--%s wants a time such as 30s or 5m, not '%s'", c == 'F' ? "from" : "to", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'L':
			fail_on_leak = true;
			break;
		case 'h':
			analyze_usage(stdout);
			return finish_output(stdout, EXIT_OK);
		default:
			analyze_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (from > to) {
		err_msg("--from must not be later than --to");
		return EXIT_USAGE;
	}
	if (optind != argc - 1) {
		err_msg("analyze: give one recording file");
		analyze_usage(stderr);
		return EXIT_USAGE;
	}
	series_init(&s);
	rc = record_read(argv[optind], from, to, &s, &d, &e);
	if (rc) {
		if (rc == -EINVAL)
			err_msg("'%s': line %lu: %s", argv[optind], e.line, e.text);
		else if (rc == -EFBIG)
			err_msg("'%s': line %lu is %s; memtrace writes no line that long: not a memtrace recording",
				argv[optind], e.line, e.text);
		else
			err_msg("cannot read '%s': %s", argv[optind], strerror(-rc));
		series_free(&s);
		record_data_free(&d);
		return EXIT_RUNTIME;
	}
	if (d.truncated)
		err_msg("warning: '%s' ends with a cut line (the watch was killed mid-write); it was skipped",
			argv[optind]);

	memset(&ctx, 0, sizeof(ctx));
	rt = json_object_get(d.header, "runtime");
	ctx.go_madv_free = jbool(rt, "go_madv_free");
	ctx.is_go = json_is_string(json_object_get(rt, "language")) &&
		    strcmp(json_string_value(json_object_get(rt, "language")), "go") == 0;
	ctx.glibc = json_is_string(json_object_get(rt, "allocator")) &&
		    strcmp(json_string_value(json_object_get(rt, "allocator")), "glibc") == 0;
	ctx.interval = json_number_value(json_object_get(d.header, "interval"));
	if (!(ctx.interval > 0))
		ctx.interval = 1;
	ctx.mem_available = ctx.limit_left = ctx.peak_rss = ctx.swap_left = NAN;
	ctx.go_memlimit = json_is_number(json_object_get(rt, "go_memlimit"))
				  ? json_number_value(json_object_get(rt, "go_memlimit")) : NAN;
	ctx.go_gogc = json_is_number(json_object_get(rt, "go_gogc")) ? json_number_value(json_object_get(rt, "go_gogc"))
								    : NAN;
	ctx.go_version = json_string_value(json_object_get(rt, "go_version")); /* NULL if not a string */
	/* a recording of `watch --cgroup/--container` */
	if (json_is_string(json_object_get(d.header, "target")) &&
	    strcmp(json_string_value(json_object_get(d.header, "target")), "cgroup") == 0) {
		const json_t *lim = json_object_get(d.header, "limit");
		ctx.cgroup = true;
		ctx.cg_limit = json_is_integer(lim) ? (double)json_integer_value(lim) : NAN;
	}
	/* what the live watch knew besides the samples (MemAvailable, the
	 * limit, VmHWM, the process that grew), recorded with its verdict */
	if (d.verdict) {
		const json_t *vc = json_object_get(d.verdict, "context");
		const json_t *gp = json_object_get(vc, "grew_pid");
		if (json_is_number(json_object_get(vc, "mem_available")))
			ctx.mem_available = json_number_value(json_object_get(vc, "mem_available"));
		if (json_is_number(json_object_get(vc, "limit_left")))
			ctx.limit_left = json_number_value(json_object_get(vc, "limit_left"));
		if (json_is_number(json_object_get(vc, "swap_left")))
			ctx.swap_left = json_number_value(json_object_get(vc, "swap_left"));
		if (json_is_number(json_object_get(vc, "peak_rss")))
			ctx.peak_rss = json_number_value(json_object_get(vc, "peak_rss"));
		if (json_is_integer(gp)) {
			ctx.grew_pid = (int)json_integer_value(gp);
			snprintf(ctx.grew_comm, sizeof(ctx.grew_comm), "%s",
				 json_string_value(json_object_get(vc, "grew_comm")) ? json_string_value(json_object_get(vc, "grew_comm")) : "");
			ctx.grew_pid_bytes = json_number_value(json_object_get(vc, "grew_pid_bytes"));
		}
	}
	/* the program behind the PID was replaced during the recording */
	if (d.event) {
		const char *ev = json_string_value(json_object_get(d.event, "event"));
		const char *was = json_string_value(json_object_get(d.event, "from"));
		const char *to_comm = json_string_value(json_object_get(d.event, "to"));
		snprintf(ctx.identity.event, sizeof(ctx.identity.event), "%s", ev ? ev : "");
		ctx.identity.at = json_number_value(json_object_get(d.event, "at_seconds"));
		snprintf(ctx.identity.from, sizeof(ctx.identity.from), "%s", was ? was : "?");
		snprintf(ctx.identity.to, sizeof(ctx.identity.to), "%s", to_comm ? to_comm : "?");
	}
	/* a Go service's goroutine profiles (--go-pprof) */
	if (d.have_go) {
		ctx.go_first = &d.go_first;
		ctx.go_last = &d.go_last;
	}
	ctx.go_pprof = json_string_value(json_object_get(d.header, "go_pprof"));
	verdict_compute(&s, &ctx, &v);

	if (json) {
		json_t *o = verdict_to_json(&v);
		json_object_set_new(o, "type", json_string("verdict"));
		json_object_set_new(o, "recording", json_string(argv[optind]));
		json_object_set_new(o, "truncated", json_boolean(d.truncated));
		json_object_set_new(o, "recorded_verdict",
				    d.verdict ? json_incref(json_object_get(d.verdict, "verdict")) : json_null());
		json_write(stdout, o, true);
		json_decref(o);
	} else {
		printf("memtrace analyze: %s: %lu samples", argv[optind], d.samples);
		if (d.verdict)
			printf(" (recorded verdict: %s)", json_string_value(json_object_get(d.verdict, "verdict")));
		putchar('\n');
		verdict_print_text(stdout, &v);
	}
	series_free(&s);
	record_data_free(&d);
	rc = fail_on_leak && (v.kind == VERDICT_LEAK || v.kind == VERDICT_LEAK_THREADS) ? EXIT_LEAK : EXIT_OK;
	return finish_output(stdout, rc);
}
