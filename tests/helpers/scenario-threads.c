/*
 * scenario-threads - a thread leak, for `memtrace watch` to call
 * "leak (threads)": RATE new threads per second that never exit.  Default
 * attributes, so glibc gives each an 8 MiB (RLIMIT_STACK) mmap'ed stack
 * above a guard page: the thread count and the mapping count (+2 per
 * thread) climb steadily while RSS grows only by the ~32 KiB of stack each
 * thread writes, plus page tables.
 *
 *   scenario-threads RATE_PER_S [--seconds N]   RATE 1..1000, N defaults to 60
 *
 * Thread i is started at ready + i/RATE seconds (absolute CLOCK_MONOTONIC
 * deadlines, no drift), i = 1..RATE*N; each writes 32 KiB of its stack and
 * blocks forever on a condition variable.  After N seconds it prints
 * "done" and the main thread sleeps until killed.  Keep RATE*N below about
 * 30000: every thread costs two of vm.max_map_count's 65530 mappings.
 * THP is disabled for the process.
 *
 * stdout:
 *   "ready pid=P rate=R stack_touch=32768 seconds=N"
 *   "done threads=T"          T = RATE*N threads created besides main
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include "helper.h"

#define USAGE "scenario-threads RATE_PER_S [--seconds N]"
#define STACK_TOUCH (32 * 1024)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never_cv = PTHREAD_COND_INITIALIZER;

/* Write STACK_TOUCH bytes of this thread's stack, one byte per page. */
static __attribute__((noinline)) void touch_stack(void)
{
	volatile unsigned char buf[STACK_TOUCH];
	size_t i;

	for (i = 0; i < sizeof(buf); i += HELPER_TOUCH_STEP)
		buf[i] = 1;
}

static void *worker(void *arg)
{
	(void)arg;
	touch_stack();
	pthread_mutex_lock(&lock);
	for (;;)	/* never signalled: the leaked thread blocks forever */
		pthread_cond_wait(&never_cv, &lock);
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long rate, seconds;
	unsigned long long i, n;
	struct timespec t0;

	seconds = helper_seconds_opt(&argc, argv, 60, USAGE);
	if (argc != 2)
		helper_usage(USAGE);
	rate = helper_arg(argv[1], 1, 1000, USAGE);
	n = (unsigned long long)rate * seconds;

	(void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	helper_say("ready pid=%ld rate=%lu stack_touch=%d seconds=%lu",
		   (long)getpid(), rate, STACK_TOUCH, seconds);

	for (i = 1; i <= n; i++) {
		pthread_t t;
		int err;

		helper_wait_ns(&t0, i * 1000000000ULL / rate);
		err = pthread_create(&t, NULL, worker, NULL);
		if (err != 0) {
			fprintf(stderr, "pthread_create (thread %llu): %s\n",
				i, strerror(err));
			return 1;
		}
		(void)pthread_detach(t);
	}
	helper_say("done threads=%llu", n);
	for (;;)
		pause();
}
