#include "config.h"
#include "source-sockowner.h"
#include "source-proc.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The next line of BUF[*AT..LEN): its start and length, without '\n'. */
static bool next_line(const char *buf, size_t len, size_t *at, const char **line, size_t *n)
{
	const char *nl;

	if (*at >= len)
		return false;
	*line = buf + *at;
	nl = memchr(*line, '\n', len - *at);
	*n = nl ? (size_t)(nl - *line) : len - *at;
	*at += *n + (nl ? 1 : 0);
	return true;
}

/* Splits LINE into up to MAX blank-separated fields (start, length). */
static size_t fields(const char *line, size_t n, const char **f, size_t *fl, size_t max)
{
	size_t k = 0, i = 0;

	while (i < n && k < max) {
		while (i < n && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= n)
			break;
		f[k] = line + i;
		while (i < n && line[i] != ' ' && line[i] != '\t')
			i++;
		fl[k] = (size_t)(line + i - f[k]);
		k++;
	}
	return k;
}

/* A field of hex or decimal digits only, bounded: false otherwise. */
static bool field_number(const char *f, size_t n, int base, unsigned long *out)
{
	unsigned long v = 0;

	if (n == 0 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d;
		if (isdigit((unsigned char)f[i]))
			d = f[i] - '0';
		else if (base == 16 && isxdigit((unsigned char)f[i]))
			d = tolower((unsigned char)f[i]) - 'a' + 10;
		else
			return false;
		if (v > (~0UL - (unsigned long)d) / (unsigned long)base)
			return false;
		v = v * (unsigned long)base + (unsigned long)d;
	}
	*out = v;
	return true;
}

/* "  0: 0100007F:1F90 00000000:0000 0A ... uid timeout inode ..." (the
 * layout of tcp4_seq_show/tcp6_seq_show, unchanged since 2.6). */
unsigned long sockowner_tcp_inode(const char *buf, size_t len, unsigned port)
{
	const char *line, *f[10];
	size_t n, fl[10], at = 0;

	while (next_line(buf, len, &at, &line, &n)) {
		const char *colon;
		unsigned long p, st, inode;
		if (fields(line, n, f, fl, 10) < 10)
			continue;
		colon = memchr(f[1], ':', fl[1]);
		if (!colon)
			continue;
		if (!field_number(colon + 1, fl[1] - (size_t)(colon + 1 - f[1]), 16, &p) || p != port)
			continue;
		/* 0x0A is TCP_LISTEN */
		if (!field_number(f[3], fl[3], 16, &st) || st != 0x0A)
			continue;
		if (field_number(f[9], fl[9], 10, &inode) && inode)
			return inode;
	}
	return 0;
}

/* "Num RefCount Protocol Flags Type St Inode Path": Flags has
 * __SO_ACCEPTCON (0x10000) on a listening socket (unix_seq_show). */
unsigned long sockowner_unix_inode(const char *buf, size_t len, const char *path)
{
	const char *line, *f[9];
	size_t n, fl[9], at = 0, plen = strlen(path);

	while (next_line(buf, len, &at, &line, &n)) {
		unsigned long flags, inode;
		if (fields(line, n, f, fl, 9) != 8)
			continue;
		if (fl[7] != plen || memcmp(f[7], path, plen) != 0)
			continue;
		if (!field_number(f[3], fl[3], 16, &flags) || !(flags & 0x10000))
			continue;
		if (field_number(f[6], fl[6], 10, &inode) && inode)
			return inode;
	}
	return 0;
}

int sockowner_url_place(const char *url, unsigned *port, char *path, size_t pathlen)
{
	const char *host, *end, *colon;
	unsigned long p;

	path[0] = '\0';
	*port = 0;
	if (strncmp(url, "unix:", 5) == 0) {
		/* unix:/PATH:http://... (the path ends at ":http") */
		const char *stop = strstr(url + 5, ":http");
		size_t n = stop ? (size_t)(stop - url - 5) : 0;
		if (n == 0 || n >= pathlen)
			return -EINVAL;
		memcpy(path, url + 5, n);
		path[n] = '\0';
		return 0;
	}
	if (strncmp(url, "http://", 7) == 0)
		host = url + 7, *port = 80;
	else if (strncmp(url, "https://", 8) == 0)
		host = url + 8, *port = 443;
	else
		return -EINVAL;
	end = host + strcspn(host, "/?#");
	if (*host == '[') { /* [v6]:port */
		const char *close = memchr(host, ']', (size_t)(end - host));
		if (!close)
			return -EINVAL;
		colon = close + 1 < end && close[1] == ':' ? close + 1 : NULL;
	} else {
		colon = memchr(host, ':', (size_t)(end - host));
	}
	if (colon) {
		if (!field_number(colon + 1, (size_t)(end - colon - 1), 10, &p) || p == 0 || p > 65535)
			return -EINVAL;
		*port = (unsigned)p;
	}
	return 0;
}

