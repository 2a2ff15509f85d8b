/* Which process listens where a URL points (top --go-pprof URL without
 * PID=): the URL's port or unix path, the listening socket's inode in
 * /proc/net/tcp, tcp6 and unix, and the process holding it, on the fixture
 * tree tests/fixtures/sockets (see its README), its fd links made in a
 * temporary copy. */
#include "config.h"
#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source-sockowner.h"

static char tree[64]; /* the fixture tree with its fd links, made by setup */

static const char *root(void)
{
	return tree;
}

/* proc/self/ns/net and each process's: all in the reader's namespace
 * but 8181, which has one of its own. */
static int make_netns_links(void)
{
	static const struct { const char *who, *ns; } l[] = {
		{ "self", "net:[4026531840]" }, { "4242", "net:[4026531840]" }, { "5151", "net:[4026531840]" },
		{ "6161", "net:[4026531840]" }, { "7171", "net:[4026531840]" }, { "8181", "net:[4026532999]" },
	};
	char path[4096];

	for (size_t i = 0; i < sizeof(l) / sizeof(l[0]); i++) {
		snprintf(path, sizeof(path), "%s/proc/%s", tree, l[i].who);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/proc/%s/ns", tree, l[i].who);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/proc/%s/ns/net", tree, l[i].who);
		if (symlink(l[i].ns, path))
			return -1;
	}
	return 0;
}

/* A copy of tests/fixtures/sockets: proc/net links to the fixture's, and
 * proc/PID/fd/N are made from its fd-links (the fixture cannot hold them:
 * make dist dereferences symlinks, and socket:[N] ones dangle). */
static int setup(void **state)
{
	const char *top = getenv("abs_top_srcdir");
	char path[4096], net[4096], link[128];
	FILE *f;
	int pid, fd;
	(void)state;
	snprintf(tree, sizeof(tree), "/tmp/memtrace-sockowner.XXXXXX");
	if (!mkdtemp(tree))
		return -1;
	snprintf(path, sizeof(path), "%s/proc", tree);
	mkdir(path, 0755);
	snprintf(net, sizeof(net), "%s/tests/fixtures/sockets/proc/net", top && *top ? top : ".");
	if (net[0] != '/' && getcwd(path, sizeof(path))) { /* the link is read from the copy */
		char rel[4096];
		snprintf(rel, sizeof(rel), "%s", net);
		snprintf(net, sizeof(net), "%.2000s/%.2000s", path, rel);
	}
	snprintf(path, sizeof(path), "%s/proc/net", tree);
	if (symlink(net, path))
		return -1;
	snprintf(path, sizeof(path), "%s/tests/fixtures/sockets/fd-links", top && *top ? top : ".");
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(path, sizeof(path), f)) {
		if (path[0] == '#' || sscanf(path, "%d %d %127s", &pid, &fd, link) != 3)
			continue;
		snprintf(path, sizeof(path), "%s/proc/%d", tree, pid);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/proc/%d/fd", tree, pid);
		mkdir(path, 0755);
		snprintf(path, sizeof(path), "%s/proc/%d/fd/%d", tree, pid, fd);
		if (symlink(link, path)) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return make_netns_links();
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tree);
	return system(cmd) == 0 ? 0 : -1;
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

static void test_fixture_check(void **state)
{
	pid_t owner = -1;
	(void)state;
	/* the service itself */
	assert_int_equal(sockowner_check(root(), "http://127.0.0.1:6060/debug/pprof", 4242, &owner), 1);
	assert_int_equal(owner, 0);
	assert_int_equal(sockowner_check(root(), "unix:/run/gosvc/svc.sock:http://gosvc", 6161, &owner), 1);
	/* a client of it (7171 holds a connection, not the listener), another listener's process */
	assert_int_equal(sockowner_check(root(), "http://127.0.0.1:6060", 7171, &owner), 0);
	assert_int_equal(owner, 4242);
	assert_int_equal(sockowner_check(root(), "http://[::1]:6061", 4242, &owner), 0);
	assert_int_equal(owner, 5151);
	/* a listener nobody we may see holds */
	assert_int_equal(sockowner_check(root(), "http://0.0.0.0:8080", 4242, &owner), 0);
	assert_int_equal(owner, 0);
	/* nothing listens; another network namespace; no ns link at all; a bad URL */
	assert_int_equal(sockowner_check(root(), "http://127.0.0.1:6062", 4242, &owner), -ENOENT);
	assert_int_equal(sockowner_check(root(), "http://127.0.0.1:6060", 8181, &owner), -EXDEV);
	assert_int_equal(sockowner_check(root(), "http://127.0.0.1:6060", 9191, &owner), -EXDEV);
	assert_int_equal(sockowner_check(root(), "gopher://x", 4242, &owner), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_place),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_fixture_owners),
		cmocka_unit_test(test_fixture_check),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
