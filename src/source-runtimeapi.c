#include "config.h"
#include "source-runtimeapi.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* The raw response may be larger than its body: chunk framing costs a few
 * bytes a chunk.  Twice the body bound leaves room for any sane server. */
#define RAW_MAX (RTAPI_HEADER_MAX + 2 * RTAPI_BODY_MAX)

/* The end of the line starting at P (its '\r'), or NULL before END. */
static const char *line_end(const char *p, const char *end)
{
	for (; p + 1 < end; p++)
		if (p[0] == '\r' && p[1] == '\n')
			return p;
	return NULL;
}

/* A header line "Name: value": VALUE when NAME matches (any case). */
static const char *header_value(const char *line, const char *eol, const char *name)
{
	size_t n = strlen(name);

	if ((size_t)(eol - line) <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	for (line += n + 1; line < eol && (*line == ' ' || *line == '\t'); line++)
		;
	return line;
}

/* Decimal digits in [P, EOL) into *V, at most LIMIT; -E2BIG past it. */
static int parse_length(const char *p, const char *eol, size_t limit, size_t *v)
{
	size_t n = 0;

	if (p >= eol || !isdigit((unsigned char)*p))
		return -EBADMSG;
	for (; p < eol && isdigit((unsigned char)*p); p++) {
		n = n * 10 + (size_t)(*p - '0');
		if (n > limit)
			return -E2BIG;
	}
	for (; p < eol; p++)
		if (*p != ' ' && *p != '\t')
			return -EBADMSG;
	*v = n;
	return 0;
}

struct head {
	int status;
	bool chunked, has_length;
	size_t length;
	const char *body; /* after the blank line */
};

/* The status line and headers.  "HTTP/1.x SSS reason" (RFC 9112 4). */
static int parse_head(const char *buf, size_t len, bool eof, struct head *h)
{
	const char *end = buf + (len < RTAPI_HEADER_MAX ? len : RTAPI_HEADER_MAX);
	const char *p = buf, *eol = line_end(p, end);
	int rc;

	memset(h, 0, sizeof(*h));
	if (len >= 5 && strncmp(buf, "HTTP/", 5) != 0)
		return -EBADMSG;
	if (!eol)
		return len >= RTAPI_HEADER_MAX ? -E2BIG : eof ? -EBADMSG : -EAGAIN;
	if (eol - p < 12 || strncmp(p, "HTTP/1.", 7) != 0 || p[8] != ' ' || !isdigit((unsigned char)p[9]) ||
	    !isdigit((unsigned char)p[10]) || !isdigit((unsigned char)p[11]) || (eol - p > 12 && p[12] != ' '))
		return -EBADMSG;
	h->status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
	for (p = eol + 2; (eol = line_end(p, end)) != NULL && eol != p; p = eol + 2) {
		const char *v;
		if ((v = header_value(p, eol, "Content-Length")) != NULL) {
			rc = parse_length(v, eol, RTAPI_BODY_MAX, &h->length);
			if (rc)
				return rc;
			h->has_length = true;
		} else if ((v = header_value(p, eol, "Transfer-Encoding")) != NULL) {
			/* "chunked" is the last coding when present (RFC 9112 6.1) */
			size_t n = (size_t)(eol - v);
			while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
				n--;
			h->chunked = n >= 7 && strncasecmp(v + n - 7, "chunked", 7) == 0;
		}
	}
	if (!eol)
		return len >= RTAPI_HEADER_MAX ? -E2BIG : eof ? -EBADMSG : -EAGAIN;
	h->body = eol + 2;
	return 0;
}

static void reply_set(struct rtapi_reply *out, int status, const char *body, size_t n)
{
	out->status = status;
	out->body = xmalloc(n + 1);
	memcpy(out->body, body, n);
	out->body[n] = '\0';
	out->len = n;
}

/* Hex chunk size at P (extensions after ';' ignored, RFC 9112 7.1). */
static int chunk_size(const char *p, const char *eol, size_t *v)
{
	size_t n = 0;
	const char *q = p;

	for (; q < eol && isxdigit((unsigned char)*q); q++) {
		n = n * 16 + (size_t)(isdigit((unsigned char)*q) ? *q - '0' : (tolower((unsigned char)*q) - 'a' + 10));
		if (n > RTAPI_BODY_MAX)
			return -E2BIG;
	}
	if (q == p || (q < eol && *q != ';' && *q != ' ' && *q != '\t'))
		return -EBADMSG;
	*v = n;
	return 0;
}

/* De-chunks [P, END) into *OUT. */
static int parse_chunked(const char *p, const char *end, bool eof, int status, struct rtapi_reply *out)
{
	char *body = xmalloc(RTAPI_BODY_MAX + 1);
	size_t total = 0, n;
	int rc = 0;

	for (;;) {
		const char *eol = line_end(p, end);
		if (!eol) {
			rc = eof ? -EBADMSG : -EAGAIN;
			break;
		}
		if ((rc = chunk_size(p, eol, &n)) != 0)
			break;
		p = eol + 2;
		if (n == 0) {
			/* trailer fields, then a blank line */
			while ((eol = line_end(p, end)) != NULL && eol != p)
				p = eol + 2;
			rc = eol ? 0 : eof ? -EBADMSG : -EAGAIN;
			break;
		}
		if (n > RTAPI_BODY_MAX - total) {
			rc = -E2BIG;
			break;
		}
		if ((size_t)(end - p) < n + 2) {
			rc = eof ? -EBADMSG : -EAGAIN;
			break;
		}
		if (p[n] != '\r' || p[n + 1] != '\n') {
			rc = -EBADMSG;
			break;
		}
		memcpy(body + total, p, n);
		total += n;
		p += n + 2;
	}
	if (rc == 0)
		reply_set(out, status, body, total);
	free(body);
	return rc;
}

int rtapi_parse_response(const char *buf, size_t len, bool eof, struct rtapi_reply *out)
{
	struct head h;
	const char *end = buf + len;
	size_t have;
	int rc = parse_head(buf, len, eof, &h);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	have = (size_t)(end - h.body);
	if (h.chunked)
		return parse_chunked(h.body, end, eof, h.status, out);
	if (h.has_length) {
		if (have < h.length)
			return eof ? -EBADMSG : -EAGAIN;
		reply_set(out, h.status, h.body, h.length);
		return 0;
	}
	/* no length: the body ends with the connection */
	if (have > RTAPI_BODY_MAX)
		return -E2BIG;
	if (!eof)
		return -EAGAIN;
	reply_set(out, h.status, h.body, have);
	return 0;
}

void rtapi_reply_free(struct rtapi_reply *r)
{
	free(r->body);
	r->body = NULL;
}

int rtapi_container_id(const char *body, size_t len, char *id, size_t idsz)
{
	json_t *doc = json_loadb(body, len, 0, NULL), *v;
	const char *s;
	size_t n;
	int rc = -EBADMSG;

	v = json_is_object(doc) ? json_object_get(doc, "Id") : NULL;
	s = json_is_string(v) ? json_string_value(v) : NULL;
	n = s ? strlen(s) : 0;
	if (s && n >= 12 && n < idsz && n < RTAPI_ID_MAX && strspn(s, "0123456789abcdefABCDEF") == n) {
		memcpy(id, s, n + 1);
		rc = 0;
	} else if (doc) {
		rc = -ENOMSG;
	}
	json_decref(doc);
	return rc;
}

/* "unix:///path" -> "/path"; NULL for any other scheme (tcp:// and ssh://
 * need more than a unix socket client). */
static const char *unix_path(const char *host)
{
	if (!host || strncmp(host, "unix://", 7) != 0 || host[7] != '/')
		return NULL;
	return host + 7;
}

/* A path under $XDG_RUNTIME_DIR (the rootless daemons' sockets), or NULL
 * without one.  BUF is the caller's: the list points into it. */
static const char *runtime_dir_path(const char *leaf, char *buf, size_t len)
{
	const char *d = getenv("XDG_RUNTIME_DIR");
	int n;

	if (!d || d[0] != '/')
		return NULL;
	n = snprintf(buf, len, "%s/%s", d, leaf);
	return n > 0 && (size_t)n < len ? buf : NULL;
}

int rtapi_socket_list(const char *socket_opt, const char **list, int max)
{
	static __thread char docker[512], podman[512];
	const char *cand[] = { unix_path(getenv("DOCKER_HOST")), unix_path(getenv("CONTAINER_HOST")),
			       "/run/docker.sock", "/run/podman/podman.sock",
			       runtime_dir_path("docker.sock", docker, sizeof(docker)),
			       runtime_dir_path("podman/podman.sock", podman, sizeof(podman)) };
	int n = 0;

	if (socket_opt) {
		if (max > 0)
			list[n++] = socket_opt;
		return n;
	}
	for (size_t i = 0; i < ARRAY_SIZE(cand) && n < max; i++)
		if (cand[i])
			list[n++] = cand[i];
	return n;
}

int rtapi_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, rc;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* a unix socket connects at once or fails (EAGAIN: backlog full) */
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

/* Waits for FD to be ready for EVENTS until DEADLINE (clock_mono). */
static int wait_fd(int fd, short events, double deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	double left = deadline - clock_mono();
	int rc;

	if (left <= 0)
		return -ETIMEDOUT;
	rc = poll(&p, 1, (int)(left * 1000) + 1);
	if (rc < 0)
		return errno == EINTR ? 0 : -errno;
	return rc == 0 ? -ETIMEDOUT : 0;
}

static int send_all(int fd, const char *req, size_t len, double deadline)
{
	while (len) {
		ssize_t w = send(fd, req, len, MSG_NOSIGNAL);
		int rc;
		if (w > 0) {
			req += w;
			len -= (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		if ((rc = wait_fd(fd, POLLOUT, deadline)) != 0)
			return rc;
	}
	return 0;
}

/* Reads until a whole response is parsed, the connection ends, or the
 * deadline passes. */
static int read_reply(int fd, double deadline, struct rtapi_reply *out)
{
	size_t cap = 16384, len = 0;
	char *buf = xmalloc(cap);
	bool eof = false;
	int rc;

	for (;;) {
		ssize_t r;
		rc = rtapi_parse_response(buf, len, eof, out);
		if (rc != -EAGAIN || eof)
			break;
		if (len == cap) {
			if (cap >= RAW_MAX) {
				rc = -E2BIG;
				break;
			}
			cap = cap * 2 > RAW_MAX ? RAW_MAX : cap * 2;
			buf = xrealloc(buf, cap);
		}
		r = recv(fd, buf + len, cap - len, 0);
		if (r > 0) {
			len += (size_t)r;
		} else if (r == 0) {
			eof = true;
		} else if (errno != EAGAIN && errno != EINTR) {
			rc = -errno;
			break;
		} else if ((rc = wait_fd(fd, POLLIN, deadline)) != 0) {
			break;
		}
	}
	free(buf);
	return rc;
}

/* NAME percent-encoded into a path segment (RFC 3986 unreserved kept). */
static void encode_name(const char *name, char *out, size_t outsz)
{
	size_t o = 0;

	for (; *name && o + 4 < outsz; name++) {
		unsigned char c = (unsigned char)*name;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, outsz - o, "%%%02X", c);
	}
	out[o] = '\0';
}

int rtapi_lookup_name(int fd, const char *name, char *id, size_t idsz, int *status)
{
	char enc[768], req[1024];
	struct rtapi_reply r;
	double deadline = clock_mono() + RTAPI_TIMEOUT;
	int n, rc;

	*status = 0;
	/* the API lists names as "/web" but looks them up as "web" */
	encode_name(name[0] == '/' ? name + 1 : name, enc, sizeof(enc));
	/* unversioned path: Docker serves it as its current API version,
	 * Podman as its Docker-compatible API */
	n = snprintf(req, sizeof(req),
		     "GET /containers/%s/json HTTP/1.1\r\nHost: localhost\r\nUser-Agent: memtrace/" PACKAGE_VERSION
		     "\r\nAccept: application/json\r\nConnection: close\r\n\r\n",
		     enc);
	rc = send_all(fd, req, (size_t)n, deadline);
	if (rc == 0)
		rc = read_reply(fd, deadline, &r);
	close(fd);
	if (rc)
		return rc == -EBADMSG ? -EPROTO : rc;
	*status = r.status;
	if (r.status == 404)
		rc = -ENOENT;
	else if (r.status != 200)
		rc = -EREMOTEIO;
	else
		rc = rtapi_container_id(r.body, r.len, id, idsz);
	rtapi_reply_free(&r);
	return rc;
}
