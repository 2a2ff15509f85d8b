#include "config.h"
#include "source-identity.h"
#include "source-proc.h"

#include <stdio.h>
#include <string.h>

void identity_from(const char *root, pid_t pid, const struct proc_status *st, const struct proc_stat *sf,
		   struct proc_identity *id)
{
	static const char deleted[] = " (deleted)";
	size_t n;

	memset(id, 0, sizeof(*id));
	id->start_ticks = sf ? sf->start_ticks : 0;
	id->start_stack = sf ? sf->start_stack : 0;
	snprintf(id->comm, sizeof(id->comm), "%s", st->name);
	id->have_hwm = status_has(st, ST_VM_HWM);
	id->hwm = id->have_hwm ? st->v[ST_VM_HWM] : 0;
	if (proc_readlink(root, pid, "exe", id->exe, sizeof(id->exe)) != 0) {
		id->exe[0] = '\0';
		return;
	}
	/* an upgrade that replaces the binary on disk is not an exec */
	n = strlen(id->exe);
	if (n >= sizeof(deleted) - 1 && strcmp(id->exe + n - (sizeof(deleted) - 1), deleted) == 0)
		id->exe[n - (sizeof(deleted) - 1)] = '\0';
}

enum identity_change identity_compare(const struct proc_identity *a, const struct proc_identity *b)
{
	if (a->start_ticks && b->start_ticks && a->start_ticks != b->start_ticks)
		return IDENTITY_PID_REUSED;
	if (a->exe[0] && b->exe[0] && strcmp(a->exe, b->exe) != 0)
		return IDENTITY_EXEC;
	if (a->start_stack && b->start_stack && a->start_stack != b->start_stack)
		return IDENTITY_EXEC;
	/* without ASLR a re-exec keeps the stack start: a high-water mark
	 * that fell by far more than its per-CPU fuzz */
	if (a->have_hwm && b->have_hwm && b->hwm + 8 * 1024 * 1024 <= a->hwm && b->hwm * 4 <= a->hwm * 3)
		return IDENTITY_EXEC;
	/* without the exe link (not ours to read), a new name is the best
	 * sign left */
	if ((!a->exe[0] || !b->exe[0]) && strcmp(a->comm, b->comm) != 0)
		return IDENTITY_EXEC;
	return IDENTITY_SAME;
}

const char *identity_change_name(enum identity_change c)
{
	return c == IDENTITY_EXEC ? "exec" : c == IDENTITY_PID_REUSED ? "pid-reused" : "none";
}
