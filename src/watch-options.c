/* The options `watch` and `run` share, their help text, and the exit code
 * of a finished watch. */
#include "config.h"
#include "output-goruntime.h"
#include "report.h"
#include "watch.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

bool parse_budget(const char *s, double *out)
{
	char *end;
	double pct = strtod(s, &end);

	if (end == s || *end || !(pct > 0 && pct <= 100)) {
		err_msg("--budget wants a percentage of one core above 0 and up to 100, not '%s'", s);
		return false;
	}
	*out = pct / 100;
	return true;
}

bool parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || !isfinite(v) || v < 0)
		return false;
	if (strcmp(end, "ms") == 0)
		v /= 1000;
	else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		v *= 60;
	else if (strcmp(end, "h") == 0)
		v *= 3600;
	else if (*end && strcmp(end, "s") != 0)
		return false;
	*out = v;
	return true;
}

#define GO_OPTIONS_HELP                                                                     \
	"      --go-pprof URL  read a Go service's net/http/pprof (heap MemStats, goroutine\n"   \
	"                      profile) at URL (http://127.0.0.1:6060, unix:/PATH:http://x)\n" \
	"      --go-expvar URL read its expvar /debug/vars memstats at URL\n"                  \
	"      --go-interval T time between those reads (default 15s: each read stops\n"       \
	"                      the service's world briefly)\n"

bool go_option(int c, const char *arg, struct gofetch_conf *go, int *rc)
{
	*rc = -1;
	switch (c) {
	case OPT_GO_PPROF:
		go->pprof = arg;
		return true;
	case OPT_GO_EXPVAR:
		go->expvar = arg;
		return true;
	case OPT_GO_INTERVAL:
		if (!parse_seconds(arg, &go->interval) || go->interval < 1 || go->interval > 86400) {
			err_msg("--go-interval wants a time from 1s to 24h, not '%s'", arg);
			*rc = EXIT_USAGE;
		}
		return true;
	default:
		return false;
	}
}

int go_options_check(const struct gofetch_conf *go)
{
	struct gofetch_error e;
	char msg[512];

	if (gofetch_check(go, &e) == 0)
		return -1;
	err_msg("%s", gofetch_error_text(&e, msg, sizeof(msg)));
	return EXIT_USAGE;
}

const char watch_options_help[] =
	"  -i, --interval T    time between samples (default 1s; 50ms to 24h)\n"
	"  -d, --duration T    stop after T (default: until Ctrl-C or the target exits)\n"
	"  -r, --record FILE   record every sample and the verdict as JSON Lines\n"
	"  -f, --force         let --record replace an existing regular FILE\n"
	"  -j, --json          JSON Lines: the recording header, one object per\n"
	"                      sample, then the verdict\n"
	"      --plain         one line per sample even on a terminal (watch takes the\n"
	"                      full screen on a terminal otherwise)\n"
	"  -b, --budget PCT    memtrace's own CPU budget, percent of one core (default 1)\n"
	"      --fail-on-leak  exit 5 when the verdict is leak or leak-threads\n"
	GO_OPTIONS_HELP

	"  -h, --help          this help\n"
	"T takes a unit: 100ms, 2s, 5m (or 5min), 1h; plain numbers are seconds.\n";

int watch_parse_args(int argc, char **argv, struct watch_opts *o, bool *fail_on_leak, void (*usage)(FILE *),
		     bool stop_at_operand)
{
	static const struct option opts[] = {
		{ "interval", required_argument, NULL, 'i' }, { "duration", required_argument, NULL, 'd' },
		{ "record", required_argument, NULL, 'r' },   { "force", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },           { "budget", required_argument, NULL, 'b' },
		{ "fail-on-leak", no_argument, NULL, 'L' },   { "help", no_argument, NULL, 'h' },
		{ "cgroup", required_argument, NULL, 'c' },   { "container", required_argument, NULL, 'C' },
		{ "plain", no_argument, NULL, 'P' },          { "socket", required_argument, NULL, 'S' },
		{ "go-pprof", required_argument, NULL, OPT_GO_PPROF },
		{ "go-expvar", required_argument, NULL, OPT_GO_EXPVAR },
		{ "go-interval", required_argument, NULL, OPT_GO_INTERVAL },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->proc_root = "/";
	o->interval = 1.0;
	o->budget = 0.01;
	o->go.interval = GOFETCH_DEFAULT_INTERVAL;
	*fail_on_leak = false;
	/* '+': `run` stops at the command to run; `watch` takes options anywhere */
	while ((c = getopt_long(argc, argv, stop_at_operand ? "+i:d:r:fjb:hc:C:" : "i:d:r:fjb:hc:C:", opts, NULL)) != -1) {
		int rc;
		if (go_option(c, optarg, &o->go, &rc)) {
			if (rc >= 0)
				return rc;
			continue;
		}
		switch (c) {
		case 'i':
			if (!parse_seconds(optarg, &o->interval) || o->interval < 0.05 || o->interval > 86400) {
				err_msg("--interval wants a time from 50ms to 24h, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'd':
			if (!parse_seconds(optarg, &o->duration) || o->duration <= 0) {
				err_msg("--duration wants a time such as 30s or 10m, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'r':
			o->record = optarg;
			break;
		case 'f':
			o->force = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'b':
			if (!parse_budget(optarg, &o->budget))
				return EXIT_USAGE;
			break;
		case 'L':
			*fail_on_leak = true;
			break;
		case 'P':
			o->plain = true;
			break;
		case 'c':
			o->cgroup_path = optarg;
			break;
		case 'C':
			o->container = optarg;
			break;
		case 'S':
			o->socket = optarg;
			break;
		case 'h':
			usage(stdout);
			return finish_output(stdout, EXIT_OK);
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	return go_options_check(&o->go);
}

int watch_exit_code(const struct watch_result *r, bool fail_on_leak)
{
	if (fail_on_leak && (r->verdict.kind == VERDICT_LEAK || r->verdict.kind == VERDICT_LEAK_THREADS))
		return EXIT_LEAK;
	if (r->partial)
		return EXIT_DENIED;
	return EXIT_OK;
}
