/* Names that come from the target (paths, memfd names, comm, cmdline) are
 * arbitrary bytes chosen by that process.  Before any of them reaches a
 * terminal or a JSON document they go through escape_name(): control bytes,
 * DEL, C1 controls and bytes that are not valid UTF-8 become "\xHH", so a
 * hostile name can neither move the cursor nor retitle the terminal, and the
 * result is always valid UTF-8 (which JSON requires). */
#ifndef MEMTRACE_ESCAPE_H
#define MEMTRACE_ESCAPE_H

#include <stddef.h>

/* Escapes LEN bytes of IN into OUT (always NUL-terminated, truncated to
 * OUTSZ).  Returns OUT. */
char *escape_name(const char *in, size_t len, char *out, size_t outsz);
/* Same, into a new allocation. */
char *escape_dup(const char *in, size_t len);

#endif
