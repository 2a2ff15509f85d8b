/* memtrace export: the verdicts and memory of the host's processes and
 * cgroups for Prometheus, on an HTTP /metrics endpoint and/or in a
 * textfile for node_exporter's textfile collector. */
#include "config.h"
#include "stop-signal.h"
#include "cgroup-target.h"
#include "escape.h"
#include "export-collect.h"
#include "export-http.h"
#include "memtrace.h"
#include "output-file.h"
#include "output-metrics.h"
#include "source-cgroup.h"
#include "source-runtimeapi.h"
#include "source-sample.h"
#include "source-status.h"
#include "util.h"
#include "watch.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXPORT_MAX_GIVEN 64

struct export_cli {
	struct export_opts o;
	const char *listen, *textfile;
	bool once;
	pid_t pids[EXPORT_MAX_GIVEN];
	const char *cgroup_args[EXPORT_MAX_GIVEN];
	char *cgroups[EXPORT_MAX_GIVEN]; /* resolved cgroup paths */
	const char *container_args[EXPORT_MAX_GIVEN];
	const char *containers[EXPORT_MAX_GIVEN]; /* id prefixes, names resolved */
	char container_ids[EXPORT_MAX_GIVEN][RTAPI_ID_MAX];
	const char *socket;      /* --socket: the runtime API for names */
};


static void export_usage(FILE *out)
{
	fputs("Usage: memtrace export [OPTIONS] (--listen ADDR:PORT | --textfile FILE.prom)\n"
	      "\n"
	      "The memory and the running verdict (leak, plateau, madv-free, ...) of the\n"
	      "host's largest processes and of its cgroups, for Prometheus: an HTTP\n"
	      "/metrics endpoint (text format 0.0.4, or OpenMetrics 1.0 when asked for)\n"
	      "and/or a textfile for node_exporter's textfile collector.\n"
	      "\n"
	      "Options:\n"
	      "  -l, --listen ADDR:PORT  serve /metrics (127.0.0.1:9101, [::1]:9101, :9101;\n"
	      "                          port 0: a free port, printed on standard error)\n"
	      "  -t, --textfile FILE     write the page to FILE atomically every round\n"
	      "      --once              one round, write the textfile, exit (verdicts\n"
	      "                          need history: they say undecided)\n"
	      "  -i, --interval T        time between rounds (default 1s; 200ms to 1h)\n"
	      "  -n, --top N             the N largest processes by RSS (default 50)\n"
	      "      --min-rss SIZE      only processes with at least SIZE of RSS (e.g. 10M)\n"
	      "      --no-processes      no processes but those given with --pid\n"
	      "  -p, --pid PID           this process too while it lives (repeatable)\n"
	      "  -c, --cgroups           every memory cgroup (containers included)\n"
	      "      --cgroup PATH       this cgroup (repeatable)\n"
	      "      --container ID|NAME the container with this id prefix, or this name\n"
	      "                          (asked once of the Docker or Podman API; repeatable)\n"
	      "      --socket PATH       the runtime API socket for names (default: DOCKER_HOST,\n"
	      "                          CONTAINER_HOST, /run/docker.sock, /run/podman/podman.sock)\n"
	      "      --budget PCT        CPU for smaps_rollup reads and verdicts, percent of\n"
	      "                          one core (default 1)\n"
	      "  -h, --help              this help\n"
	      "The metrics are listed in memtrace(1), METRICS.\n",
	      out);
}

/* "12345", "512K", "10M", "1.5G", "2GiB" (binary units) into bytes. */
static bool parse_size(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end), scale = 1;

	if (end == s || !(v >= 0))
		return false;
	switch (*end) {
	case 'k': case 'K': scale = 1024; end++; break;
	case 'm': case 'M': scale = 1024.0 * 1024; end++; break;
	case 'g': case 'G': scale = 1024.0 * 1024 * 1024; end++; break;
	case 't': case 'T': scale = 1024.0 * 1024 * 1024 * 1024; end++; break;
	}
	if (scale > 1 && *end == 'i')
		end++;
	if (*end == 'B')
		end++;
	if (*end)
		return false;
	*out = v * scale;
	return true;
}

static bool add_given(size_t *n, const char **arr, const char *v, const char *what)
{
	if (*n >= EXPORT_MAX_GIVEN) {
		err_msg("at most %d %s", EXPORT_MAX_GIVEN, what);
		return false;
	}
	arr[(*n)++] = v;
	return true;
}

enum { OPT_ONCE = 256, OPT_MIN_RSS, OPT_NO_PROCESSES, OPT_CGROUP, OPT_CONTAINER, OPT_BUDGET, OPT_SOCKET };

