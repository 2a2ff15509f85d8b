/* The smaps parser on real kernel text: fields, names, presence of
 * version-dependent fields, malformed and truncated input, and the
 * threaded reader on text split at every possible chunk boundary. */
#include "config.h"
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source-smaps.h"

/* Captured on Linux 6.18 (trimmed to three mappings). */
static const char modern[] =
	"55e8d03e8000-55e8d0417000 r--p 00000000 fe:00 1835066                    /usr/bin/bash\n"
	"Size:                188 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                  188 kB\n"
	"Pss:                   47 kB\n"
	"Pss_Dirty:              0 kB\n"
	"Shared_Clean:         188 kB\n"
	"Shared_Dirty:           0 kB\n"
	"Private_Clean:          0 kB\n"
	"Private_Dirty:          0 kB\n"
	"Referenced:           188 kB\n"
	"Anonymous:              0 kB\n"
	"KSM:                    0 kB\n"
	"LazyFree:               0 kB\n"
	"AnonHugePages:          0 kB\n"
	"ShmemPmdMapped:         0 kB\n"
	"FilePmdMapped:          0 kB\n"
	"Shared_Hugetlb:         0 kB\n"
	"Private_Hugetlb:        0 kB\n"
	"Swap:                   0 kB\n"
	"SwapPss:                0 kB\n"
	"Locked:                 0 kB\n"
	"THPeligible:            0\n"
	"VmFlags: rd mr mw me sd \n"
	"7f0000000000-7f0004000000 rw-p 00000000 00:00 0 \n"
	"Size:              65536 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:              65536 kB\n"
	"Pss:              65536 kB\n"
	"Pss_Dirty:        16384 kB\n"
	"Shared_Clean:           0 kB\n"
	"Shared_Dirty:           0 kB\n"
	"Private_Clean:      49152 kB\n"
	"Private_Dirty:      16384 kB\n"
	"Referenced:         65536 kB\n"
	"Anonymous:          65536 kB\n"
	"KSM:                    0 kB\n"
	"LazyFree:           49152 kB\n"
	"AnonHugePages:          0 kB\n"
	"ShmemPmdMapped:         0 kB\n"
	"FilePmdMapped:          0 kB\n"
	"Shared_Hugetlb:         0 kB\n"
	"Private_Hugetlb:        0 kB\n"
	"Swap:                   0 kB\n"
	"SwapPss:                0 kB\n"
	"Locked:                 0 kB\n"
	"THPeligible:            1\n"
	"VmFlags: rd wr mr mw me ac sd \n"
	"7f1000000000-7f1000200000 rw-s 00000000 00:01 2049                       /memfd:my name \x1b[31mred (deleted)\n"
	"Size:               2048 kB\n"
	"Rss:                1024 kB\n"
	"Pss:                1024 kB\n"
	"Private_Dirty:      1024 kB\n"
	"VmFlags: rd wr sh mr mw me ms sd \n";

static uint64_t sum_rss, sum_lazy;
static unsigned long count;
static char last_name[256];
static struct smaps_mapping second;

static int collect(void *ctx, const struct smaps_mapping *m)
{
	(void)ctx;
	sum_rss += m->c.v[MC_RSS];
	sum_lazy += m->c.v[MC_LAZYFREE];
	if (count == 1)
		second = *m;
	count++;
	snprintf(last_name, sizeof(last_name), "%.*s", (int)m->name_len, m->name);
	return 0;
}

static void reset(void)
{
	sum_rss = sum_lazy = 0;
	count = 0;
	last_name[0] = '\0';
}

static void test_modern_fields(void **state)
{
	struct smaps_result r;
	(void)state;
	reset();
	assert_int_equal(smaps_parse_buffer(modern, strlen(modern), collect, NULL, &r), 0);
	assert_int_equal(count, 3);
	assert_int_equal(r.mappings, 3);
	assert_int_equal(sum_rss, (188 + 65536 + 1024) * 1024ull);
	assert_int_equal(sum_lazy, 49152 * 1024ull);
	assert_int_equal(second.start, 0x7f0000000000ull);
	assert_int_equal(second.end, 0x7f0004000000ull);
	assert_string_equal(second.perms, "rw-p");
	assert_int_equal(second.inode, 0);
	assert_int_equal(second.name_len, 0);
	assert_true(mc_has(&second.c, MC_LAZYFREE));
	assert_true(second.has_vmflags);
	assert_int_equal(r.flags, 0);
	/* the name keeps its spaces and raw escape bytes: escaping is output's job */
	assert_string_equal(last_name, "/memfd:my name \x1b[31mred (deleted)");
}

