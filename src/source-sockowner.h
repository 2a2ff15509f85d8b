/* Which process listens where a URL points: `top --go-pprof URL` without
 * a PID finds the Go service that serves URL.  TCP: the port's LISTEN
 * socket in /proc/net/tcp and tcp6; a unix socket URL
 * ("unix:/path:http://x"): the listening socket bound to that path in
 * /proc/net/unix.  Then the process with an fd linked to socket:[INODE].
 * All reads go through source-proc.c, so a fixture tree stands in for the
 * host (tests/fixtures/sockets).  The /proc/net tables are those of the reader's
 * network namespace: a service in another one is not found (give PID=). */
#ifndef MEMTRACE_SOURCE_SOCKOWNER_H
#define MEMTRACE_SOURCE_SOCKOWNER_H

#include <stddef.h>
#include <sys/types.h>

/* The inode of the socket listening on PORT in a /proc/net/tcp or tcp6
 * text BUF[0..LEN) (state 0A, any local address); 0 when none. */
unsigned long sockowner_tcp_inode(const char *buf, size_t len, unsigned port);

/* The inode of the listening socket (__SO_ACCEPTCON) bound to PATH in a
 * /proc/net/unix text; 0 when none.  Paths with spaces or newlines are
 * written raw by the kernel and cannot be told apart: not found. */
unsigned long sockowner_unix_inode(const char *buf, size_t len, const char *path);

/* Where URL listens: *PORT (TCP) or PATH (unix socket, "" for TCP).
 * 0, or -EINVAL for a URL that is neither. */
int sockowner_url_place(const char *url, unsigned *port, char *path, size_t pathlen);

/* The process listening where URL points, under ROOT: 0 and *PID, -ENOENT
 * when no listening socket is there or no process we may look at holds
 * it, -EINVAL for a bad URL, or another -errno of reading /proc/net. */
int sockowner_find(const char *root, const char *url, pid_t *pid);

/* Does PID listen where URL points?  1: it holds the listening socket;
 * 0: another process does (*OWNER, or 0 when none we may look at);
 * -EXDEV: PID is in another network namespace (or it cannot be told),
 * so the tables read here say nothing about it; -ENOENT: nothing listens
 * there; -EINVAL: a bad URL. */
int sockowner_check(const char *root, const char *url, pid_t pid, pid_t *owner);

#endif
