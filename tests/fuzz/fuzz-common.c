#include "config.h"
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

size_t fuzz_split(const uint8_t *data, size_t size, struct fuzz_piece *pieces, size_t max)
{
	const char *s = (const char *)data, *end = s + size;
	size_t n = 0, k = strlen(FUZZ_SEP);

	while (n + 1 < max) {
		const char *at = memmem(s, (size_t)(end - s), FUZZ_SEP, k);
		if (!at)
			break;
		pieces[n++] = (struct fuzz_piece){ s, (size_t)(at - s) };
		s = at + k;
	}
	pieces[n++] = (struct fuzz_piece){ s, (size_t)(end - s) };
	return n;
}

static char root[256];

static void remove_root(void)
{
	char cmd[300];

	if (!root[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", root);
}

const char *fuzz_root(void)
{
	if (!root[0]) {
		const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(root, sizeof(root), "%s/memtrace-fuzz.XXXXXX", base);
		if (!mkdtemp(root)) {
			perror("fuzz: mkdtemp");
			abort();
		}
		atexit(remove_root);
	}
	return root;
}

/* mkdir -p of the directories in REL (not its last component). */
static void make_parents(const char *rel)
{
	char path[1024];
	size_t n = (size_t)snprintf(path, sizeof(path), "%s/%s", fuzz_root(), rel);

	for (size_t i = strlen(fuzz_root()) + 1; i < n; i++)
		if (path[i] == '/') {
			path[i] = '\0';
			if (mkdir(path, 0700) != 0 && errno != EEXIST)
				abort();
			path[i] = '/';
		}
}

void fuzz_mkdir(const char *rel)
{
	char path[1024];

	make_parents(rel);
	snprintf(path, sizeof(path), "%s/%s", fuzz_root(), rel);
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		abort();
}

void fuzz_write(const char *rel, const char *data, size_t len)
{
	char path[1024];
	int fd;

	make_parents(rel);
	snprintf(path, sizeof(path), "%s/%s", fuzz_root(), rel);
	if (!data) {
		unlink(path);
		return;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		abort();
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w <= 0)
			abort();
		data += w;
		len -= (size_t)w;
	}
	close(fd);
}
