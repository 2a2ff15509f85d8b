/* /proc/PID/status parsing, runtime settings and Go MADV_FREE era rules. */
#include "config.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model-runtime.h"
#include "source-status.h"

static const char status_text[] =
	"Name:\tmy \x1b[0mproc\n"
	"Umask:\t0022\n"
	"State:\tS (sleeping)\n"
	"Tgid:\t1234\n"
	"Uid:\t1000\t1000\t1000\t1000\n"
	"VmPeak:\t  10000 kB\n"
	"VmSize:\t   9000 kB\n"
	"VmLck:\t       0 kB\n"
	"VmHWM:\t   5000 kB\n"
	"VmRSS:\t   4000 kB\n"
	"RssAnon:\t    3000 kB\n"
	"RssFile:\t     900 kB\n"
	"RssShmem:\t     100 kB\n"
	"VmPTE:\t      60 kB\n"
	"VmSwap:\t       0 kB\n"
	"Threads:\t7\n";

static void test_status(void **state)
{
	struct proc_status st;
	(void)state;
	assert_int_equal(status_parse(status_text, strlen(status_text), &st), 0);
	assert_string_equal(st.name, "my \x1b[0mproc");
	assert_int_equal(st.state, 'S');
	assert_int_equal(st.threads, 7);
	assert_int_equal(st.uid, 1000);
	assert_int_equal(st.v[ST_VM_RSS], 4000 * 1024);
	assert_int_equal(st.v[ST_VM_HWM], 5000 * 1024);
	assert_int_equal(st.v[ST_RSS_SHMEM], 100 * 1024);
	assert_true(status_has_mm(&st));
	assert_false(status_has(&st, ST_HUGETLB));
}

static void test_kthread(void **state)
{
	static const char k[] = "Name:\tkthreadd\nState:\tS (sleeping)\nThreads:\t1\nKthread:\t1\n";
	struct proc_status st;
	(void)state;
	assert_int_equal(status_parse(k, strlen(k), &st), 0);
	assert_false(status_has_mm(&st));
	assert_int_equal(status_parse("garbage", 7, &st), -22);
}

static void set(struct runtime_info *rt, const char *name, const char *value)
{
	for (int i = 0; i < RUNTIME_SETTINGS; i++)
		if (strcmp(runtime_setting_names[i], name) == 0)
			rt->settings[i] = value ? strdup(value) : NULL;
}

static bool madv_free(const char *version, const char *godebug)
{
	struct runtime_info rt;
	bool r;
	runtime_init(&rt);
	rt.is_go = true;
	snprintf(rt.go_version, sizeof(rt.go_version), "%s", version);
	set(&rt, "GODEBUG", godebug);
	r = runtime_go_uses_madv_free(&rt);
	runtime_free(&rt);
	return r;
}

static void test_go_eras(void **state)
{
	(void)state;
	assert_true(madv_free("go1.12.17", NULL));
	assert_true(madv_free("go1.15.15", "gctrace=1"));
	assert_false(madv_free("go1.15.15", "madvdontneed=1"));
	assert_true(madv_free("go1.15.15", "madvdontneed=1,madvdontneed=0"));
	assert_false(madv_free("go1.16", NULL));
	assert_true(madv_free("go1.21.3", "madvdontneed=0"));
	assert_false(madv_free("go1.11.13", NULL));
	assert_false(madv_free("", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_kthread),
		cmocka_unit_test(test_go_eras),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