static int parse_opt(struct export_cli *x, int c)
{
	long v;

	switch (c) {
	case 'l': x->listen = optarg; break;
	case 't': x->textfile = optarg; break;
	case OPT_ONCE: x->once = true; break;
	case 'i':
		if (!parse_seconds(optarg, &x->o.interval) || x->o.interval < 0.2 || x->o.interval > 3600) {
			err_msg("--interval wants a time from 200ms to 1h, not '%s'", optarg);
			return EXIT_USAGE;
		}
		break;
	case 'n':
		if (!parse_count(optarg, 100000, &x->o.top)) {
			err_msg("--top wants a count, not '%s'", optarg);
			return EXIT_USAGE;
		}
		break;
	case OPT_MIN_RSS:
		if (!parse_size(optarg, &x->o.min_rss)) {
			err_msg("--min-rss wants a size such as 10M, not '%s'", optarg);
			return EXIT_USAGE;
		}
		break;
	case OPT_NO_PROCESSES: x->o.processes = false; break;
	case 'p':
		if (!parse_count(optarg, 1L << 30, &v) || v < 1) {
			err_msg("--pid wants a process id, not '%s'", optarg);
			return EXIT_USAGE;
		}
		if (x->o.npids >= EXPORT_MAX_GIVEN) {
			err_msg("at most %d --pid", EXPORT_MAX_GIVEN);
			return EXIT_USAGE;
		}
		x->pids[x->o.npids++] = (pid_t)v;
		break;
	case 'c': x->o.all_cgroups = true; break;
	case OPT_CGROUP:
		if (!add_given(&x->o.ncgroups, x->cgroup_args, optarg, "--cgroup"))
			return EXIT_USAGE;
		break;
	case OPT_CONTAINER:
		if (!add_given(&x->o.ncontainers, x->container_args, optarg, "--container"))
			return EXIT_USAGE;
		break;
	case OPT_SOCKET: x->socket = optarg; break;
	case OPT_BUDGET:
		if (!parse_budget(optarg, &x->o.budget))
			return EXIT_USAGE;
		break;
	case 'h':
		export_usage(stdout);
		return finish_output(stdout, EXIT_OK);
	default:
		export_usage(stderr);
		return EXIT_USAGE;
	}
	return -1;
}

static int parse_args(int argc, char **argv, struct export_cli *x)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },	   { "textfile", required_argument, NULL, 't' },
		{ "once", no_argument, NULL, OPT_ONCE },	   { "interval", required_argument, NULL, 'i' },
		{ "top", required_argument, NULL, 'n' },	   { "min-rss", required_argument, NULL, OPT_MIN_RSS },
		{ "no-processes", no_argument, NULL, OPT_NO_PROCESSES }, { "pid", required_argument, NULL, 'p' },
		{ "cgroups", no_argument, NULL, 'c' },		   { "cgroup", required_argument, NULL, OPT_CGROUP },
		{ "container", required_argument, NULL, OPT_CONTAINER }, { "budget", required_argument, NULL, OPT_BUDGET },
		{ "socket", required_argument, NULL, OPT_SOCKET },
		{ "help", no_argument, NULL, 'h' },		   { NULL, 0, NULL, 0 },
	};
	int c, rc;

	x->o = (struct export_opts){ .interval = 1, .budget = 0.01, .processes = true, .top = 50 };
	while ((c = getopt_long(argc, argv, "l:t:i:n:p:ch", opts, NULL)) != -1)
		if ((rc = parse_opt(x, c)) >= 0)
			return rc;
	if (optind != argc) {
		err_msg("export: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (!x->listen && !x->textfile) {
		err_msg("export: say where the metrics go: --listen ADDR:PORT and/or --textfile FILE");
		return EXIT_USAGE;
	}
	if (x->once && !x->textfile) {
		err_msg("--once writes the textfile: add --textfile FILE");
		return EXIT_USAGE;
	}
	return -1;
}

/* --cgroup PATH: the cgroup path as the scan names it.  Exit status or -1. */
static int resolve_cgroups(struct export_cli *x)
{
	struct cgroup_mounts m;
	struct cgroup_ref ref;
	int rc;

	if (!x->o.ncgroups)
		return -1;
	if ((rc = cgroup_mounts_read(g.proc_root, &m)) != 0) {
		err_msg("--cgroup: no memory cgroup mount here");
		return EXIT_RUNTIME;
	}
	for (size_t i = 0; i < x->o.ncgroups; i++) {
		if ((rc = cgroup_resolve_path(g.proc_root, &m, x->cgroup_args[i], &ref)) != 0) {
			err_msg("--cgroup '%s': %s", x->cgroup_args[i],
				rc == -ENOMEDIUM ? "not a memory cgroup" : strerror(-rc));
			return EXIT_TARGET;
		}
		x->cgroups[i] = xstrdup(ref.path);
	}
	return -1;
}

