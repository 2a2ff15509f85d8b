/*
 * shm-memfd - the three kinds of shared memory a process can hold, each
 * MIB MiB and fully touched:
 *   shm          POSIX shm_open("/memtrace-test-PID"), mapped, then unlinked
 *                (maps: "/dev/shm/memtrace-test-PID (deleted)")
 *   memfd        memfd_create(NAME)   (maps: "/memfd:NAME (deleted)")
 *   shared_anon  MAP_SHARED|MAP_ANONYMOUS   (maps: "/dev/zero (deleted)")
 * NAME is taken raw and may hold any bytes (spaces, escape sequences), so
 * tests can check memtrace never prints a target's bytes unescaped.
 *
 *   shm-memfd MIB [MEMFD_NAME]       default name "memtrace-test"
 *
 * ready line: "ready pid=P shm=0x... memfd=0x... shared_anon=0x... mib=N"
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "helper.h"

#define USAGE "shm-memfd MIB [MEMFD_NAME]"

static void *map_fd(int fd, size_t len, const char *what)
{
	void *p;

	if (ftruncate(fd, (off_t)len) != 0)
		helper_die(what);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		helper_die(what);
	helper_touch(p, len);
	close(fd);	/* the mapping keeps the object alive */
	return p;
}

int main(int argc, char **argv)
{
	const char *memfd_name = "memtrace-test";
	char shm_name[64];
	unsigned long mib;
	void *shm, *mfd, *anon;
	size_t len;
	int fd;

	if (argc < 2 || argc > 3)
		helper_usage(USAGE);
	mib = helper_arg(argv[1], 1, HELPER_MAX_MIB, USAGE);
	if (argc == 3)
		memfd_name = argv[2];
	len = mib * HELPER_MIB;

	snprintf(shm_name, sizeof(shm_name), "/memtrace-test-%ld",
		 (long)getpid());
	fd = shm_open(shm_name, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		helper_die("shm_open");
	shm = map_fd(fd, len, "shm");
	if (shm_unlink(shm_name) != 0)
		helper_die("shm_unlink");

	fd = memfd_create(memfd_name, MFD_CLOEXEC);
	if (fd < 0)
		helper_die("memfd_create");
	mfd = map_fd(fd, len, "memfd");

	anon = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (anon == MAP_FAILED)
		helper_die("mmap shared anon");
	helper_touch(anon, len);

	helper_ready("shm=%#lx memfd=%#lx shared_anon=%#lx mib=%lu",
		     (unsigned long)shm, (unsigned long)mfd,
		     (unsigned long)anon, mib);
}
