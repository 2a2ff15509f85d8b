/* Region class rules, one mapping line at a time (as the kernel prints
 * them), with the lookbehind the thread-stack rule needs. */
#include "config.h"
#include "unit.h"

#include <string.h>

#include "model-region.h"

static struct smaps_mapping mk(uint64_t start, uint64_t end, const char *perms, uint64_t inode, const char *name,
			       uint32_t vmflags)
{
	struct smaps_mapping m;
	memset(&m, 0, sizeof(m));
	m.start = start;
	m.end = end;
	memcpy(m.perms, perms, 5);
	m.inode = inode;
	m.name = name;
	m.name_len = strlen(name);
	m.vmflags = vmflags;
	return m;
}

static enum region_class classify_after(struct smaps_mapping *prev, struct smaps_mapping m)
{
	struct region_prev p = { 0 };
	if (prev)
		region_prev_update(&p, prev);
	return region_classify(&m, &p);
}

static void test_named(void **state)
{
	(void)state;
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "rw-p", 0, "[heap]", 0)), RC_HEAP);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "rw-p", 0, "[stack]", 0)), RC_STACK);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "r-xp", 0, "[vdso]", 0)), RC_SPECIAL);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "r--p", 0, "[vvar]", 0)), RC_SPECIAL);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "--xp", 0, "[vsyscall]", 0)), RC_SPECIAL);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "rw-p", 0, "[anon:jemalloc]", 0)), RC_ANON);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "rw-s", 0, "[anon_shmem:x]", 0)), RC_SHMEM);
}

static void test_files(void **state)
{
	(void)state;
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "r-xp", 42, "/usr/lib/libc.so.6", 0)), RC_FILE_CODE);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "r--p", 42, "/usr/lib/libc.so.6", 0)), RC_FILE_DATA);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "rw-p", 42, "/usr/lib/libc.so.6", 0)), RC_FILE_DATA);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "---p", 42, "/usr/lib/libc.so.6", 0)), RC_GUARD);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "rw-s", 42, "/var/db/data file (deleted)", 0)),
			 RC_FILE_DATA);
}

static void test_shmem(void **state)
{
	(void)state;
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "rw-s", 9, "/dev/shm/x", 0)), RC_SHMEM);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "rw-s", 9, "/SYSV00000000 (deleted)", 0)), RC_SHMEM);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "rw-s", 9, "/memfd:cache (deleted)", 0)), RC_SHMEM);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "rw-p", 9, "/memfd:cache (deleted)", 0)), RC_SHMEM);
	assert_int_equal(classify_after(NULL, mk(0x1000, 0x2000, "rw-s", 9, "/dev/zero (deleted)", 0)), RC_SHMEM);
}

static void test_hugetlb(void **state)
{
	(void)state;
	assert_int_equal(classify_after(NULL, mk(0x200000, 0x400000, "rw-p", 7, "/anon_hugepage (deleted)", VMF_HUGETLB)),
			 RC_HUGETLB);
}

static void test_thread_stack(void **state)
{
	struct smaps_mapping guard = mk(0x7f0000000000, 0x7f0000001000, "---p", 0, "", 0);
	struct smaps_mapping big_reservation = mk(0x7f0000000000, 0x7f0004000000, "---p", 0, "", 0);
	struct smaps_mapping file_gap = mk(0x7f0000000000, 0x7f0000001000, "---p", 5, "/lib/x.so", 0);
	(void)state;

	/* glibc: guard page directly below an 8 MiB rw-p stack */
	assert_int_equal(classify_after(&guard, mk(0x7f0000001000, 0x7f0000801000, "rw-p", 0, "", 0)), RC_THREAD_STACK);
	/* not adjacent */
	assert_int_equal(classify_after(&guard, mk(0x7f0000002000, 0x7f0000801000, "rw-p", 0, "", 0)), RC_ANON);
	/* a big no-access reservation below is not a guard (Go, JVM) */
	assert_int_equal(classify_after(&big_reservation, mk(0x7f0004000000, 0x7f0004800000, "rw-p", 0, "", 0)),
			 RC_ANON);
	/* a library's ---p gap is file-backed, not a guard */
	assert_int_equal(classify_after(&file_gap, mk(0x7f0000001000, 0x7f0000002000, "rw-p", 0, "", 0)), RC_ANON);
	/* a glibc arena heap starts at a 64 MiB boundary */
	{
		struct smaps_mapping g2 = mk(0x7f0003fff000, 0x7f0004000000, "---p", 0, "", 0);
		assert_int_equal(classify_after(&g2, mk(0x7f0004000000, 0x7f0004100000, "rw-p", 0, "", 0)), RC_ANON);
	}
	/* the guard itself */
	assert_int_equal(classify_after(NULL, guard), RC_GUARD);
	/* read-only anonymous above a guard is not a stack */
	assert_int_equal(classify_after(&guard, mk(0x7f0000001000, 0x7f0000801000, "r--p", 0, "", 0)), RC_ANON);
}

static void test_names(void **state)
{
	(void)state;
	for (int i = 0; i < RC_COUNT; i++)
		assert_int_equal(region_class_from_name(region_class_name((enum region_class)i)), i);
	assert_int_equal(region_class_from_name("nonsense"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_named),   cmocka_unit_test(test_files),        cmocka_unit_test(test_shmem),
		cmocka_unit_test(test_hugetlb), cmocka_unit_test(test_thread_stack), cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
