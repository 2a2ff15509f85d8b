/*
 * threads - a process with N idle threads on default attributes, so glibc
 * gives each an mmap'ed stack with a guard page: two extra mappings per
 * thread (a "---p" guard directly below an "rw-p" stack) while RSS grows
 * only by the touched part of each stack (~64 KiB).  Tests use it to
 * check memtrace recognises thread stacks, which the kernel no longer
 * names (only the main thread's is [stack]).
 *
 *   threads N
 *
 * ready line: "ready pid=P threads=N"  (printed once all N are running)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <string.h>
#include "helper.h"

#define USAGE "threads N"
#define STACK_TOUCH (64 * 1024)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t started_cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t never_cv = PTHREAD_COND_INITIALIZER;
static unsigned long started;

/* Touch STACK_TOUCH bytes of this thread's stack, one byte per page. */
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
	started++;
	pthread_cond_signal(&started_cv);
	for (;;)	/* never signalled: block here until the process dies */
		pthread_cond_wait(&never_cv, &lock);
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long n, i;

	if (argc != 2)
		helper_usage(USAGE);
	n = helper_arg(argv[1], 0, 100000, USAGE);

	for (i = 0; i < n; i++) {
		pthread_t t;
		int err = pthread_create(&t, NULL, worker, NULL);

		if (err != 0) {
			fprintf(stderr, "pthread_create: %s\n", strerror(err));
			return 1;
		}
	}
	pthread_mutex_lock(&lock);
	while (started < n)
		pthread_cond_wait(&started_cv, &lock);
	pthread_mutex_unlock(&lock);
	helper_ready("threads=%lu", n);
}
