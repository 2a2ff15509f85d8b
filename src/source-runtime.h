/* Reads what the runtime detection needs from outside the target: the
 * executable's ELF sections (Go build info) and /proc/PID/environ. */
#ifndef MEMTRACE_SOURCE_RUNTIME_H
#define MEMTRACE_SOURCE_RUNTIME_H

#include <sys/types.h>

#include "model-runtime.h"

/* Inspects ROOT/proc/PID/exe (the open-able magic link, so a deleted or
 * namespaced binary still works).  Returns 0 or -errno; fills rt->is_go,
 * rt->go_version. */
int runtime_read_exe(const char *root, pid_t pid, struct runtime_info *rt);

/* Go build info from an open ELF file; exposed for unit tests. */
int runtime_read_go_buildinfo(int fd, struct runtime_info *rt);

/* Reads the settings listed in runtime_setting_names from environ.
 * Returns 0 or -errno (the environment is readable only by the owner). */
int runtime_read_environ(const char *root, pid_t pid, struct runtime_info *rt);

#endif