/* --container NAME: its id, asked once of the runtime's API (a container
 * keeps its id when it restarts).  Exit status or -1. */
static int resolve_containers(struct export_cli *x)
{
	for (size_t i = 0; i < x->o.ncontainers; i++) {
		int rc = cgroup_container_id_of(x->container_args[i], x->socket, x->container_ids[i],
						sizeof(x->container_ids[i]));
		if (rc)
			return rc;
		x->containers[i] = x->container_ids[i];
	}
	return -1;
}

/* ------------------------------------------------------------- rounds */

static void self_figures(struct metrics_page *p, double start_wall, double round_seconds)
{
	struct proc_status st;

	p->self.start_time = start_wall;
	p->self.round_seconds = round_seconds;
	p->self.rss = status_read("/", getpid(), &st) == 0 ? (double)st.v[ST_VM_RSS] : NAN;
}

/* Renders the page of the last round and puts it where it goes.  0, or
 * the exit status of a textfile that cannot be written. */
static int publish(struct export_cli *x, struct export_collect *e, struct export_http *h, double start_wall,
		   double round_seconds)
{
	struct metrics_page p;
	size_t tlen, olen;
	char *text, *om;
	int rc = 0;

	export_collect_page(e, &p);
	self_figures(&p, start_wall, round_seconds);
	text = metrics_render(&p, METRICS_TEXT, &tlen);
	if (x->textfile && (rc = out_file_replace(x->textfile, text, tlen, 0644)) != 0)
		err_msg("cannot write the textfile '%s': %s", x->textfile, strerror(-rc));
	if (h) {
		om = metrics_render(&p, METRICS_OPENMETRICS, &olen);
		export_http_publish(h, text, tlen, om, olen);
		free(om);
	}
	free(text);
	return rc ? EXIT_RUNTIME : 0;
}

static int run(struct export_cli *x, struct export_collect *e, struct export_http *h)
{
	double start_wall = clock_wall(), next = clock_mono(), round = NAN;
	int rc;

	while (!stop_signal) {
		double t0 = clock_mono();
		if ((rc = export_collect_round(e)) != 0) {
			err_msg("cannot list the processes in '%s/proc': %s", g.proc_root, strerror(-rc));
			return EXIT_RUNTIME;
		}
		if ((rc = publish(x, e, h, start_wall, round)) != 0 || x->once)
			return rc;
		round = clock_mono() - t0;
		next += x->o.interval;
		if (next < clock_mono())
			next = clock_mono() + x->o.interval;
		while (!stop_signal && clock_mono() < next)
			usleep((useconds_t)fmin(100000, (next - clock_mono()) * 1e6 + 1));
	}
	return EXIT_OK;
}

static int start(struct export_cli *x)
{
	struct export_collect e;
	struct export_http *h = NULL;
	int rc, err;

	x->o.pids = x->pids;
	x->o.cgroups = (const char *const *)x->cgroups;
	x->o.containers = x->containers;
	if ((rc = export_collect_init(&e, g.proc_root, &x->o)) != 0) {
		err_msg("export: no memory cgroup mount here, so no cgroups (%s)", strerror(-rc));
		return EXIT_RUNTIME;
	}
	if (x->listen) {
		if (!(h = export_http_start(x->listen, &err))) {
			err_msg("cannot listen on '%s': %s", x->listen,
				err == -EINVAL ? "want ADDR:PORT, e.g. 127.0.0.1:9101" : strerror(-err));
			export_collect_free(&e);
			return err == -EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
		}
		/* tests and scripts read the port when they asked for port 0 */
		fprintf(stderr, "memtrace export: listening on port %u\n", export_http_port(h));
		fflush(stderr);
	}
	rc = run(x, &e, h);
	export_http_stop(h);
	export_collect_free(&e);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	struct export_cli *x = xcalloc(1, sizeof(*x));
	int rc = parse_args(argc, argv, x);

	if (rc < 0)
		rc = resolve_cgroups(x);
	if (rc < 0)
		rc = resolve_containers(x);
	if (rc < 0) {
		stop_signal_catch();
		rc = start(x);
	}
	for (size_t i = 0; i < x->o.ncgroups; i++)
		free(x->cgroups[i]);
	free(x);
	return rc;
}
