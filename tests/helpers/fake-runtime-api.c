/*
 * fake-runtime-api SOCKET MODE [ID]: a container runtime API that answers
 * badly on purpose, for tests/runtime-api.test.  It listens on the unix
 * socket SOCKET, prints "ready", and answers every request, one
 * connection at a time, until killed:
 *   ok        200, Content-Length, {"Id": ID, "Name": "/NAME"}
 *   chunked   200, the same JSON in Transfer-Encoding: chunked pieces
 *   close     200, the same JSON with neither length: ends at close
 *   404       404 {"message": "No such container: NAME"} (Docker's words)
 *   500       500 {"message": "server error"}
 *   not-json  200, an HTML page
 *   no-id     200, JSON without "Id"
 *   not-http  a line that is not HTTP
 *   hang      reads the request and never answers
 *   huge      200 with Content-Length 2 MiB, and sends it
 * It also logs the request line of each request to stdout (the test
 * checks the name is in the path).
 */
#include "helper.h"

#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>

static void send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void sendf(int fd, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		send_all(fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* Reads the request head; copies the container name of
 * "GET /containers/NAME/json" into NAME. */
static int read_request(int fd, char *name, size_t namesz)
{
	char buf[8192];
	size_t len = 0;
	char *p, *q;

	while (len < sizeof(buf) - 1) {
		ssize_t r = recv(fd, buf + len, sizeof(buf) - 1 - len, 0);
		if (r <= 0)
			return -1;
		len += (size_t)r;
		buf[len] = '\0';
		if (strstr(buf, "\r\n\r\n"))
			break;
	}
	p = strchr(buf, '\r');
	if (p)
		*p = '\0';
	printf("request %s\n", buf);
	fflush(stdout);
	name[0] = '\0';
	p = strstr(buf, "/containers/");
	if (p) {
		p += strlen("/containers/");
		q = strchr(p, '/');
		if (q && (size_t)(q - p) < namesz) {
			memcpy(name, p, (size_t)(q - p));
			name[q - p] = '\0';
		}
	}
	return 0;
}

static void answer(int fd, const char *mode, const char *id, const char *name)
{
	char json[1024];
	int n = snprintf(json, sizeof(json), "{\"Id\":\"%s\",\"Name\":\"/%s\",\"State\":{\"Running\":true}}", id, name);

	if (strcmp(mode, "ok") == 0) {
		sendf(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", n, json);
	} else if (strcmp(mode, "chunked") == 0) {
		int half = n / 2;
		sendf(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
		sendf(fd, "%x\r\n%.*s\r\n", half, half, json);
		sendf(fd, "%x;ext=1\r\n%s\r\n0\r\n\r\n", n - half, json + half);
	} else if (strcmp(mode, "close") == 0) {
		sendf(fd, "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n%s", json);
	} else if (strcmp(mode, "404") == 0) {
		n = snprintf(json, sizeof(json), "{\"message\":\"No such container: %s\"}", name);
		sendf(fd, "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", n,
		      json);
	} else if (strcmp(mode, "500") == 0) {
		sendf(fd, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 28\r\n\r\n{\"message\":\"server error\"}\n\n");
	} else if (strcmp(mode, "not-json") == 0) {
		sendf(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 26\r\n\r\n<html><p>hello</p></html>\n");
	} else if (strcmp(mode, "no-id") == 0) {
		sendf(fd, "HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n{\"Name\":\"/other\"}");
	} else if (strcmp(mode, "not-http") == 0) {
		sendf(fd, "+OK redis here\r\n");
	} else if (strcmp(mode, "hang") == 0) {
		pause();
	} else if (strcmp(mode, "huge") == 0) {
		static char block[65536];
		memset(block, ' ', sizeof(block));
		sendf(fd, "HTTP/1.1 200 OK\r\nContent-Length: %lu\r\n\r\n", 2 * HELPER_MIB);
		for (int i = 0; i < 32; i++)
			send_all(fd, block, sizeof(block));
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	const char *id = argc > 3 ? argv[3] : "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	int ls;

	if (argc < 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: fake-runtime-api SOCKET ok|chunked|close|404|500|not-json|no-id|not-http|hang|huge [ID]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	memcpy(sa.sun_path, argv[1], strlen(argv[1]) + 1);
	unlink(argv[1]);
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof(sa)) || listen(ls, 8)) {
		perror("fake-runtime-api");
		return 1;
	}
	printf("ready pid=%d\n", (int)getpid());
	fflush(stdout);
	for (;;) {
		char name[512];
		int fd = accept(ls, NULL, NULL);
		if (fd < 0)
			continue;
		if (read_request(fd, name, sizeof(name)) == 0)
			answer(fd, argv[2], id, name);
		close(fd);
	}
}
