/* Container ids and runtimes from cgroup directory names and paths, in
 * the layouts Docker, Podman, containerd and CRI-O create on cgroup v1
 * and v2 (source-cgroup.c), and the monitor cgroups that are not
 * containers. */
#include "config.h"
#include "unit.h"

#include <string.h>

#include "source-cgroup.h"

#define ID64 "0dd202cd670e3a3e3a8e1a0b2f7c7f0b6c3e5f7f4d2d3d9f1b2a0c4e6f8a1b3c"

static void want(const char *path, const char *runtime, const char *id)
{
	char got[80];
	const char *rt = NULL;
	const char *r = cgroup_path_container(path, got, sizeof(got), &rt);

	if (!runtime) {
		assert_null(r);
		return;
	}
	assert_non_null(r);
	assert_string_equal(rt, runtime);
	assert_string_equal(got, id);
}

static void test_v1_cgroupfs(void **state)
{
	(void)state;
	want("/docker/" ID64, "docker", ID64);
	want("/ci/job7/" ID64, "docker", ID64); /* docker --cgroup-parent ci/job7 */
	want("/libpod_parent/libpod-" ID64, "podman", ID64);
	want("/podmanci/libpod-" ID64, "podman", ID64);
	want("/kubepods/burstable/pod7074e97f-89ee-49f6-9bbe-66df9f2eb54f/" ID64, "kubepods", ID64);
	want("/kubepods/burstable/pod7074e97f-89ee-49f6-9bbe-66df9f2eb54f/crio-" ID64, "cri-o", ID64);
}

static void test_v2_systemd(void **state)
{
	(void)state;
	want("/system.slice/docker-" ID64 ".scope", "docker", ID64);
	want("/machine.slice/libpod-" ID64 ".scope", "podman", ID64);
	/* Podman on v2 with the systemd manager runs the process in a child */
	want("/machine.slice/libpod-" ID64 ".scope/container", "podman", ID64);
	want("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID64 ".scope", "podman", ID64);
	want("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-" ID64 ".scope",
	     "containerd", ID64);
	want("/kubepods.slice/kubepods-besteffort.slice/crio-" ID64 ".scope", "cri-o", ID64);
}

static void test_not_containers(void **state)
{
	(void)state;
	want("/machine.slice/libpod-conmon-" ID64 ".scope", NULL, NULL);
	want("/libpod_parent/conmon", NULL, NULL);
	want("/kubepods/burstable/pod1/crio-conmon-" ID64, NULL, NULL);
	want("/", NULL, NULL);
	want("/system.slice/cron.service", NULL, NULL);
	want("/batch/0123456789abcdef", NULL, NULL); /* short hex outside a runtime's parent */
	want("/libpod-xyz", NULL, NULL);
	want("/docker-" ID64, NULL, NULL); /* docker- needs .scope */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v1_cgroupfs),
		cmocka_unit_test(test_v2_systemd),
		cmocka_unit_test(test_not_containers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
