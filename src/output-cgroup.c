#include "config.h"
#include "output-cgroup.h"
#include "escape.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define B(v) format_bytes((v), (char[32]){ 0 }, 32)
#define S(v) format_bytes_signed((v), (char[32]){ 0 }, 32)

static const char *opt(const struct cgroup_stats *s, enum cg_field f)
{
	static char bufs[8][32];
	static int i;
	char *b = bufs[i++ % 8];

	if (!cg_has(s, f))
		return "n/a";
	return format_bytes(s->v[f], b, 32);
}

/* Counters this kernel does not report, by group. */
static void missing(const struct cgroup_stats *s, char *buf, size_t len)
{
	static const enum cg_field want2[] = { CG_ANON, CG_FILE, CG_SHMEM, CG_ACTIVE_FILE, CG_INACTIVE_FILE,
					       CG_KERNEL, CG_KERNEL_STACK, CG_PAGETABLES, CG_SLAB_RECLAIMABLE,
					       CG_SLAB_UNRECLAIMABLE, CG_SOCK, CG_PERCPU, CG_PEAK, CG_SWAP };
	static const enum cg_field want1[] = { CG_ANON, CG_FILE, CG_SHMEM, CG_ACTIVE_FILE, CG_INACTIVE_FILE,
					       CG_PEAK, CG_SWAP, CG_KERNEL };
	const enum cg_field *w = s->version == 1 ? want1 : want2;
	size_t n = s->version == 1 ? ARRAY_SIZE(want1) : ARRAY_SIZE(want2), o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && o + 24 < len; i++)
		if (!cg_has(s, w[i]))
			o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? ", " : "", cg_field_name(w[i]));
}

static void print_escaped(FILE *out, const char *s)
{
	char *e = escape_dup(s, strlen(s));
	fputs(e, out);
	free(e);
}

static void print_title(FILE *out, const struct cgroup_report *r)
{
	fputs("memtrace cgroup ", out);
	print_escaped(out, r->ref->path);
	fprintf(out, " (cgroup v%d", r->stats->version);
	if (r->stats->version == 1 && r->mounts->has_v2)
		fputs(", hybrid host: memory controller on v1", out);
	fputs(")\n", out);
	if (r->container_id) {
		fprintf(out, "  container %s (%s", r->container_id, r->runtime);
		if (r->container_name) {
			fputs(", named ", out);
			print_escaped(out, r->container_name);
		}
		fputs(")\n", out);
	}
	fputs("  directory ", out);
	print_escaped(out, r->ref->dir);
	fputs("\n\n", out);
}

static void print_kernel_line(FILE *out, const struct cgroup_stats *s, const struct cgroup_view *v)
{
	if (s->version == 1 && !v->kernel_derived)
		fprintf(out, "  kernel       %10s   memory.kmem.usage_in_bytes (cgroup v1 has no breakdown)\n", B(v->kernel));
	else if (v->kernel_derived)
		fprintf(out, "  kernel       %10s   usage - anon - file (this cgroup v1 reports no kernel counters)\n",
			B(v->kernel));
	else
		fprintf(out, "  kernel       %10s   stacks %s, page tables %s, slab %s reclaimable + %s not, sockets %s, percpu %s\n",
			B(v->kernel), opt(s, CG_KERNEL_STACK), opt(s, CG_PAGETABLES), opt(s, CG_SLAB_RECLAIMABLE),
			opt(s, CG_SLAB_UNRECLAIMABLE), opt(s, CG_SOCK), opt(s, CG_PERCPU));
}

