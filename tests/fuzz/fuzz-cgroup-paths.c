/* Where a process's memory cgroup is, and which container it is:
 * mountinfo, /proc/PID/cgroup (v1, v2 and hybrid lines), then the
 * container id in a directory name and its parent (the third and fourth
 * pieces), cut at FUZZ_SEP. */
#include "config.h"
#include "fuzz.h"
#include "source-cgroup.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_piece p[4];
	size_t n = fuzz_split(data, size, p, 4);
	struct cgroup_mounts m;
	struct cgroup_ref ref;

	fuzz_write("proc/self/mountinfo", p[0].data, p[0].len);
	fuzz_write("proc/4242/cgroup", n > 1 ? p[1].data : NULL, n > 1 ? p[1].len : 0);
	memset(&m, 0, sizeof(m));
	if (cgroup_mounts_read(fuzz_root(), &m) == 0 && cgroup_of_pid(fuzz_root(), &m, 4242, &ref) == 0) {
		char id[80];
		const char *runtime = NULL;
		if (cgroup_path_container(ref.path, id, sizeof(id), &runtime) && (!runtime || strlen(id) < 12))
			abort(); /* a container is named with its runtime and an id of 12+ digits */
	}
	if (n > 3) {
		char *name = strndup(p[2].data, p[2].len), *parent = strndup(p[3].data, p[3].len);
		const char *runtime = NULL;
		size_t idlen = 0;
		const char *id = cgroup_container_id(name, parent, &idlen, &runtime);
		if (id && (!runtime || id < name || id + idlen > name + strlen(name)))
			abort(); /* the id is inside the name, with its runtime */
		free(name);
		free(parent);
	}
	return 0;
}
