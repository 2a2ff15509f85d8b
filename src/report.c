#include "config.h"
#include "report.h"
#include "escape.h"
#include "source-proc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void err_msg(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("memtrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

char *create_error_text(const char *path, int rc, char *buf, size_t len)
{
	switch (rc) {
	case -EEXIST:
		snprintf(buf, len, "'%s' exists; use --force to overwrite it", path);
		break;
	case -ELOOP:
		snprintf(buf, len, "'%s' is a symbolic link; memtrace neither writes through nor replaces one "
			 "(remove it or choose another path)", path);
		break;
	case -EISDIR:
		snprintf(buf, len, "'%s' is a directory; give a file name", path);
		break;
	case -EINVAL:
		snprintf(buf, len, "'%s' is not a regular file; --force replaces only a regular file", path);
		break;
	default:
		snprintf(buf, len, "cannot create '%s': %s", path, strerror(-rc));
	}
	return buf;
}

int parse_count(const char *s, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > max)
		return 0;
	*out = v;
	return 1;
}

int finish_output(FILE *out, int rc)
{
	if (fflush(out) != 0 || ferror(out)) {
		err_msg("write error on standard output: %s", strerror(errno ? errno : EIO));
		return EXIT_RUNTIME;
	}
	return rc;
}

int report_snapshot_error(pid_t pid, const struct snapshot_error *e)
{
	switch (e->kind) {
	case SNAP_FAIL_ZOMBIE:
		err_msg("pid %d is a zombie: it has exited and its memory is already released (its parent has not "
			"reaped it yet)",
			(int)pid);
		return EXIT_TARGET;
	case SNAP_FAIL_KTHREAD:
		err_msg("pid %d is a kernel thread: it has no user-space memory to analyze", (int)pid);
		return EXIT_TARGET;
	case SNAP_FAIL_EXITED:
		err_msg("pid %d exited while memtrace was reading '%s'", (int)pid, e->path);
		return EXIT_TARGET;
	case SNAP_FAIL_MALFORMED: {
		char *t = escape_dup(e->text, strlen(e->text));
		if (e->line)
			err_msg("cannot parse '%s': line %lu is malformed: '%s'", e->path, e->line, t);
		else
			err_msg("cannot parse '%s': not the format memtrace expects", e->path);
		free(t);
		return EXIT_RUNTIME;
	}
	case SNAP_FAIL_READ:
	case SNAP_FAIL_NONE:
		break;
	}
	switch (proc_outcome_of(e->err)) {
	case PROC_GONE:
		err_msg("no process with PID %d ('%s' does not exist)", (int)pid, e->path);
		return EXIT_TARGET;
	case PROC_DENIED:
		err_msg("cannot read '%s': %s (run as the process owner, as root, or with CAP_SYS_PTRACE)", e->path,
			strerror(-e->err));
		return EXIT_DENIED;
	default:
		err_msg("cannot read '%s': %s", e->path, strerror(-e->err));
		return EXIT_RUNTIME;
	}
}