static void print_counters(FILE *out, const struct cgroup_stats *s, const struct cgroup_view *v)
{
	char miss[512];

	fprintf(out, "Usage          %10s   limit %s", opt(s, CG_USAGE), s->limit_is_max ? "none" : opt(s, CG_LIMIT));
	if (isfinite(v->usage_share_of_limit))
		fprintf(out, " (%.0f%% used)", 100 * v->usage_share_of_limit);
	if (s->version == 2)
		fprintf(out, "   high %s", cg_has(s, CG_HIGH) && s->v[CG_HIGH] != UINT64_MAX ? opt(s, CG_HIGH) : "none");
	fprintf(out, "   peak %s   swap %s\n", opt(s, CG_PEAK), opt(s, CG_SWAP));
	fprintf(out, "  anon         %10s   THP %s; active %s, inactive %s\n", B(v->anon), opt(s, CG_ANON_THP),
		opt(s, CG_ACTIVE_ANON), opt(s, CG_INACTIVE_ANON));
	fprintf(out, "  file         %10s   active %s, inactive %s, mapped %s, dirty %s, writeback %s\n", B(v->file),
		opt(s, CG_ACTIVE_FILE), opt(s, CG_INACTIVE_FILE), opt(s, CG_FILE_MAPPED), opt(s, CG_FILE_DIRTY),
		opt(s, CG_FILE_WRITEBACK));
	fprintf(out, "  shmem/tmpfs  %10s   counted in file, but on the anon LRU: %s\n", opt(s, CG_SHMEM),
		v->has_swap ? "reclaimable only by swapping" : "not reclaimable (no swap)");
	print_kernel_line(out, s, v);
	missing(s, miss, sizeof(miss));
	if (miss[0])
		fprintf(out, "  not reported by this kernel: %s\n", miss);
}

static void print_tools(FILE *out, const struct cgroup_view *v)
{
	fputs("\nWhat each tool would show\n", out);
	for (int t = 0; t < TOOL_COUNT; t++) {
		const struct cg_tool_value *tv = &v->tools[t];
		fprintf(out, "  %-36s %10s   %s\n  %36s              (%s)\n", tv->tool, tv->known ? B(tv->value) : "n/a",
			tv->meaning, "", tv->formula);
	}
}

static void print_reclaim(FILE *out, const struct cgroup_stats *s, const struct cgroup_view *v)
{
	fputs("\nWhat the kernel could take back\n", out);
	fprintf(out, "  inactive page cache  %10s   reclaimed first; docker stats and the working set leave it out\n",
		B(v->reclaimable_easy));
	fprintf(out, "  active page cache    %10s   reclaimable too, but counted by docker stats and the working set\n",
		B(v->reclaimable_active));
	fprintf(out, "  reclaimable slab     %10s\n", opt(s, CG_SLAB_RECLAIMABLE));
	fprintf(out, "  not reclaimable      %10s   %s\n", B(v->unreclaimable),
		v->has_swap ? "kernel memory (anon and tmpfs can be swapped out)"
			    : "anon (less LazyFree) + tmpfs/shmem + unreclaimable kernel memory: no swap here");
	if (v->proc_lazyfree > 0)
		fprintf(out,
			"\nWhere MADV_FREE pages land\n"
			"  The processes hold %s LazyFree. The cgroup counts these pages as anon (so cAdvisor's rss\n"
			"  and process RSS include them), but the kernel keeps them on the inactive file list (since\n"
			"  Linux 4.12), so docker stats and the kubelet working set already leave them out, and\n"
			"  reclaim takes them without swap. That is why docker stats and RSS disagree for Go 1.12-1.15.\n",
			B(v->proc_lazyfree));
}

