/* memtrace: is this really a leak?  Entry point and command table. */
#include "config.h"
#include "memtrace.h"
#include "escape.h"
#include "source-proc.h"
#include "source-procps.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct globals g = { .proc_root = "/" };

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "snapshot", cmd_snapshot, "one process's memory, class by class, with notes" },
	{ "diff", cmd_diff, "compare two saved snapshots, or a saved one with a live process" },
	{ "watch", cmd_watch, "sample a process over time and say whether it leaks" },
	{ "run", cmd_run, "start a command, watch it until it exits, give the verdict" },
	{ "analyze", cmd_analyze, "the verdict for a recording made with watch --record" },
	{ "cgroup", cmd_cgroup, "a container's memory cgroup, reconciled with its processes and docker stats" },
	{ "top", cmd_top, "every process, ranked by memory growth, with its running verdict" },
	{ "export", cmd_export, "memory and verdicts of processes and cgroups for Prometheus (/metrics, textfile)" },
};

static void usage(FILE *out)
{
	fputs("Usage: memtrace [--proc-root DIR] COMMAND [OPTIONS] [ARGS]\n"
	      "\n"
	      "Is this really a leak?  memtrace attributes a process's memory to heap,\n"
	      "stacks, anonymous mappings, file cache, shared memory and lazily freed\n"
	      "(MADV_FREE) pages, and explains what the numbers mean.\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fputs("\n"
	      "Options:\n"
	      "  --proc-root DIR  read proc/ and sys/ under DIR instead of / (fixtures);\n"
	      "                   also MEMTRACE_PROC_ROOT\n"
	      "  -h, --help       this help; 'memtrace COMMAND --help' for a command\n"
	      "  -V, --version    version, and the procps-ng library it was built with\n"
	      "\n"
	      "Exit status: 0 ok, 1 runtime error, 2 usage error, 3 target not found or\n"
	      "gone, 4 permission denied (partial report), 5 leak (--fail-on-leak).\n"
	      "See memtrace(1).\n",
	      out);
}

int target_resolve(const char *arg, pid_t *pid)
{
	struct procps_match *m;
	long v;
	int n;

	if (arg[0] >= '0' && arg[0] <= '9') {
		if (!parse_count(arg, 4194304, &v) || v == 0) {
			err_msg("'%s' is not a valid PID", arg);
			return EXIT_USAGE;
		}
		*pid = (pid_t)v;
		return 0;
	}
	if (!proc_root_is_live(g.proc_root)) {
		err_msg("process names are looked up in the live /proc only; give a PID with --proc-root");
		return EXIT_USAGE;
	}
	n = procps_find_by_name(arg, &m);
	if (n < 0) {
		err_msg("cannot list processes: %s", strerror(-n));
		return EXIT_RUNTIME;
	}
	if (n == 0) {
		char *e = escape_dup(arg, strlen(arg));
		err_msg("no process named '%s' (matched against comm and the basename of argv[0])", e);
		free(e);
		return EXIT_TARGET;
	}
	if (n > 1) {
		char *e = escape_dup(arg, strlen(arg));
		err_msg("'%s' matches %d processes; give a PID:", e, n);
		free(e);
		for (int i = 0; i < n; i++) {
			char *c = escape_dup(m[i].comm, strlen(m[i].comm));
			char *cl = escape_dup(m[i].cmdline, strlen(m[i].cmdline));
			fprintf(stderr, "  %7d  %-16s %s\n", (int)m[i].pid, c, cl);
			free(c);
			free(cl);
		}
		procps_matches_free(m, n);
		return EXIT_USAGE;
	}
	*pid = m[0].pid;
	procps_matches_free(m, n);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "proc-root", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = getenv("MEMTRACE_PROC_ROOT");
	int c;

	if (env && *env)
		g.proc_root = env;
	/* '+': stop at the command name; its options are its own. */
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'R':
			g.proc_root = optarg;
			break;
		case 'h':
			usage(stdout);
			return finish_output(stdout, EXIT_OK);
		case 'V':
			printf("memtrace %s (%s)\n", PACKAGE_VERSION, procps_built_with());
			return finish_output(stdout, EXIT_OK);
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[optind], commands[i].name) == 0) {
			argv += optind;
			argc -= optind;
			optind = 0; /* reset getopt for the command */
			return commands[i].run(argc, argv);
		}
	}
	{
		char *e = escape_dup(argv[optind], strlen(argv[optind]));
		err_msg("unknown command '%s' (see 'memtrace --help')", e);
		free(e);
	}
	return EXIT_USAGE;
}
