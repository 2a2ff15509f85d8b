/* Files memtrace creates as root (--record, --save).  They hold command
 * lines and settings read from the target's environment, and memtrace
 * runs as root in directories such as /tmp where anyone can plant a name,
 * so a new file:
 *   - is created with mode 0600 (less the umask);
 *   - is never written through a symbolic link at PATH, with or without
 *     --force (O_NOFOLLOW, O_EXCL): a link, dangling or not, is refused;
 *   - without FORCE, is never put where anything exists (O_EXCL);
 *   - with FORCE, replaces only an existing regular file, and never by
 *     truncating it (O_TRUNC would follow a link swapped in after a
 *     check): the data goes to a new temporary file created with O_EXCL
 *     in the same directory, which rename() puts over PATH.  rename()
 *     replaces a directory entry, never the file a link points to.
 * Refusing links even with --force is a choice: replacing one would be
 * safe for its target, but as root it would clobber links such as
 * /dev/stdout; devices, FIFOs and directories are refused for the same
 * reason.  Directories along PATH are the caller's choice and followed. */
#ifndef MEMTRACE_OUTPUT_FILE_H
#define MEMTRACE_OUTPUT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct out_file {
	int fd;    /* open for writing; -1 after out_file_open failed */
	char *tmp; /* the temporary name until out_file_commit, or NULL */
	char *path;
};

/* Opens PATH for writing (FLAGS may add O_APPEND) as above.  0, or:
 * -EEXIST  something is at PATH and FORCE is false;
 * -ELOOP   PATH is a symbolic link (with or without FORCE);
 * -EISDIR  PATH is a directory;
 * -EINVAL  PATH is another file that is not a regular file (FORCE);
 * another -errno from open(), mkstemp() or lstat(). */
int out_file_open(struct out_file *f, const char *path, bool force, int flags);
/* Puts the file at PATH: renames the temporary over it (nothing to do
 * when PATH was created directly).  Does not close the fd.  0 or -errno;
 * on failure the temporary is removed. */
int out_file_commit(struct out_file *f);
/* Replaces PATH with the LEN bytes of DATA, atomically for readers: a
 * temporary in the same directory (O_EXCL), written, given MODE, synced,
 * then renamed over PATH, so a reader (node_exporter's textfile
 * collector) sees the old file or the new one, never a part.  A symbolic
 * link at PATH is replaced, not followed.  0 or -errno; the temporary is
 * removed on failure. */
int out_file_replace(const char *path, const char *data, size_t len, mode_t mode);
/* Forgets the file: removes the temporary if it was not committed and
 * frees the names.  Does not close the fd. */
void out_file_discard(struct out_file *f);

#endif
