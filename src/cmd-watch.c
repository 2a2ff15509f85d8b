/* memtrace watch TARGET: sample a process over time; say whether it leaks. */
#include "config.h"
#include "memtrace.h"
#include "watch-screen.h"
#include "watch.h"

#include <getopt.h>

static void watch_usage(FILE *out)
{
	fputs("Usage: memtrace watch [OPTIONS] PID|NAME\n"
	      "       memtrace watch [OPTIONS] --cgroup PATH | --container ID|NAME\n"
	      "\n"
	      "Samples the process's memory every interval (status every tick,\n"
	      "smaps_rollup and the full smaps as often as the CPU budget allows),\n"
	      "prints one line per sample with a running verdict, and ends with the\n"
	      "verdict and its evidence: leak, leak-threads, plateau,\n"
	      "madv-free-residue, released, stable, or undecided.  Stops at the\n"
	      "duration, on Ctrl-C/SIGTERM, or when the target exits.\n"
	      "With --cgroup or --container it watches a memory cgroup instead and\n"
	      "adds the verdicts page-cache-growth, shmem-growth and kernel-growth,\n"
	      "a leak attributed to the process that grows, and a plateau at the limit.\n"
	      "\n"
	      "Options:\n",
	      out);
	fputs(watch_options_help, out);
	fputs("  -c, --cgroup PATH   a memory cgroup instead of a process\n"
	      "  -C, --container ID|NAME  a container's memory cgroup, by id or unique\n"
	      "                      prefix, or by name (asked of the Docker/Podman API)\n"
	      "      --socket PATH   the runtime API socket for names (default: DOCKER_HOST,\n"
	      "                      CONTAINER_HOST, /run/docker.sock, /run/podman/podman.sock)\n",
	      out);
}

int cmd_watch(int argc, char **argv)
{
	struct watch_opts o;
	struct watch_result r;
	bool fail_on_leak;
	pid_t pid;
	int rc = watch_parse_args(argc, argv, &o, &fail_on_leak, watch_usage, false);

	if (rc >= 0)
		return rc;
	o.proc_root = g.proc_root;
	o.open_screen = watch_screen_open;
	if (o.cgroup_path || o.container) {
		struct cgroup_target t = { .path = o.cgroup_path, .container = o.container, .socket = o.socket };
		struct cgroup_resolved cg;
		if (optind != argc) {
			err_msg("watch: give a process or --cgroup/--container, not both");
			return EXIT_USAGE;
		}
		rc = cgroup_target_resolve(&t, &cg);
		if (rc)
			return rc;
		o.cgroup = &cg;
		rc = watch_run(0, &o, &r);
		if (rc)
			return finish_output(stdout, rc);
		return finish_output(stdout, watch_exit_code(&r, fail_on_leak));
	}
	if (optind != argc - 1) {
		err_msg(optind >= argc ? "watch: which process? give a PID or a name" : "watch: one process at a time");
		watch_usage(stderr);
		return EXIT_USAGE;
	}
	rc = target_resolve(argv[optind], &pid);
	if (rc)
		return rc;
	rc = watch_run(pid, &o, &r);
	if (rc)
		return finish_output(stdout, rc);
	return finish_output(stdout, watch_exit_code(&r, fail_on_leak));
}