/* Does process P of ROOT hold an fd linked to WANT ("socket:[INODE]")? */
static bool holds(const char *root, pid_t p, const char *want)
{
	char dir[4096], link[64], rel[64];
	struct dirent *fe;
	bool found = false;
	DIR *fd;

	if (proc_path(dir, sizeof(dir), root, p, "fd") || !(fd = opendir(dir)))
		return false;
	while (!found && (fe = readdir(fd))) {
		if (fe->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof(rel), "fd/%.32s", fe->d_name);
		found = proc_readlink(root, p, rel, link, sizeof(link)) == 0 && strcmp(link, want) == 0;
	}
	closedir(fd);
	return found;
}

/* The process of ROOT with an fd linked to socket:[INODE]: 0 and *PID,
 * -ENOENT.  Processes we may not look into are passed over. */
static int owner_of_inode(const char *root, unsigned long inode, pid_t *pid)
{
	char dir[4096], want[48];
	struct dirent *e;
	int rc = -ENOENT;
	DIR *d;

	snprintf(want, sizeof(want), "socket:[%lu]", inode);
	if (proc_path(dir, sizeof(dir), root, -1, "proc") || !(d = opendir(dir)))
		return -ENOENT;
	while (rc && (e = readdir(d))) {
		char *tail;
		long p = strtol(e->d_name, &tail, 10);
		if (*tail || p <= 0 || !holds(root, (pid_t)p, want))
			continue;
		*pid = (pid_t)p;
		rc = 0;
	}
	closedir(d);
	return rc;
}

/* The inode listening at PORT or PATH, from the tables under ROOT. */
static int listening_inode(const char *root, unsigned port, const char *path, unsigned long *inode)
{
	static const char *const tcp[] = { "proc/net/tcp", "proc/net/tcp6" };
	char *buf;
	size_t len;
	int rc = -ENOENT, r;

	*inode = 0;
	for (size_t i = 0; i < (path[0] ? 1 : 2) && !*inode; i++) {
		r = proc_read_file(root, -1, path[0] ? "proc/net/unix" : tcp[i], &buf, &len);
		if (r) {
			rc = r == -ENOENT ? rc : r;
			continue;
		}
		*inode = path[0] ? sockowner_unix_inode(buf, len, path) : sockowner_tcp_inode(buf, len, port);
		free(buf);
	}
	return *inode ? 0 : rc;
}

int sockowner_find(const char *root, const char *url, pid_t *pid)
{
	char path[256];
	unsigned port;
	unsigned long inode;
	int rc = sockowner_url_place(url, &port, path, sizeof(path));

	if (rc)
		return rc;
	if ((rc = listening_inode(root, port, path, &inode)) != 0)
		return rc;
	return owner_of_inode(root, inode, pid);
}

/* Is PID's network namespace the reader's?  Unknown (unreadable, a
 * fixture tree without self) counts as no. */
static bool same_netns(const char *root, pid_t pid)
{
	char mine[64], theirs[64];

	return proc_readlink(root, -1, "proc/self/ns/net", mine, sizeof(mine)) == 0 &&
	       proc_readlink(root, pid, "ns/net", theirs, sizeof(theirs)) == 0 && strcmp(mine, theirs) == 0;
}

int sockowner_check(const char *root, const char *url, pid_t pid, pid_t *owner)
{
	char path[256], want[48];
	unsigned port;
	unsigned long inode;
	int rc = sockowner_url_place(url, &port, path, sizeof(path));

	*owner = 0;
	if (rc)
		return rc;
	if (!same_netns(root, pid))
		return -EXDEV;
	if ((rc = listening_inode(root, port, path, &inode)) != 0)
		return rc;
	snprintf(want, sizeof(want), "socket:[%lu]", inode);
	if (holds(root, pid, want))
		return 1;
	owner_of_inode(root, inode, owner);
	return 0;
}
