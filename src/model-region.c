#include "config.h"
#include "model-region.h"

#include <string.h>

static const char *const class_names[RC_COUNT] = {
	[RC_HEAP] = "heap",
	[RC_STACK] = "stack",
	[RC_THREAD_STACK] = "thread-stack",
	[RC_ANON] = "anon",
	[RC_SHMEM] = "shmem",
	[RC_FILE_CODE] = "file-code",
	[RC_FILE_DATA] = "file-data",
	[RC_HUGETLB] = "hugetlb",
	[RC_SPECIAL] = "special",
	[RC_GUARD] = "guard",
};

const char *region_class_name(enum region_class rc)
{
	return rc < RC_COUNT ? class_names[rc] : "?";
}

int region_class_from_name(const char *name)
{
	for (int i = 0; i < RC_COUNT; i++)
		if (strcmp(class_names[i], name) == 0)
			return i;
	return -1;
}

static bool name_is(const struct smaps_mapping *m, const char *s)
{
	size_t n = strlen(s);
	return m->name_len == n && memcmp(m->name, s, n) == 0;
}

static bool name_starts(const struct smaps_mapping *m, const char *s)
{
	size_t n = strlen(s);
	return m->name_len >= n && memcmp(m->name, s, n) == 0;
}

bool region_is_anonymous(const struct smaps_mapping *m)
{
	if (m->inode != 0)
		return false;
	return m->name_len == 0 || name_starts(m, "[anon:");
}

static bool is_no_access(const struct smaps_mapping *m)
{
	return m->perms[0] == '-' && m->perms[1] == '-' && m->perms[2] == '-';
}

/* Shared memory: POSIX shm (/dev/shm), SysV segments, memfd, shared
 * anonymous mappings (shown as /dev/zero (deleted) or [anon_shmem:...]). */
static bool is_shmem(const struct smaps_mapping *m)
{
	if (name_starts(m, "/dev/shm/") || name_starts(m, "/SYSV") || name_starts(m, "/memfd:") ||
	    name_starts(m, "[anon_shmem:"))
		return true;
	if (m->perms[3] == 's' && (name_starts(m, "/dev/zero") || m->name_len == 0))
		return true;
	return false;
}

enum region_class region_classify(const struct smaps_mapping *m, const struct region_prev *prev)
{
	if (m->vmflags & VMF_HUGETLB)
		return RC_HUGETLB;
	if (m->name_len > 0 && m->name[0] == '[') {
		if (name_is(m, "[heap]"))
			return RC_HEAP;
		if (name_is(m, "[stack]"))
			return RC_STACK;
		if (name_starts(m, "[stack:")) /* before Linux 4.5: [stack:TID] */
			return RC_THREAD_STACK;
		if (name_starts(m, "[anon_shmem:"))
			return RC_SHMEM;
		if (name_starts(m, "[anon:"))
			return is_no_access(m) ? RC_GUARD : RC_ANON;
		return RC_SPECIAL; /* [vdso], [vvar], [vvar_vclock], [vsyscall], [uprobes] */
	}
	if (is_no_access(m))
		return RC_GUARD;
	if (is_shmem(m))
		return RC_SHMEM;
	if (region_is_anonymous(m)) {
		if (m->perms[0] == 'r' && m->perms[1] == 'w' && m->perms[3] == 'p' && prev && prev->valid &&
		    prev->guard && prev->end == m->start && prev->end - prev->start <= REGION_GUARD_MAX &&
		    m->start % GLIBC_HEAP_MAX_SIZE != 0 /* a glibc arena heap, not a stack */)
			return RC_THREAD_STACK;
		return RC_ANON;
	}
	return m->perms[2] == 'x' ? RC_FILE_CODE : RC_FILE_DATA;
}

void region_prev_update(struct region_prev *prev, const struct smaps_mapping *m)
{
	prev->valid = true;
	prev->guard = is_no_access(m) && region_is_anonymous(m) && m->perms[3] == 'p';
	prev->start = m->start;
	prev->end = m->end;
}
