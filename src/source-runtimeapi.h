/* A container's id from its name, asked of the container runtime's API
 * over its unix socket (no CLI needed): plain HTTP/1.1,
 * `GET /containers/NAME/json`, which the Docker Engine API and Podman's
 * Docker-compatible API both answer with the container's "Id".
 *
 * The response parser takes a buffer and its length and is bounded
 * (headers RTAPI_HEADER_MAX, body RTAPI_BODY_MAX); it has a libFuzzer
 * harness, tests/fuzz/fuzz-runtime-api.c. */
#ifndef MEMTRACE_SOURCE_RUNTIMEAPI_H
#define MEMTRACE_SOURCE_RUNTIMEAPI_H

#include <stdbool.h>
#include <stddef.h>

#define RTAPI_HEADER_MAX (64 * 1024)
#define RTAPI_BODY_MAX (1024 * 1024)
#define RTAPI_TIMEOUT 2.0 /* seconds for connect, request and answer */
#define RTAPI_ID_MAX 80

struct rtapi_reply {
	int status;   /* HTTP status code */
	char *body;   /* decoded (de-chunked), NUL-terminated, allocated */
	size_t len;
};

/* Parses one whole HTTP/1.x response in BUF[0..LEN): the status line,
 * the headers (Content-Length or Transfer-Encoding: chunked; with
 * neither, the body runs to the end of the connection: EOF says it has
 * been read).  0 with *OUT filled (free with rtapi_reply_free), -EAGAIN
 * when BUF ends before the response does (and not EOF), -EBADMSG when it
 * is not HTTP or ends early at EOF, -E2BIG past the bounds. */
int rtapi_parse_response(const char *buf, size_t len, bool eof, struct rtapi_reply *out);
void rtapi_reply_free(struct rtapi_reply *r);

/* The "Id" of a container-inspect JSON document BODY[0..LEN), a hex
 * string of 12 to RTAPI_ID_MAX - 1 digits, copied into ID.  0, -EBADMSG
 * when BODY is not JSON, -ENOMSG when it is but has no such Id. */
int rtapi_container_id(const char *body, size_t len, char *id, size_t idsz);

/* The sockets to ask, in order: SOCKET_OPT alone when given; else
 * DOCKER_HOST and CONTAINER_HOST (unix:// only), /run/docker.sock,
 * /run/podman/podman.sock, then the rootless daemons' under
 * $XDG_RUNTIME_DIR (docker.sock, podman/podman.sock).  Writes at most MAX
 * (RTAPI_SOCKETS will do) paths into LIST (pointers into the environment,
 * static strings or this thread's buffers, valid until the next call)
 * and returns their count. */
#define RTAPI_SOCKETS 6
int rtapi_socket_list(const char *socket_opt, const char **list, int max);

/* Connects to the unix socket at PATH: a file descriptor, or -errno
 * (-ENOENT: no socket there, -ECONNREFUSED: no daemon behind it,
 * -EACCES). */
int rtapi_connect(const char *path);

/* Asks the API on the connected FD (which it closes) for the container
 * named NAME, within RTAPI_TIMEOUT.  0 with its id in ID; -ENOENT (the
 * API answered 404: no such container), -ETIMEDOUT (no whole answer in
 * time), -EPROTO (the answer is not HTTP), -EREMOTEIO (another HTTP
 * status, in *STATUS), -EBADMSG (a body that is not JSON), -ENOMSG (JSON
 * without a hex "Id"), -E2BIG (an answer past the bounds), or an I/O
 * -errno. */
int rtapi_lookup_name(int fd, const char *name, char *id, size_t idsz, int *status);

#endif
