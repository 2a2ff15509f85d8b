#include "config.h"
#include "output-record.h"
#include "output-file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* With --force over an existing recording, the new one is created under a
 * temporary name and renamed into place at once, before its first line:
 * a recording is appended to for as long as the watch lasts, and it must
 * be at PATH meanwhile (tail -f, a SIGKILL) with every complete line in
 * it.  Renaming at the end instead would leave it under the temporary
 * name after a crash.  The old file is thus gone from the start, as it
 * was when --force truncated it. */
int recorder_open(struct recorder *r, const char *path, bool force)
{
	struct out_file f;
	int rc = out_file_open(&f, path, force, O_APPEND);

	r->fd = -1;
	if (rc)
		return rc;
	rc = out_file_commit(&f);
	out_file_discard(&f);
	if (rc) {
		close(f.fd);
		return rc;
	}
	r->fd = f.fd;
	return 0;
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