static void print_processes(FILE *out, const struct cgroup_report *r)
{
	const struct cgroup_view *v = r->view;

	fprintf(out, "\nProcesses (%zu)\n", r->nprocs);
	if (!r->nprocs)
		return;
	fprintf(out, "  %8s  %-16s %10s %10s %10s %10s %10s\n", "pid", "comm", "rss", "pss", "uss", "anon", "lazyfree");
	for (size_t i = 0; i < r->nprocs; i++) {
		const struct cg_proc *p = &r->procs[i];
		char *c = escape_dup(p->comm, strlen(p->comm));
		fprintf(out, "  %8d  %-16s %10s %10s %10s %10s %10s\n", (int)p->pid, c, B(p->rss),
			p->rollup ? B(p->pss) : "n/a", p->rollup ? B(p->uss) : "n/a", B(p->anon),
			p->rollup && p->lazyfree_known ? B(p->lazyfree) : "n/a");
		free(c);
	}
	bool any_rollup = v->procs_partial < r->nprocs;
	fprintf(out, "  %8s  %-16s %10s %10s %10s %10s %10s\n", "", "total", B(v->proc_rss),
		any_rollup ? B(v->proc_pss) : "n/a", any_rollup ? B(v->proc_uss) : "n/a", B(v->proc_anon),
		any_rollup ? B(v->proc_lazyfree) : "n/a");
	if (v->procs_partial)
		fprintf(out, "  (%zu processes: smaps_rollup unreadable, status numbers only)\n", v->procs_partial);
}

static void print_reconciliation(FILE *out, const struct cgroup_stats *s, const struct cgroup_view *v)
{
	fputs("\nReconciliation\n", out);
	fprintf(out, "  anon: cgroup %s, processes %s: %s\n    %s\n", B(v->anon), B(v->proc_anon), S(v->anon_unmapped),
		v->anon_unmapped > 0
			? "charged to the cgroup but mapped by no living process (swap cache, exiting or unreadable processes)"
		: v->anon_unmapped < 0 ? "processes count pages they share after fork() once each; the cgroup is charged once"
				       : "the processes map exactly what the cgroup charges");
	fprintf(out, "  page cache: cgroup %s (without shmem), mapped by processes %s: %s\n    %s\n", B(v->file_not_shmem),
		B(v->proc_file), S(v->file_unmapped),
		v->file_unmapped > 0 ? "page cache of files read or written in the cgroup and not mapped: reclaimable, and it "
				       "stays charged after the writer exits"
		: v->file_unmapped < 0
			? "processes map file pages charged to other cgroups (shared libraries loaded first elsewhere), "
			  "and each process counts the pages it shares"
			: "all of it is mapped by the processes");
	if (!cg_has(s, CG_SHMEM))
		fprintf(out, "  shmem/tmpfs: n/a (this kernel's memory.stat has no shmem counter)\n");
	else
		fprintf(out, "  shmem/tmpfs: cgroup %s, mapped by processes %s: %s\n    %s\n", B(v->shmem), B(v->proc_shmem),
			S(v->shmem_unmapped),
			v->shmem_unmapped > 0 ? "files in /dev/shm or tmpfs that no process maps: unreclaimable without swap, "
						"until deleted"
			: v->shmem_unmapped < 0
				? "each process that maps the same shared memory counts it, or it is charged to another cgroup"
				: "all of it is mapped by the processes");
	fprintf(out, "  other (kernel memory): %s\n", B(v->kernel));
}

static void print_events(FILE *out, const struct cgroup_stats *s)
{
	/* counts, not sizes */
	static const enum cg_field ev[] = { CG_FAILCNT, CG_EV_LOW, CG_EV_HIGH, CG_EV_MAX, CG_EV_OOM, CG_EV_OOM_KILL, CG_UNDER_OOM };
	bool any = false;

	fputs("\nEvents\n  ", out);
	for (size_t i = 0; i < ARRAY_SIZE(ev); i++)
		if (cg_has(s, ev[i])) {
			fprintf(out, "%s%s %llu", any ? ", " : "", cg_field_name(ev[i]), (unsigned long long)s->v[ev[i]]);
			any = true;
		}
	fputs(any ? "\n" : "none reported\n", out);
	if (s->psi.present)
		fprintf(out, "  pressure: some avg10 %.2f%% avg60 %.2f%% avg300 %.2f%%; full avg10 %.2f%% avg60 %.2f%% avg300 %.2f%%\n",
			s->psi.some_avg10, s->psi.some_avg60, s->psi.some_avg300, s->psi.full_avg10, s->psi.full_avg60,
			s->psi.full_avg300);
	else
		fputs("  pressure: not available (cgroup v1, or PSI disabled)\n", out);
}

