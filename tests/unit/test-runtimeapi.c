/* The runtime API's answers: HTTP framing (Content-Length, chunked, to
 * the end of the connection), partial reads, the bounds, and the "Id" of
 * a container-inspect document. */
#include "config.h"
#include "unit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "source-runtimeapi.h"

#define ID "c0ffee5d7fc5907caa38c8b7849cf991539b555f34ed20b32e6157c0291199aa"
#define JSON "{\"Id\":\"" ID "\",\"Name\":\"/web\"}"

static int parse(const char *s, bool eof, struct rtapi_reply *r)
{
	return rtapi_parse_response(s, strlen(s), eof, r);
}

static void test_content_length(void **state)
{
	struct rtapi_reply r;
	const char *s = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\ncontent-length: 5\r\n\r\nhello-and-more";
	(void)state;
	assert_int_equal(parse(s, false, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 5);
	assert_string_equal(r.body, "hello");
	rtapi_reply_free(&r);
	/* each prefix of a whole answer is incomplete, not an error */
	for (size_t n = 0; n < strlen(s) - strlen("-and-more"); n++)
		assert_int_equal(rtapi_parse_response(s, n, false, &r), -EAGAIN);
	/* the connection ended early */
	assert_int_equal(rtapi_parse_response(s, strlen(s) - 14, true, &r), -EBADMSG);
}

static void test_chunked(void **state)
{
	struct rtapi_reply r;
	const char *s = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6;x=y\r\npedia \r\n"
			"E\r\nin \r\n\r\nchunks.\r\n0\r\nX-T: 1\r\n\r\n";
	(void)state;
	assert_int_equal(parse(s, false, &r), 0);
	assert_string_equal(r.body, "Wikipedia in \r\n\r\nchunks.");
	rtapi_reply_free(&r);
	for (size_t n = 0; n < strlen(s); n++)
		assert_int_equal(rtapi_parse_response(s, n, false, &r), -EAGAIN);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false, &r), -EBADMSG);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", false, &r), -EBADMSG);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n", false, &r),
			 -E2BIG);
}

static void test_until_close(void **state)
{
	struct rtapi_reply r;
	const char *s = "HTTP/1.0 200 OK\r\n\r\n" JSON;
	(void)state;
	assert_int_equal(parse(s, false, &r), -EAGAIN);
	assert_int_equal(parse(s, true, &r), 0);
	assert_string_equal(r.body, JSON);
	rtapi_reply_free(&r);
}

static void test_not_http(void **state)
{
	struct rtapi_reply r;
	(void)state;
	assert_int_equal(parse("+OK redis\r\n", false, &r), -EBADMSG);
	assert_int_equal(parse("HTTP/1.1 2x0 OK\r\n\r\n", true, &r), -EBADMSG);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", true, &r), -EBADMSG);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n", true, &r), -EBADMSG);
	assert_int_equal(parse("", true, &r), -EBADMSG);
	assert_int_equal(parse("HTT", false, &r), -EAGAIN);
}

static void test_bounds(void **state)
{
	struct rtapi_reply r;
	size_t n = RTAPI_HEADER_MAX + 100;
	char *big = malloc(n + 1);
	(void)state;
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: 2097152\r\n\r\n", false, &r), -E2BIG);
	assert_int_equal(parse("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n", false, &r), -E2BIG);
	/* a header section that never ends */
	memcpy(big, "HTTP/1.1 200 OK\r\nX-A: ", 22);
	memset(big + 22, 'a', n - 22);
	big[n] = '\0';
	assert_int_equal(rtapi_parse_response(big, n, false, &r), -E2BIG);
	free(big);
}

static void test_container_id(void **state)
{
	char id[RTAPI_ID_MAX];
	(void)state;
	assert_int_equal(rtapi_container_id(JSON, strlen(JSON), id, sizeof(id)), 0);
	assert_string_equal(id, ID);
	assert_int_equal(rtapi_container_id("<html>", 6, id, sizeof(id)), -EBADMSG);
	assert_int_equal(rtapi_container_id("{\"Name\":\"/x\"}", 13, id, sizeof(id)), -ENOMSG);
	assert_int_equal(rtapi_container_id("{\"Id\":\"abc\"}", 12, id, sizeof(id)), -ENOMSG);       /* too short */
	assert_int_equal(rtapi_container_id("{\"Id\":\"../../etc/passwd\"}", 25, id, sizeof(id)), -ENOMSG); /* not hex */
	assert_int_equal(rtapi_container_id("{\"Id\":12}", 9, id, sizeof(id)), -ENOMSG);
	assert_int_equal(rtapi_container_id("[1]", 3, id, sizeof(id)), -ENOMSG);
}

static void test_socket_list(void **state)
{
	const char *l[RTAPI_SOCKETS];
	(void)state;
	unsetenv("XDG_RUNTIME_DIR");
	assert_int_equal(rtapi_socket_list("/x.sock", l, 4), 1);
	assert_string_equal(l[0], "/x.sock");
	setenv("DOCKER_HOST", "tcp://10.0.0.1:2375", 1); /* not a unix socket: left out */
	setenv("CONTAINER_HOST", "unix:///run/user/0/podman/podman.sock", 1);
	assert_int_equal(rtapi_socket_list(NULL, l, 4), 3);
	assert_string_equal(l[0], "/run/user/0/podman/podman.sock");
	assert_string_equal(l[1], "/run/docker.sock");
	assert_string_equal(l[2], "/run/podman/podman.sock");
	setenv("DOCKER_HOST", "unix:///tmp/d.sock", 1);
	assert_int_equal(rtapi_socket_list(NULL, l, 4), 4);
	assert_string_equal(l[0], "/tmp/d.sock");
	unsetenv("DOCKER_HOST");
	unsetenv("CONTAINER_HOST");
	/* the rootless daemons', after the system ones; a relative dir is none */
	setenv("XDG_RUNTIME_DIR", "/run/user/1000", 1);
	assert_int_equal(rtapi_socket_list(NULL, l, RTAPI_SOCKETS), 4);
	assert_string_equal(l[2], "/run/user/1000/docker.sock");
	assert_string_equal(l[3], "/run/user/1000/podman/podman.sock");
	setenv("XDG_RUNTIME_DIR", "run/user/1000", 1);
	assert_int_equal(rtapi_socket_list(NULL, l, RTAPI_SOCKETS), 2);
	unsetenv("XDG_RUNTIME_DIR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_length), cmocka_unit_test(test_chunked),
		cmocka_unit_test(test_until_close),    cmocka_unit_test(test_not_http),
		cmocka_unit_test(test_bounds),         cmocka_unit_test(test_container_id),
		cmocka_unit_test(test_socket_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
