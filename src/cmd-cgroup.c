/* memtrace cgroup: a memory cgroup's usage reconciled with its processes
 * and with what docker stats, the kubelet and cAdvisor would show. */
#include "config.h"
#include "analysis-cgroup.h"
#include "cgroup-target.h"
#include "memtrace.h"
#include "output-cgroup.h"
#include "output-json.h"
#include "source-proc.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void cgroup_usage(FILE *out)
{
	fputs("Usage: memtrace cgroup [OPTIONS] --cgroup PATH | --container ID|NAME | --pid PID|NAME\n"
	      "\n"
	      "Reads a memory cgroup (v1, v2 or hybrid host) and lines its numbers up:\n"
	      "usage by group (anon, page cache, shmem/tmpfs, kernel), what docker\n"
	      "stats, the kubelet and cAdvisor would show and why they differ, what the\n"
	      "kernel could reclaim, and its processes' RSS/PSS/USS/LazyFree against\n"
	      "the cgroup's own counters.\n"
	      "\n"
	      "Options:\n"
	      "  -c, --cgroup PATH      a cgroup directory, or a path relative to the mount\n"
	      "  -C, --container ID|NAME  a container id or unique prefix (Docker, containerd,\n"
	      "                         CRI-O, Podman, Kubernetes pods), or a name, asked of\n"
	      "                         the Docker or Podman API socket\n"
	      "      --socket PATH      the runtime API socket for names (default: DOCKER_HOST,\n"
	      "                         CONTAINER_HOST, /run/docker.sock, /run/podman/podman.sock)\n"
	      "  -p, --pid PID|NAME     the memory cgroup of a process\n"
	      "  -j, --json             JSON for programs (schema memtrace-cgroup v1)\n"
	      "  -h, --help             this help\n",
	      out);
}

/* Swap configured on the system: then anon and tmpfs can be reclaimed. */
static bool system_has_swap(void)
{
	char *text, *p;
	size_t len;
	unsigned long long kb = 0;

	if (proc_read_file(g.proc_root, -1, "proc/meminfo", &text, &len))
		return false;
	p = strstr(text, "SwapTotal:");
	if (p)
		sscanf(p, "SwapTotal: %llu", &kb);
	free(text);
	return kb > 0;
}

int cmd_cgroup(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cgroup", required_argument, NULL, 'c' }, { "container", required_argument, NULL, 'C' },
		{ "pid", required_argument, NULL, 'p' },    { "json", no_argument, NULL, 'j' },
		{ "socket", required_argument, NULL, 'S' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cgroup_target t = { 0 };
	struct cgroup_resolved r;
	struct cgroup_stats s;
	struct cgroup_view v;
	struct cg_proc *procs;
	size_t nprocs;
	bool json = false;
	int c, rc;

	while ((c = getopt_long(argc, argv, "c:C:p:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			t.path = optarg;
			break;
		case 'C':
			t.container = optarg;
			break;
		case 'p':
			t.process = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'S':
			t.socket = optarg;
			break;
		case 'h':
			cgroup_usage(stdout);
			return finish_output(stdout, EXIT_OK);
		default:
			cgroup_usage(stderr);
			return EXIT_USAGE;
		}
	}
	/* a bare operand: a path if it has a slash, else a PID or name */
	if (optind == argc - 1 && !t.path && !t.container && !t.process) {
		if (strchr(argv[optind], '/'))
			t.path = argv[optind];
		else
			t.process = argv[optind];
	} else if (optind != argc) {
		err_msg("cgroup: unexpected argument '%s'", argv[argc - 1]);
		cgroup_usage(stderr);
		return EXIT_USAGE;
	}
	rc = cgroup_target_resolve(&t, &r);
	if (rc)
		return rc;
	rc = cgroup_stats_read(&r.ref, &s, true);
	if (rc) {
		if (rc == -EINVAL)
			err_msg("cannot parse '%s/memory.stat': a line is not 'name value'", r.ref.dir);
		else
			err_msg("cannot read the memory counters in '%s': %s", r.ref.dir, strerror(-rc));
		cgroup_stats_free(&s);
		return EXIT_RUNTIME;
	}
	nprocs = cgroup_read_processes(g.proc_root, &s, &procs);
	cgroup_view_compute(&s, procs, nprocs, system_has_swap(), &v);
	{
		struct cgroup_report rep = { .ref = &r.ref, .mounts = &r.mounts, .stats = &s, .procs = procs,
					     .nprocs = nprocs, .view = &v };
		if (r.runtime) {
			rep.container_id = r.container_id;
			rep.runtime = r.runtime;
			rep.container_name = r.container_name[0] ? r.container_name : NULL;
		}
		if (json) {
			json_t *doc = cgroup_to_json(&rep);
			json_write(stdout, doc, true);
			json_decref(doc);
		} else {
			cgroup_print_text(stdout, &rep);
		}
	}
	free(procs);
	cgroup_stats_free(&s);
	return finish_output(stdout, EXIT_OK);
}
