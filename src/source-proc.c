#include "config.h"
#include "source-proc.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum proc_outcome proc_outcome_of(int neg_errno)
{
	switch (-neg_errno) {
	case 0:
		return PROC_OK;
	case ESRCH:
	case ENOENT:
		return PROC_GONE;
	case EACCES:
	case EPERM:
		return PROC_DENIED;
	default:
		return PROC_ERROR;
	}
}

bool proc_root_is_live(const char *root)
{
	return root == NULL || strcmp(root, "/") == 0 || root[0] == '\0';
}

int proc_path(char *buf, size_t len, const char *root, pid_t pid, const char *file)
{
	const char *sep;
	int n;

	if (proc_root_is_live(root))
		root = "";
	sep = root[0] && root[strlen(root) - 1] == '/' ? "" : "/";
	if (pid >= 0)
		n = snprintf(buf, len, "%s%sproc/%d/%s", root, sep, (int)pid, file);
	else
		n = snprintf(buf, len, "%s%s%s", root, sep, file);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int proc_readlink(const char *root, pid_t pid, const char *file, char *buf, size_t len)
{
	char path[4096];
	ssize_t n;
	int rc = proc_path(path, sizeof(path), root, pid, file);

	if (rc)
		return rc;
	if (len == 0)
		return -EINVAL;
	n = readlink(path, buf, len - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

int proc_open(const char *root, pid_t pid, const char *file)
{
	char path[4096];
	int fd, rc = proc_path(path, sizeof(path), root, pid, file);

	if (rc)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int proc_read_file(const char *root, pid_t pid, const char *file, char **out, size_t *len)
{
	char path[4096];
	int rc = proc_path(path, sizeof(path), root, pid, file);

	return rc ? rc : read_file_path(path, out, len);
}

int read_file_path(const char *path, char **out, size_t *len)
{
	size_t cap = 4096, have = 0;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	buf = xmalloc(cap);
	for (;;) {
		ssize_t n;

		if (have + 1 >= cap) {
			if (cap >= (64u << 20)) { /* no /proc text file is this big */
				close(fd);
				free(buf);
				return -EFBIG;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + have, cap - have - 1);
		if (n < 0) {
			int err = errno;
			if (err == EINTR)
				continue;
			close(fd);
			free(buf);
			return -err;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	close(fd);
	buf[have] = '\0';
	*out = buf;
	if (len)
		*len = have;
	return 0;
}

bool proc_pid_exists(const char *root, pid_t pid)
{
	char path[4096];
	struct stat st;

	if (proc_path(path, sizeof(path), root, pid, "status"))
		return false;
	return stat(path, &st) == 0;
}
