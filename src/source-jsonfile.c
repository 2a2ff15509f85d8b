#include "config.h"
#include "source-jsonfile.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* jansson reads through this callback, which counts as it goes what the
 * tree will cost: bytes, a value per ',' and per '[' or '{' (each value
 * but the first of a container follows a comma), and the objects, whose
 * hash tables cost the most, outside strings.  Past a limit it stops the
 * parse: memory is that of the tree so far, and no copy of the text. */
struct feed {
	int fd;
	const struct jsonfile_limits *lim;
	size_t bytes, values, objects;
	bool in_string, escaped;
	const char *over; /* the limit passed, or NULL */
	int err;          /* a read() error */
};

static void feed_count(struct feed *f, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (f->escaped)
			f->escaped = false;
		else if (f->in_string)
			f->escaped = c == '\\', f->in_string = c != '"';
		else if (c == '"')
			f->in_string = true;
		else if (c == ',' || c == '[')
			f->values++;
		else if (c == '{')
			f->values++, f->objects++;
	}
}

static size_t feed_read(void *buf, size_t len, void *arg)
{
	struct feed *f = arg;
	ssize_t n;

	do
		n = read(f->fd, buf, len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		f->err = errno;
		return (size_t)-1;
	}
	f->bytes += (size_t)n;
	feed_count(f, buf, (size_t)n);
	f->over = f->bytes > f->lim->max_bytes       ? "bytes"
		  : f->values > f->lim->max_values   ? "values"
		  : f->objects > f->lim->max_objects ? "objects"
						     : NULL;
	return f->over ? (size_t)-1 : (size_t)n;
}

int jsonfile_load(const char *path, const struct jsonfile_limits *lim, json_t **doc, struct jsonfile_error *e)
{
	struct feed f = { .lim = lim, .values = 1 };
	json_error_t jerr;

	memset(e, 0, sizeof(*e));
	*doc = NULL;
	f.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f.fd < 0)
		return -errno;
	*doc = json_load_callback(feed_read, &f, 0, &jerr);
	close(f.fd);
	if (*doc)
		return 0;
	if (f.over) {
		snprintf(e->limit, sizeof(e->limit), "%s", f.over);
		return -EFBIG;
	}
	if (f.err)
		return -f.err;
	e->line = jerr.line;
	e->column = jerr.column;
	snprintf(e->text, sizeof(e->text), "%s", jerr.text);
	return -EINVAL;
}