static void test_presence_old_kernel(void **state)
{
	static const char old[] = "00400000-00401000 r-xp 00000000 08:01 12 /bin/x\n"
				  "Size:                  4 kB\n"
				  "Rss:                   4 kB\n"
				  "Pss:                   4 kB\n"
				  "VmFlags: rd ex mr mw me \n";
	struct smaps_result r;
	(void)state;
	reset();
	assert_int_equal(smaps_parse_buffer(old, strlen(old), collect, NULL, &r), 0);
	assert_int_equal(count, 1);
}

static int check_no_lazyfree(void *ctx, const struct smaps_mapping *m)
{
	(void)ctx;
	assert_false(mc_has(&m->c, MC_LAZYFREE));
	assert_true(mc_has(&m->c, MC_RSS));
	return 0;
}

static void test_missing_field_is_absent(void **state)
{
	static const char old[] = "00400000-00401000 r-xp 00000000 08:01 12 /bin/x\n"
				  "Rss:                   4 kB\n"
				  "VmFlags: rd ex \n";
	struct smaps_result r;
	(void)state;
	assert_int_equal(smaps_parse_buffer(old, strlen(old), check_no_lazyfree, NULL, &r), 0);
}

static void test_malformed(void **state)
{
	static const char bad[] = "00400000-00401000 r-xp 00000000 08:01 12 /bin/x\n"
				  "Size:                  4 kB\n"
				  "Rss: lots kB\n"
				  "VmFlags: rd ex \n";
	static const char junk[] = "00400000-00401000 r-xp 00000000 08:01 12 /bin/x\n"
				   "\x01\x02garbage\n";
	static const char headless[] = "Rss:                   4 kB\n";
	struct smaps_result r;
	(void)state;
	reset();
	assert_int_equal(smaps_parse_buffer(bad, strlen(bad), collect, NULL, &r), -EINVAL);
	assert_int_equal(r.bad_line, 3);
	assert_string_equal(r.bad_text, "Rss: lots kB");
	assert_int_equal(smaps_parse_buffer(junk, strlen(junk), collect, NULL, &r), -EINVAL);
	assert_int_equal(r.bad_line, 2);
	assert_int_equal(smaps_parse_buffer(headless, strlen(headless), collect, NULL, &r), -EINVAL);
}

static void test_truncated(void **state)
{
	struct smaps_result r;
	size_t cut = (size_t)(strstr(modern, "LazyFree:           49152") - modern) + 5; /* mid-line */
	(void)state;
	reset();
	assert_int_equal(smaps_parse_buffer(modern, cut, collect, NULL, &r), 0);
	assert_true(r.flags & SMAPS_TRUNCATED);
	assert_int_equal(count, 2); /* the complete one and the cut one */
	assert_int_equal(sum_lazy, 0);
}

static void test_empty(void **state)
{
	struct smaps_result r;
	(void)state;
	reset();
	assert_int_equal(smaps_parse_buffer("", 0, collect, NULL, &r), 0);
	assert_int_equal(count, 0);
	assert_int_equal(r.flags, 0);
}

/* Many mappings through a file: chunk boundaries fall inside lines, names
 * and numbers; the fd reader must give exactly what the buffer parse gives. */
static void test_fd_matches_buffer(void **state)
{
	size_t n = 20000, len = strlen(modern), total = n * len;
	char *big = malloc(total);
	char path[] = "/tmp/memtrace-unit-XXXXXX";
	int fd = mkstemp(path);
	struct smaps_result r1, r2;
	uint64_t rss1, lazy1;
	unsigned long c1;
	(void)state;

	assert_true(fd >= 0);
	unlink(path);
	for (size_t i = 0; i < n; i++)
		memcpy(big + i * len, modern, len);
	assert_int_equal(write(fd, big, total), (ssize_t)total);
	reset();
	assert_int_equal(smaps_parse_buffer(big, total, collect, NULL, &r1), 0);
	rss1 = sum_rss;
	lazy1 = sum_lazy;
	c1 = count;
	reset();
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(smaps_parse_fd(fd, collect, NULL, &r2), 0);
	assert_int_equal(count, c1);
	assert_int_equal(count, 3 * n);
	assert_int_equal(sum_rss, rss1);
	assert_int_equal(sum_lazy, lazy1);
	assert_int_equal(r2.lines, r1.lines);
	close(fd);
	free(big);
}

static int stop_early(void *ctx, const struct smaps_mapping *m)
{
	(void)m;
	return ++*(int *)ctx == 2 ? -ECANCELED : 0;
}

static void test_callback_error_stops(void **state)
{
	struct smaps_result r;
	int seen = 0;
	(void)state;
	assert_int_equal(smaps_parse_buffer(modern, strlen(modern), stop_early, &seen, &r), -ECANCELED);
	assert_int_equal(seen, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modern_fields),
		cmocka_unit_test(test_presence_old_kernel),
		cmocka_unit_test(test_missing_field_is_absent),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_fd_matches_buffer),
		cmocka_unit_test(test_callback_error_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
