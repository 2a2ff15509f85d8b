/*
 * runstat - run one command once and report what it cost, for
 * bench/snapshot.sh.  Why not /usr/bin/time: its wall clock has 10 ms
 * resolution, too coarse for commands that take a few milliseconds.
 *
 *   runstat [-o OUTFILE] CMD [ARGS...]
 *
 * The command's stdout goes to OUTFILE (default /dev/null), its stderr
 * is inherited.  When it ends, runstat prints one line on stdout:
 *   wall_s=<seconds> cpu_s=<user+sys seconds> maxrss_kb=<KiB> status=<N>
 * status is the exit code, 128+signal if killed, 127 if it could not
 * be started.  runstat exits 0 if it could measure, 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	const char *out = "/dev/null";
	posix_spawn_file_actions_t fa;
	struct timespec t0, t1;
	struct rusage ru;
	int i = 1, st, err, status;
	pid_t pid;

	if (argc > 2 && strcmp(argv[1], "-o") == 0) {
		out = argv[2];
		i = 3;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		fprintf(stderr, "usage: runstat [-o OUTFILE] CMD [ARGS...]\n");
		return 2;
	}

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out,
					 O_WRONLY | O_CREAT | O_TRUNC, 0644);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = posix_spawnp(&pid, argv[i], &fa, NULL, argv + i, environ);
	if (err != 0) {
		fprintf(stderr, "runstat: %s: %s\n", argv[i], strerror(err));
		printf("wall_s=0 cpu_s=0 maxrss_kb=0 status=127\n");
		return 0;
	}
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("runstat: wait4");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	posix_spawn_file_actions_destroy(&fa);

	if (WIFEXITED(st))
		status = WEXITSTATUS(st);
	else
		status = 128 + WTERMSIG(st);
	printf("wall_s=%.6f cpu_s=%.6f maxrss_kb=%ld status=%d\n",
	       (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       tv_s(ru.ru_utime) + tv_s(ru.ru_stime), ru.ru_maxrss, status);
	return 0;
}
