/* The watch loop (watch.c) driven directly, with a sink that counts what
 * it is told: a fixture process for a set duration (samples at the
 * interval, one header, one end, the recording's lines agree), a live
 * child that exits mid-watch (target-exited), a PID that does not exist
 * (exit 3 before anything is said), and a recording that exists (not
 * overwritten without force). */
#include "config.h"
#include "unit.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report.h"
#include "watch.h"

struct seen {
	int begins, samples, events, ends, with_running;
	double first_t, last_t;
	enum verdict_kind kind;
	char end_reason[32];
	char header_target[16];
};

static void seen_begin(void *ctx, json_t *header)
{
	struct seen *s = ctx;
	const char *t = json_string_value(json_object_get(header, "target"));
	s->begins++;
	snprintf(s->header_target, sizeof(s->header_target), "%s", t ? t : "");
}

static void seen_sample(void *ctx, const struct sample *x, const struct verdict *running)
{
	struct seen *s = ctx;
	if (s->samples++ == 0)
		s->first_t = x->t;
	s->last_t = x->t;
	s->with_running += running != NULL;
}

static void seen_event(void *ctx, json_t *event)
{
	(void)event;
	((struct seen *)ctx)->events++;
}

static void seen_end(void *ctx, const struct verdict *v, const char *end_reason, const char *cost_text,
		     json_t *cost_json, json_t *context)
{
	struct seen *s = ctx;
	(void)cost_text, (void)cost_json, (void)context;
	s->ends++;
	s->kind = v->kind;
	snprintf(s->end_reason, sizeof(s->end_reason), "%s", end_reason);
}

static struct watch_sink counting_sink(struct seen *s)
{
	memset(s, 0, sizeof(*s));
	return (struct watch_sink){ .begin = seen_begin, .sample = seen_sample, .event = seen_event, .end = seen_end,
				    .ctx = s };
}

static struct watch_opts opts(const char *root, const struct watch_sink *sink)
{
	struct watch_opts o;
	memset(&o, 0, sizeof(o));
	o.proc_root = root;
	o.interval = 0.1;
	o.budget = 0.5;
	o.sink = sink;
	return o;
}

static char tmpdir[64], lazyfree_root[4096];

static int setup(void **state)
{
	(void)state;
	const char *top = getenv("abs_top_srcdir");
	snprintf(lazyfree_root, sizeof(lazyfree_root), "%s/tests/fixtures/lazyfree", top && *top ? top : ".");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-watch-loop.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Counts the lines of a recording by type. */
static void count_lines(const char *path, int *header, int *samples, int *verdicts, char *verdict, size_t len)
{
	FILE *f = fopen(path, "r");
	char line[65536];

	*header = *samples = *verdicts = 0;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		json_t *o = json_loads(line, 0, NULL);
		const char *type;
		assert_non_null(o);
		type = json_string_value(json_object_get(o, "type"));
		assert_non_null(type);
		*header += strcmp(type, "header") == 0;
		*samples += strcmp(type, "sample") == 0;
		if (strcmp(type, "verdict") == 0) {
			(*verdicts)++;
			snprintf(verdict, len, "%s", json_string_value(json_object_get(o, "verdict")));
		}
		json_decref(o);
	}
	fclose(f);
}

static void test_fixture_for_a_duration(void **state)
{
	struct seen s;
	struct watch_sink sink = counting_sink(&s);
	struct watch_opts o = opts(lazyfree_root, &sink);
	struct watch_result r;
	char rec[128], verdict[32] = "";
	int h, n, v;
	(void)state;
	snprintf(rec, sizeof(rec), "%s/fixture.jsonl", tmpdir);
	o.duration = 1.0;
	o.record = rec;
	assert_int_equal(watch_run(5151, &o, &r), 0);
	assert_string_equal(r.end_reason, "duration");
	assert_int_equal(s.begins, 1);
	assert_string_equal(s.header_target, "process");
	assert_int_equal(s.ends, 1);
	assert_int_equal(s.events, 0);
	/* 1 s at 100 ms: 10 or 11 samples, the last at the duration */
	assert_in_range(s.samples, 9, 12);
	assert_true(s.last_t - s.first_t > 0.85 && s.last_t - s.first_t < 1.2);
	/* a fixture does not change: whatever it is, it is not a leak */
	assert_int_not_equal(s.kind, VERDICT_LEAK);
	assert_int_equal(r.verdict.kind, s.kind);
	/* the recording holds what the sink was told */
	count_lines(rec, &h, &n, &v, verdict, sizeof(verdict));
	assert_int_equal(h, 1);
	assert_int_equal(n, s.samples);
	assert_int_equal(v, 1);
	assert_string_equal(verdict, verdict_name(r.verdict.kind));
	/* and is not overwritten without force */
	s.begins = 0;
	assert_int_equal(watch_run(5151, &o, &r), EXIT_RUNTIME);
	assert_int_equal(s.begins, 0);
	count_lines(rec, &h, &n, &v, verdict, sizeof(verdict));
	assert_int_equal(h, 1);
}

static void test_no_such_pid(void **state)
{
	struct seen s;
	struct watch_sink sink = counting_sink(&s);
	struct watch_opts o = opts(lazyfree_root, &sink);
	struct watch_result r;
	(void)state;
	o.duration = 1.0;
	assert_int_equal(watch_run(999999, &o, &r), EXIT_TARGET);
	assert_int_equal(s.begins, 0);
	assert_int_equal(s.ends, 0);
}

static void test_target_exits(void **state)
{
	struct seen s;
	struct watch_sink sink = counting_sink(&s);
	struct watch_opts o = opts("/", &sink);
	struct watch_result r;
	int fds[2], status;
	char c;
	pid_t child;
	(void)state;
	assert_int_equal(pipe(fds), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) { /* lives until the parent closes the pipe's write end */
		close(fds[1]);
		while (read(fds[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(fds[0]);
	if (fork() == 0) { /* closes it after 0.5 s */
		usleep(500 * 1000);
		_exit(0);
	}
	/* the write end stays open in the second child until it exits */
	close(fds[1]);
	o.duration = 30;
	assert_int_equal(watch_run(child, &o, &r), 0);
	assert_string_equal(r.end_reason, "target-exited");
	assert_int_equal(s.ends, 1);
	assert_in_range(s.samples, 2, 20);
	waitpid(child, &status, 0);
	while (wait(&status) > 0)
		;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_for_a_duration),
		cmocka_unit_test(test_no_such_pid),
		cmocka_unit_test(test_target_exits),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
