/* Names from the target never reach a terminal or JSON raw. */
#include "config.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"

static void check(const char *in, size_t len, const char *want)
{
	char *got = escape_dup(in, len);
	assert_string_equal(got, want);
	free(got);
}

static void test_plain(void **state)
{
	(void)state;
	check("/usr/lib/libc.so.6", 18, "/usr/lib/libc.so.6");
	check("/tmp/my data/file with spaces.bin", 33, "/tmp/my data/file with spaces.bin");
	check("/tmp/new\\012line", 16, "/tmp/new\\012line"); /* the kernel's own escape stays */
	check("", 0, "");
}

static void test_controls(void **state)
{
	(void)state;
	check("/memfd:\x1b]0;pwned\x07\x1b[31mred", 25, "/memfd:\\x1b]0;pwned\\x07\\x1b[31mred");
	check("a\nb\tc\x7f", 6, "a\\x0ab\\x09c\\x7f");
}

static void test_utf8(void **state)
{
	(void)state;
	check("caf\xc3\xa9", 5, "caf\xc3\xa9");                /* valid UTF-8 kept */
	check("\xe2\x82\xac", 3, "\xe2\x82\xac");              /* euro sign */
	check("bad\xff\xfe", 5, "bad\\xff\\xfe");              /* invalid bytes */
	check("\xc2\x9b" "31m", 5, "\\xc2\\x9b31m");           /* C1 CSI encoded in UTF-8 */
	check("\xc0\xaf", 2, "\\xc0\\xaf");                    /* overlong */
	check("\xe2\x82", 2, "\\xe2\\x82");                    /* cut sequence */
	check("\xed\xa0\x80", 3, "\\xed\\xa0\\x80");           /* surrogate */
}

static void test_truncation(void **state)
{
	char out[8];
	(void)state;
	escape_name("\x1b\x1b\x1b", 3, out, sizeof(out));
	assert_string_equal(out, "\\x1b"); /* never half an escape */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
