/* Which process listens where a URL points (top --go-pprof URL without
 * PID=): the URL's port or unix path, the listening socket's inode in
 * /proc/net/tcp, tcp6 and unix, and the process holding it, on the fixture
 * tree tests/fixtures/sockets (see its README). */
#include "config.h"
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source-sockowner.h"

static const char *root(void)
{
	static char path[4096];
	const char *top = getenv("abs_top_srcdir");

	snprintf(path, sizeof(path), "%s/tests/fixtures/sockets", top && *top ? top : ".");
	return path;
}

static void test_url_place(void **state)
{
	char path[64];
	unsigned port;
	(void)state;
	assert_int_equal(sockowner_url_place("http://127.0.0.1:6060", &port, path, sizeof(path)), 0);
	assert_int_equal(port, 6060);
	assert_string_equal(path, "");
	assert_int_equal(sockowner_url_place("http://[::1]:6061/debug/pprof", &port, path, sizeof(path)), 0);
	assert_int_equal(port, 6061);
	assert_int_equal(sockowner_url_place("http://localhost/x:99", &port, path, sizeof(path)), 0);
	assert_int_equal(port, 80);
	assert_int_equal(sockowner_url_place("https://svc", &port, path, sizeof(path)), 0);
	assert_int_equal(port, 443);
	assert_int_equal(sockowner_url_place("unix:/run/gosvc/svc.sock:http://x/", &port, path, sizeof(path)), 0);
	assert_string_equal(path, "/run/gosvc/svc.sock");
	assert_int_equal(sockowner_url_place("ftp://h:21", &port, path, sizeof(path)), -EINVAL);
	assert_int_equal(sockowner_url_place("http://h:0", &port, path, sizeof(path)), -EINVAL);
	assert_int_equal(sockowner_url_place("http://h:65536", &port, path, sizeof(path)), -EINVAL);
	assert_int_equal(sockowner_url_place("http://[::1", &port, path, sizeof(path)), -EINVAL);
	assert_int_equal(sockowner_url_place("unix:/no/http/part", &port, path, sizeof(path)), -EINVAL);
	assert_int_equal(sockowner_url_place("unix:/a/much/too/long/path/for/the/buffer/given/here/0123456789abcdef:http://x",
					     &port, path, 16), -EINVAL);
}

static void test_tables(void **state)
{
	const char *tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
			  "   0: 0100007F:17AC 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1125741 1\n"
			  "   1: 0100007F:1F90 0100007F:17AC 01 00000000:00000000 00:00000000 00000000     0        0 99 1\n";
	const char *unx = "Num       RefCount Protocol Flags    Type St Inode Path\n"
			  "0000000000000001: 00000002 00000000 00000000 0001 03 5 /s\n"
			  "0000000000000002: 00000002 00000000 00010000 0001 01 6 /s\n";
	(void)state;
	assert_int_equal(sockowner_tcp_inode(tcp, strlen(tcp), 6060), 1125741);
	/* 8080 only as the port of an established connection's local side */
	assert_int_equal(sockowner_tcp_inode(tcp, strlen(tcp), 8080), 0);
	/* cut before the inode: no answer, no read past the end */
	assert_int_equal(sockowner_tcp_inode(tcp, strstr(tcp, "1125741") - tcp, 6060), 0);
	assert_int_equal(sockowner_unix_inode(unx, strlen(unx), "/s"), 6);
	assert_int_equal(sockowner_unix_inode(unx, strlen(unx), "/s2"), 0);
	assert_int_equal(sockowner_unix_inode(unx, strlen(unx) - 3, "/s"), 0);
	assert_int_equal(sockowner_tcp_inode("", 0, 6060), 0);
}

static void test_fixture_owners(void **state)
{
	pid_t pid = 0;
	(void)state;
	assert_int_equal(sockowner_find(root(), "http://127.0.0.1:6060", &pid), 0);
	assert_int_equal(pid, 4242); /* not 7171, which holds a connection to it */
	assert_int_equal(sockowner_find(root(), "http://[::1]:6061/", &pid), 0);
	assert_int_equal(pid, 5151);
	assert_int_equal(sockowner_find(root(), "unix:/run/gosvc/svc.sock:http://gosvc", &pid), 0);
	assert_int_equal(pid, 6161);
	/* a listener nobody holds, a port nobody listens on */
	assert_int_equal(sockowner_find(root(), "http://0.0.0.0:8080", &pid), -ENOENT);
	assert_int_equal(sockowner_find(root(), "http://127.0.0.1:6062", &pid), -ENOENT);
	assert_int_equal(sockowner_find(root(), "unix:/run/other.sock:http://x", &pid), -ENOENT);
	assert_int_equal(sockowner_find(root(), "gopher://x", &pid), -EINVAL);
	/* a root without /proc/net */
	assert_int_equal(sockowner_find("/nonexistent", "http://127.0.0.1:6060", &pid), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_place),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_fixture_owners),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
