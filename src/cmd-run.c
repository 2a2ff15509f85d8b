/* memtrace run [OPTIONS] -- CMD [ARGS]: start CMD, watch it until it exits
 * (or the duration ends), print the verdict.  With --fail-on-leak it is a
 * leak gate for load tests in CI. */
#include "config.h"
#include "memtrace.h"
#include "output-json.h"
#include "watch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void run_usage(FILE *out)
{
	fputs("Usage: memtrace run [OPTIONS] [--] COMMAND [ARGS]\n"
	      "\n"
	      "Starts COMMAND, watches it like 'memtrace watch' until it exits or the\n"
	      "duration ends (then it is stopped with SIGTERM, and SIGKILL 5 s later\n"
	      "if it is still running), and prints the verdict.  With --json the\n"
	      "command's standard output goes to standard error.\n"
	      "\n"
	      "Options:\n",
	      out);
	fputs(watch_options_help, out);
}

/* Starts the command; the close-on-exec pipe tells exec success (EOF) from
 * failure (the child writes its errno), so a typo is an error, not a
 * verdict on a process that never ran. */
static int spawn(char **argv, pid_t *child, bool quiet_stdout)
{
	int fds[2], err = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) != 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(fds[0]);
		close(fds[1]);
		return -err;
	}
	if (pid == 0) {
		close(fds[0]);
		/* with --json, stdout carries JSON Lines only: the command's
		 * output goes to stderr */
		if (quiet_stdout && dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
			_exit(127);
		execvp(argv[0], argv);
		err = errno;
		if (write(fds[1], &err, sizeof(err)) < 0)
			_exit(127);
		_exit(127);
	}
	close(fds[1]);
	do
		n = read(fds[0], &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	close(fds[0]);
	if (n == (ssize_t)sizeof(err)) {
		waitpid(pid, NULL, 0);
		return -err;
	}
	*child = pid;
	return 0;
}

/* The duration is over or we were interrupted: stop the command we
 * started, politely first; a command that ignores SIGTERM gets SIGKILL
 * after 5 seconds. */
static void stop_child(pid_t child, int *status)
{
	kill(child, SIGTERM);
	for (int i = 0; i < 100; i++) {
		if (waitpid(child, status, WNOHANG) == child)
			return;
		usleep(50 * 1000);
	}
	err_msg("the command ignored SIGTERM for 5 s: sending SIGKILL");
	kill(child, SIGKILL);
	waitpid(child, status, 0);
}

int cmd_run(int argc, char **argv)
{
	struct watch_opts o;
	struct watch_result r;
	bool fail_on_leak;
	pid_t child = -1;
	int rc = watch_parse_args(argc, argv, &o, &fail_on_leak, run_usage, true);

	if (rc >= 0)
		return rc;
	o.proc_root = g.proc_root;
	if (o.cgroup_path || o.container) {
		err_msg("run watches the command it starts: --cgroup and --container are for watch");
		return EXIT_USAGE;
	}
	if (optind < argc && strcmp(argv[optind], "--") == 0)
		optind++;
	if (optind >= argc) {
		err_msg("run: which command? e.g. memtrace run -- ./server --port 8080");
		run_usage(stderr);
		return EXIT_USAGE;
	}
	rc = spawn(argv + optind, &child, o.json);
	if (rc) {
		err_msg("cannot run '%s': %s", argv[optind], strerror(-rc));
		return rc == -ENOENT || rc == -EACCES ? EXIT_USAGE : EXIT_RUNTIME;
	}
	o.child = child;
	rc = watch_run(child, &o, &r);
	if (!o.child_exited)
		stop_child(child, &o.child_status);
	if (rc)
		return finish_output(stdout, rc);
	if (o.json) {
		json_t *c = json_object();
		json_object_set_new(c, "type", json_string("command"));
		json_object_set_new(c, "exit_status", WIFEXITED(o.child_status) ? json_integer(WEXITSTATUS(o.child_status)) : json_null());
		json_object_set_new(c, "signal", WIFSIGNALED(o.child_status) ? json_integer(WTERMSIG(o.child_status)) : json_null());
		json_write(stdout, c, false);
		json_decref(c);
	} else if (WIFEXITED(o.child_status)) {
		printf("  command exited with status %d\n", WEXITSTATUS(o.child_status));
	} else if (WIFSIGNALED(o.child_status)) {
		printf("  command was killed by signal %d\n", WTERMSIG(o.child_status));
	}
	return finish_output(stdout, watch_exit_code(&r, fail_on_leak));
}
