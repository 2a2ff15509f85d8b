/* The options `watch` and `run` share, their help text, and the exit code
 * of a finished watch. */
#include "config.h"
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
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->proc_root = "/";
	o->interval = 1.0;
	o->budget = 0.01;
	*fail_on_leak = false;
	/* '+': `run` stops at the command to run; `watch` takes options anywhere */
	while ((c = getopt_long(argc, argv, stop_at_operand ? "+i:d:r:fjb:hc:C:" : "i:d:r:fjb:hc:C:", opts, NULL)) != -1) {
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
	return -1;
}

int watch_exit_code(const struct watch_result *r, bool fail_on_leak)
{
	if (fail_on_leak && (r->verdict.kind == VERDICT_LEAK || r->verdict.kind == VERDICT_LEAK_THREADS))
		return EXIT_LEAK;
	if (r->partial)
		return EXIT_DENIED;
	return EXIT_OK;
}
