#include "config.h"
#include "output-file.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Why PATH, which exists, cannot be replaced; 0 for a regular file. */
static int existing_kind(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return -errno;
	if (S_ISLNK(st.st_mode))
		return -ELOOP;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	return S_ISREG(st.st_mode) ? 0 : -EINVAL;
}

/* "DIR/.BASE.XXXXXX" beside PATH: rename() cannot cross file systems. */
static char *temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = path + dlen;
	char *t = xmalloc(strlen(path) + sizeof(".") + sizeof(".XXXXXX"));

	memcpy(t, path, dlen);
	sprintf(t + dlen, ".%s.XXXXXX", base);
	return t;
}

int out_file_open(struct out_file *f, const char *path, bool force, int flags)
{
	int rc;

	f->tmp = NULL;
	f->path = xstrdup(path);
	f->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | flags, 0600);
	if (f->fd >= 0)
		return 0;
	rc = -errno;
	if (rc == -EEXIST) {
		int kind = existing_kind(path);

		if (kind == -ELOOP) /* said as such, with or without --force */
			rc = kind;
		else if (!force || kind == -ENOENT) /* ENOENT: gone since open(); not retried */
			rc = -EEXIST;
		else
			rc = kind; /* 0: a regular file, replaced below */
	}
	if (rc == 0) {
		f->tmp = temp_name(path);
		f->fd = mkostemp(f->tmp, O_CLOEXEC | flags); /* O_EXCL, mode 0600 */
		if (f->fd >= 0)
			return 0;
		rc = -errno;
		free(f->tmp); /* not ours: never unlink it */
		f->tmp = NULL;
	}
	out_file_discard(f);
	f->fd = -1;
	return rc;
}

int out_file_commit(struct out_file *f)
{
	if (!f->tmp)
		return 0;
	if (rename(f->tmp, f->path) != 0) {
		int rc = -errno;
		out_file_discard(f);
		return rc;
	}
	free(f->tmp);
	f->tmp = NULL;
	return 0;
}

void out_file_discard(struct out_file *f)
{
	if (f->tmp)
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	f->tmp = f->path = NULL;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t k = write(fd, data, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		data += k;
		len -= (size_t)k;
	}
	return 0;
}

int out_file_replace(const char *path, const char *data, size_t len, mode_t mode)
{
	char *tmp = temp_name(path);
	int fd = mkostemp(tmp, O_CLOEXEC), rc;

	if (fd < 0) {
		rc = -errno;
		free(tmp);
		return rc;
	}
	rc = write_all(fd, data, len);
	/* mkstemp made it 0600; readers such as node_exporter run as others */
	if (rc == 0 && fchmod(fd, mode) != 0)
		rc = -errno;
	if (rc == 0 && fsync(fd) != 0)
		rc = -errno;
	if (close(fd) != 0 && rc == 0)
		rc = -errno;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -errno;
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