void cgroup_print_text(FILE *out, const struct cgroup_report *r)
{
	print_title(out, r);
	print_counters(out, r->stats, r->view);
	print_tools(out, r->view);
	print_reclaim(out, r->stats, r->view);
	print_processes(out, r);
	print_reconciliation(out, r->stats, r->view);
	print_events(out, r->stats);
}

static json_t *jb(const struct cgroup_stats *s, enum cg_field f)
{
	return cg_has(s, f) ? json_integer((json_int_t)(s->v[f] == UINT64_MAX ? -1 : (json_int_t)s->v[f])) : json_null();
}

json_t *cgroup_to_json(const struct cgroup_report *r)
{
	const struct cgroup_stats *s = r->stats;
	const struct cgroup_view *v = r->view;
	json_t *o = json_object(), *c = json_object(), *tools = json_object(), *groups = json_object();
	json_t *procs = json_array(), *rec = json_object(), *recl = json_object(), *ev = json_object();
	char *e;

	json_object_set_new(o, "schema", json_string("memtrace-cgroup"));
	json_object_set_new(o, "version", json_integer(1));
	e = escape_dup(r->ref->path, strlen(r->ref->path));
	json_object_set_new(o, "cgroup", json_string(e));
	free(e);
	e = escape_dup(r->ref->dir, strlen(r->ref->dir));
	json_object_set_new(o, "directory", json_string(e));
	free(e);
	json_object_set_new(o, "cgroup_version", json_integer(s->version));
	json_object_set_new(o, "hybrid", json_boolean(r->mounts->has_v1 && r->mounts->has_v2));
	json_object_set_new(o, "container_id", r->container_id ? json_string(r->container_id) : json_null());
	json_object_set_new(o, "runtime", r->runtime ? json_string(r->runtime) : json_null());
	if (r->container_name) {
		e = escape_dup(r->container_name, strlen(r->container_name));
		json_object_set_new(o, "container_name", json_string(e));
		free(e);
	} else {
		json_object_set_new(o, "container_name", json_null());
	}
	for (int f = 0; f < CG_COUNT; f++)
		json_object_set_new(c, cg_field_name((enum cg_field)f), jb(s, (enum cg_field)f));
	json_object_set_new(c, "limit_is_max", json_boolean(s->limit_is_max));
	json_object_set_new(o, "counters", c);
	json_object_set_new(groups, "anon", json_integer((json_int_t)v->anon));
	json_object_set_new(groups, "file", json_integer((json_int_t)v->file));
	json_object_set_new(groups, "shmem", cg_has(s, CG_SHMEM) ? json_integer((json_int_t)v->shmem) : json_null());
	json_object_set_new(groups, "kernel", json_integer((json_int_t)v->kernel));
	json_object_set_new(groups, "kernel_derived", json_boolean(v->kernel_derived));
	json_object_set_new(groups, "swap", cg_has(s, CG_SWAP) ? json_integer((json_int_t)v->swap) : json_null());
	json_object_set_new(o, "groups", groups);
	for (int t = 0; t < TOOL_COUNT; t++) {
		const struct cg_tool_value *tv = &v->tools[t];
		json_t *x = json_object();
		json_object_set_new(x, "value", tv->known ? json_integer((json_int_t)tv->value) : json_null());
		json_object_set_new(x, "tool", json_string(tv->tool));
		json_object_set_new(x, "formula", json_string(tv->formula));
		json_object_set_new(x, "meaning", json_string(tv->meaning));
		json_object_set_new(tools, tv->id, x);
	}
	json_object_set_new(o, "tools", tools);
	json_object_set_new(recl, "inactive_file", json_integer((json_int_t)v->reclaimable_easy));
	json_object_set_new(recl, "active_file", json_integer((json_int_t)v->reclaimable_active));
	json_object_set_new(recl, "slab_reclaimable", jb(s, CG_SLAB_RECLAIMABLE));
	json_object_set_new(recl, "not_reclaimable", json_integer((json_int_t)v->unreclaimable));
	json_object_set_new(recl, "swap_available", json_boolean(v->has_swap));
	json_object_set_new(o, "reclaim", recl);
	for (size_t i = 0; i < r->nprocs; i++) {
		const struct cg_proc *p = &r->procs[i];
		json_t *x = json_object();
		json_object_set_new(x, "pid", json_integer(p->pid));
		e = escape_dup(p->comm, strlen(p->comm));
		json_object_set_new(x, "comm", json_string(e));
		free(e);
		json_object_set_new(x, "rss", json_integer((json_int_t)p->rss));
		json_object_set_new(x, "anon", json_integer((json_int_t)p->anon));
		json_object_set_new(x, "file", json_integer((json_int_t)p->file));
		json_object_set_new(x, "shmem", json_integer((json_int_t)p->shmem));
		json_object_set_new(x, "pss", p->rollup ? json_integer((json_int_t)p->pss) : json_null());
		json_object_set_new(x, "uss", p->rollup ? json_integer((json_int_t)p->uss) : json_null());
		json_object_set_new(x, "lazyfree", p->rollup && p->lazyfree_known ? json_integer((json_int_t)p->lazyfree) : json_null());
		json_array_append_new(procs, x);
	}
	json_object_set_new(o, "processes", procs);
	json_object_set_new(rec, "processes_anon", json_integer((json_int_t)v->proc_anon));
	json_object_set_new(rec, "processes_rss", json_integer((json_int_t)v->proc_rss));
	json_object_set_new(rec, "processes_pss", json_integer((json_int_t)v->proc_pss));
	json_object_set_new(rec, "processes_lazyfree", json_integer((json_int_t)v->proc_lazyfree));
	json_object_set_new(rec, "anon_unmapped", json_integer(v->anon_unmapped));
	json_object_set_new(rec, "page_cache_unmapped", json_integer(v->file_unmapped));
	json_object_set_new(rec, "shmem_unmapped", json_integer(v->shmem_unmapped));
	json_object_set_new(o, "reconciliation", rec);
	static const enum cg_field evf[] = { CG_FAILCNT, CG_EV_LOW, CG_EV_HIGH, CG_EV_MAX, CG_EV_OOM, CG_EV_OOM_KILL, CG_UNDER_OOM };
	for (size_t i = 0; i < ARRAY_SIZE(evf); i++)
		json_object_set_new(ev, cg_field_name(evf[i]), jb(s, evf[i]));
	json_object_set_new(o, "events", ev);
	if (s->psi.present) {
		json_t *p = json_object();
		json_object_set_new(p, "some_avg10", json_real(s->psi.some_avg10));
		json_object_set_new(p, "some_avg60", json_real(s->psi.some_avg60));
		json_object_set_new(p, "some_avg300", json_real(s->psi.some_avg300));
		json_object_set_new(p, "full_avg10", json_real(s->psi.full_avg10));
		json_object_set_new(p, "full_avg60", json_real(s->psi.full_avg60));
		json_object_set_new(p, "full_avg300", json_real(s->psi.full_avg300));
		json_object_set_new(o, "pressure", p);
	} else {
		json_object_set_new(o, "pressure", json_null());
	}
	{
		char miss[512];
		json_t *m = json_array();
		missing(s, miss, sizeof(miss));
		for (char *save = NULL, *t = strtok_r(miss, ", ", &save); t; t = strtok_r(NULL, ", ", &save))
			json_array_append_new(m, json_string(t));
		json_object_set_new(o, "missing_counters", m);
	}
	return o;
}
