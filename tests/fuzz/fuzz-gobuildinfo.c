/* The Go build info reader: an executable chosen by the target (ELF
 * headers, section table, the .go.buildinfo blob and its varints). */
#include "config.h"
#include "fuzz.h"
#include "model-runtime.h"
#include "source-runtime.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	struct runtime_info rt;

	if (fd < 0 && (fd = memfd_create("fuzz-exe", MFD_CLOEXEC)) < 0)
		abort();
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	memset(&rt, 0, sizeof(rt));
	runtime_init(&rt);
	runtime_read_go_buildinfo(fd, &rt);
	if (memchr(rt.go_version, '\0', sizeof(rt.go_version)) == NULL)
		abort(); /* the version string stays terminated */
	runtime_free(&rt);
	return 0;
}
