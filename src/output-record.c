#include "config.h"
#include "output-record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int recorder_open(struct recorder *r, const char *path, bool force)
{
	r->fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_APPEND | (force ? O_TRUNC : O_EXCL), 0644);
	return r->fd < 0 ? -errno : 0;
}

int recorder_write(struct recorder *r, const char *type, json_t *line)
{
	char *text;
	size_t len, off = 0;
	int rc = 0;

	json_object_set_new(line, "type", json_string(type));
	text = json_dumps(line, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER);
	if (!text)
		return -ENOMEM;
	len = strlen(text);
	text[len++] = '\n'; /* json_dumps leaves room: replace the NUL */
	while (off < len) {
		ssize_t n = write(r->fd, text + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		off += (size_t)n;
	}
	free(text);
	return rc;
}

int recorder_close(struct recorder *r)
{
	int rc = 0;

	if (r->fd < 0)
		return 0;
	if (fsync(r->fd) != 0)
		rc = -errno;
	if (close(r->fd) != 0 && rc == 0)
		rc = -errno;
	r->fd = -1;
	return rc;
}
