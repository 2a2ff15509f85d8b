#include "config.h"
#include "output-text.h"
#include "analysis-notes.h"
#include "output-notes-text.h"
#include "escape.h"
#include "util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define B(v) format_bytes((v), (char[32]){ 0 }, 32)

static double share(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void print_escaped(FILE *out, const char *s, size_t len)
{
	char *e = escape_dup(s, len);
	fputs(e, out);
	free(e);
}

static void print_identity(FILE *out, const struct snapshot *s)
{
	const struct runtime_info *rt = &s->rt;
	char age[32];
	bool any = false;

	fprintf(out, "memtrace snapshot of pid %d (", (int)s->pid);
	print_escaped(out, s->status.name, strlen(s->status.name));
	fputs(")\n", out);
	if (s->argv && s->argv[0]) {
		fputs("  command   ", out);
		for (char **a = s->argv; *a; a++) {
			if (a != s->argv)
				fputc(' ', out);
			print_escaped(out, *a, strlen(*a));
		}
		fputc('\n', out);
	}
	if (s->exe) {
		fputs("  exe       ", out);
		print_escaped(out, s->exe, strlen(s->exe));
		fputc('\n', out);
	}
	fprintf(out, "  state     %c   threads %d", s->status.state ? s->status.state : '?', s->status.threads);
	if (s->age >= 0)
		fprintf(out, "   age %s", format_duration(s->age, age, sizeof(age)));
	if (s->cpu_seconds >= 0)
		fprintf(out, "   cpu %s", format_duration(s->cpu_seconds, age, sizeof(age)));
	fprintf(out, "   kernel %s   THP %s\n", s->kernel[0] ? s->kernel : "?", s->thp[0] ? s->thp : "?");
	fprintf(out, "  runtime   %s", runtime_language(rt));
	if (rt->go_version[0]) {
		fputc(' ', out);
		print_escaped(out, rt->go_version, strlen(rt->go_version));
	}
	fprintf(out, ", allocator %s", runtime_allocator(rt));
	if (strcmp(runtime_allocator(rt), "glibc") == 0)
		fprintf(out, " (%lu arena%s besides the main heap)", rt->arenas, rt->arenas == 1 ? "" : "s");
	fputc('\n', out);
	fputs("  settings  ", out);
	for (int i = 0; i < RUNTIME_SETTINGS; i++) {
		if (!rt->settings[i])
			continue;
		fprintf(out, "%s%s=", any ? " " : "", runtime_setting_names[i]);
		print_escaped(out, rt->settings[i], strlen(rt->settings[i]));
		any = true;
	}
	if (!any)
		fputs(rt->environ_read ? "(none of GODEBUG, GOGC, GOMEMLIMIT, GOMAXPROCS, MALLOC_ARENA_MAX, MALLOC_CONF set)"
				       : "(environment unreadable)",
		      out);
	fputs("\n\n", out);
}

static void print_totals(FILE *out, const struct snapshot *s)
{
	const struct mem_counters *t = snapshot_totals(s);
	const struct proc_status *st = &s->status;
	struct snapshot_derived d;

	snapshot_derive(s, &d);
	fprintf(out, "Totals%s\n", !s->have_smaps ? " (from status only)" : s->have_rollup ? "" : " (summed from smaps)");
	fprintf(out, "  RSS            %10s   anon %s, file %s, shmem %s\n", B(d.rss), B(d.rss_anon), B(d.rss_file),
		B(d.rss_shmem));
	if (s->have_smaps) {
		if (d.lazyfree_known) {
			fprintf(out, "  LazyFree       %10s   freed with MADV_FREE, still counted in RSS\n", B(d.lazyfree));
			fprintf(out, "  effective RSS  %10s   RSS - LazyFree\n", B(d.effective_rss));
		} else {
			fprintf(out, "  LazyFree       %10s   (this kernel does not report it)\n", "n/a");
		}
		fprintf(out, "  PSS            %10s", B(t->v[MC_PSS]));
		if (mc_has(t, MC_PSS_ANON))
			fprintf(out, "   anon %s, file %s, shmem %s", B(t->v[MC_PSS_ANON]), B(t->v[MC_PSS_FILE]),
				B(t->v[MC_PSS_SHMEM]));
		fputc('\n', out);
		fprintf(out, "  USS            %10s   private clean + dirty\n", B(d.uss));
		fprintf(out, "  Swap           %10s   SwapPss %s\n", B(t->v[MC_SWAP]),
			mc_has(t, MC_SWAP_PSS) ? B(t->v[MC_SWAP_PSS]) : "n/a");
		fprintf(out, "  AnonHugePages  %10s   Locked %s\n", B(t->v[MC_ANON_HUGE]), B(t->v[MC_LOCKED]));
	} else {
		fprintf(out, "  PSS, USS, LazyFree  unknown (smaps unreadable)\n");
		fprintf(out, "  Swap           %10s\n", B(st->v[ST_VM_SWAP]));
	}
	if (s->have_smaps)
		fprintf(out, "  VSZ            %10s   mappings %lu\n", B(d.vsz), s->mappings);
	else
		fprintf(out, "  VSZ            %10s   mappings n/a\n", B(d.vsz));
	fprintf(out, "  peak RSS       %10s   page tables %s\n\n",
		status_has(st, ST_VM_HWM) ? B(st->v[ST_VM_HWM]) : "n/a",
		status_has(st, ST_VM_PTE) ? B(st->v[ST_VM_PTE]) : "n/a");
}

static void print_classes(FILE *out, const struct snapshot *s)
{
	const struct mem_counters *t = snapshot_totals(s);
	bool lf = mc_has(t, MC_LAZYFREE);
	struct mem_counters sum = { 0 };
	unsigned long maps = 0;

	fputs("By region class\n", out);
	fprintf(out, "  %-13s %7s %10s %10s %10s %10s %10s %10s %6s\n", "class", "maps", "size", "rss", "pss", "uss",
		"swap", "lazyfree", "%rss");
	for (int i = 0; i < RC_COUNT; i++) {
		const struct class_total *ct = &s->classes[i];
		if (ct->mappings == 0)
			continue;
		fprintf(out, "  %-13s %7lu %10s %10s %10s %10s %10s %10s %5.1f%%\n",
			region_class_name((enum region_class)i), ct->mappings, B(ct->c.v[MC_SIZE]), B(ct->c.v[MC_RSS]),
			B(ct->c.v[MC_PSS]), B(mc_uss(&ct->c)), B(ct->c.v[MC_SWAP]),
			lf ? B(ct->c.v[MC_LAZYFREE]) : "n/a", share(ct->c.v[MC_RSS], s->sum.v[MC_RSS]));
		mc_add(&sum, &ct->c);
		maps += ct->mappings;
	}
	fprintf(out, "  %-13s %7lu %10s %10s %10s %10s %10s %10s %5.1f%%\n\n", "total", maps, B(sum.v[MC_SIZE]),
		B(sum.v[MC_RSS]), B(sum.v[MC_PSS]), B(mc_uss(&sum)), B(sum.v[MC_SWAP]),
		lf ? B(sum.v[MC_LAZYFREE]) : "n/a", share(sum.v[MC_RSS], s->sum.v[MC_RSS]));
}

static void print_top(FILE *out, const struct snapshot *s)
{
	bool lf = mc_has(snapshot_totals(s), MC_LAZYFREE);

	if (s->ntop == 0)
		return;
	fprintf(out, "Top %zu mappings by RSS\n", s->ntop);
	fprintf(out, "  %-33s %-4s %-12s %10s %10s  %s\n", "address", "perm", "class", "rss", "lazyfree", "name");
	for (size_t i = 0; i < s->ntop; i++) {
		const struct snap_mapping *m = &s->top[i];
		char range[40];
		snprintf(range, sizeof(range), "%012" PRIx64 "-%012" PRIx64, m->start, m->end);
		fprintf(out, "  %-33s %-4s %-12s %10s %10s  ", range, m->perms, region_class_name(m->cls),
			B(m->c.v[MC_RSS]), lf ? B(m->c.v[MC_LAZYFREE]) : "n/a");
		if (m->name_len)
			print_escaped(out, m->name, m->name_len);
		else
			fputs("[anonymous]", out);
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void print_notes(FILE *out, const struct snapshot *s)
{
	struct note notes[NOTES_MAX];
	int n = notes_for_snapshot(s, notes);

	if (n == 0)
		return;
	fputs("Notes\n", out);
	for (int i = 0; i < n; i++) {
		char text[600];
		note_render(&notes[i], text, sizeof(text));
		fprintf(out, "  - %s\n", text);
	}
}

void snapshot_print_text(FILE *out, const struct snapshot *s)
{
	print_identity(out, s);
	print_totals(out, s);
	if (s->have_smaps) {
		print_classes(out, s);
		print_top(out, s);
	}
	print_notes(out, s);
}
