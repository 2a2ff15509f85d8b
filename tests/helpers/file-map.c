/*
 * file-map - resident file-backed memory: writes PATH (MIB MiB), maps it
 * MAP_PRIVATE read-only and reads every page, so the mapping's Rss is
 * page cache, not anonymous memory.  With "unlink" the file is removed
 * after mapping and the mapping's name ends in " (deleted)".  The file
 * is written back before mapping, so its pages count as Private_Clean.
 * PATH may contain spaces; tests use that to check memtrace's parsing of
 * mapping names.
 *
 *   file-map PATH MIB [unlink]        (the caller removes PATH afterwards)
 *
 * ready line: "ready pid=P addr=0x<start> len=<bytes> unlinked=0|1"
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include "helper.h"

#define USAGE "file-map PATH MIB [unlink]"

int main(int argc, char **argv)
{
	static unsigned char buf[HELPER_MIB];
	const volatile unsigned char *c;
	unsigned long mib, i;
	unsigned sum = 0;
	int fd, do_unlink = 0;
	size_t len;
	void *p;

	if (argc < 3 || argc > 4 || argv[1][0] == '\0')
		helper_usage(USAGE);
	mib = helper_arg(argv[2], 1, HELPER_MAX_MIB, USAGE);
	if (argc == 4) {
		if (strcmp(argv[3], "unlink") != 0)
			helper_usage(USAGE);
		do_unlink = 1;
	}
	len = mib * HELPER_MIB;

	memset(buf, 0x5a, sizeof(buf));
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		helper_die(argv[1]);
	for (i = 0; i < mib; i++) {
		size_t done = 0;

		while (done < sizeof(buf)) {
			ssize_t w = write(fd, buf + done, sizeof(buf) - done);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				helper_die("write");
			done += (size_t)w;
		}
	}
	/*
	 * Just-written page cache is dirty until writeback (~30 s later),
	 * and smaps counts a mapped dirty page as *_Dirty even in a
	 * read-only mapping: write it back now so Rss is Private_Clean.
	 */
	if (fdatasync(fd) != 0)
		helper_die("fdatasync");
	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		helper_die("mmap");
	close(fd);
	c = p;
	for (i = 0; i < len; i += HELPER_TOUCH_STEP)
		sum += c[i];
	if (sum == 0)	/* cannot happen; keeps the reads observable */
		return 1;
	if (do_unlink && unlink(argv[1]) != 0)
		helper_die("unlink");
	helper_ready("addr=%#lx len=%zu unlinked=%d", (unsigned long)p, len,
		     do_unlink);
}
