/* Notes on a snapshot: the engine (analysis-notes.c) picks the kinds and
 * their numbers from a snapshot; output-notes-text.c words every kind with
 * those numbers, never "(null)" or "nan", and each kind has a JSON id. */
#include "config.h"
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "analysis-notes.h"
#include "output-notes-text.h"

#define MIB (1024ull * 1024)

static struct note filled(enum note_kind k)
{
	struct note n;

	memset(&n, 0, sizeof(n));
	n.kind = k;
	n.value = 300 * MIB;
	n.has_value = true;
	n.a = 120 * MIB;
	n.b = 110 * MIB;
	n.share = 0.25;
	n.count = 9;
	n.count2 = 3;
	n.err = EACCES;
	n.str = "go1.14.15";
	return n;
}

static void render(enum note_kind k, char *buf, size_t len)
{
	struct note n = filled(k);
	note_render(&n, buf, len);
}

static void test_every_kind_is_worded(void **state)
{
	char buf[600];
	(void)state;
	for (int k = 0; k < NOTE_KIND_COUNT; k++) {
		render((enum note_kind)k, buf, sizeof(buf));
		if (strlen(buf) < 40 || strstr(buf, "(null)") || strstr(buf, "nan"))
			fail_msg("kind %d: '%s'", k, buf);
		assert_string_not_equal(note_id((enum note_kind)k), "unknown");
	}
	assert_string_equal(note_id(NOTE_KIND_COUNT), "unknown");
}

static void test_numbers_reach_the_words(void **state)
{
	char buf[600];
	(void)state;
	render(NOTE_TORN_READ, buf, sizeof(buf));
	assert_non_null(strstr(buf, "120 MiB of RSS, smaps_rollup read at the same time says 110 MiB"));
	render(NOTE_LAZYFREE, buf, sizeof(buf));
	assert_non_null(strstr(buf, "LazyFree 300 MiB (25.0% of RSS)"));
	assert_non_null(strstr(buf, "Effective RSS is 120 MiB"));
	render(NOTE_BELOW_HWM, buf, sizeof(buf));
	assert_non_null(strstr(buf, "RSS 120 MiB is 75% below its peak (VmHWM 300 MiB)"));
	render(NOTE_STACKS_UNRECOGNISED, buf, sizeof(buf));
	assert_non_null(strstr(buf, "for 9 threads: 3 threads run on stacks"));
	render(NOTE_SMAPS_DENIED, buf, sizeof(buf));
	assert_non_null(strstr(buf, strerror(EACCES)));
	render(NOTE_GO_MADV_FREE, buf, sizeof(buf));
	assert_non_null(strstr(buf, "go1.14.15 returns freed heap with MADV_FREE (GODEBUG=madvdontneed=1 not set)"));
	{
		struct note n = filled(NOTE_THP);
		n.str = NULL;
		note_render(&n, buf, sizeof(buf));
		assert_non_null(strstr(buf, "system THP mode: unknown"));
		n.str = "madvise";
		note_render(&n, buf, sizeof(buf));
		assert_non_null(strstr(buf, "Transparent huge pages back 300 MiB (25.0% of RSS; system THP mode: madvise)"));
	}
}

static void test_flags_change_the_words(void **state)
{
	struct note n = filled(NOTE_AT_HWM);
	char with[600], without[600];
	(void)state;
	n.flag = true;
	note_render(&n, with, sizeof(with));
	n.flag = false;
	note_render(&n, without, sizeof(without));
	assert_non_null(strstr(with, "allocator retention"));
	assert_null(strstr(without, "allocator retention"));
	n = filled(NOTE_ARENAS);
	n.flag = true;
	note_render(&n, with, sizeof(with));
	assert_non_null(strstr(with, "(it is set)"));
}

static void test_short_buffer_is_cut_and_terminated(void **state)
{
	char buf[16];
	(void)state;
	memset(buf, 'x', sizeof(buf));
	render(NOTE_LAZYFREE_UNKNOWN, buf, sizeof(buf));
	assert_int_equal(strlen(buf), sizeof(buf) - 1);
	render(NOTE_KIND_COUNT, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

/* A snapshot with more notes than fit: the list stops at NOTES_MAX and the
 * engine keeps going without writing past it. */
static void test_engine_on_a_snapshot(void **state)
{
	struct snapshot s;
	struct note out[NOTES_MAX];
	int n;
	(void)state;
	snapshot_init(&s, 42, 0, false);
	s.have_smaps = true;
	s.partial = PARTIAL_SMAPS_TRUNCATED;
	s.status.threads = 5;
	s.thread_stacks = 2;
	n = notes_for_snapshot(&s, out);
	assert_true(n >= 2 && n <= NOTES_MAX);
	assert_int_equal(out[0].kind, NOTE_SMAPS_TRUNCATED);
	for (int i = 0; i < n; i++)
		if (out[i].kind == NOTE_STACKS_UNRECOGNISED) {
			assert_int_equal(out[i].count, 5);
			assert_int_equal(out[i].count2, 2);
			snapshot_free(&s);
			return;
		}
	snapshot_free(&s);
	fail_msg("no thread-stack note for 5 threads and 2 stacks");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_is_worded),
		cmocka_unit_test(test_numbers_reach_the_words),
		cmocka_unit_test(test_flags_change_the_words),
		cmocka_unit_test(test_short_buffer_is_cut_and_terminated),
		cmocka_unit_test(test_engine_on_a_snapshot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
