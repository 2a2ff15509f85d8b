/* memtrace diff A B: what grew between two snapshots.  A and B are files
 * saved with 'memtrace snapshot --save', or a live PID/name for B (or A). */
#include "config.h"
#include "analysis-diff.h"
#include "escape.h"
#include "memtrace.h"
#include "output-json.h"
#include "source-jsonfile.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define B(v) format_bytes((v), (char[32]){ 0 }, 32)
#define D(v) format_bytes_signed((v), (char[32]){ 0 }, 32)

static void diff_usage(FILE *out)
{
	fputs("Usage: memtrace diff [OPTIONS] BEFORE AFTER\n"
	      "\n"
	      "Compares two snapshots per region class and per mapping, sorted by RSS\n"
	      "growth.  BEFORE and AFTER are files saved with 'memtrace snapshot --save',\n"
	      "or a live PID or process name.\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json     JSON for programs (schema memtrace-diff v1)\n"
	      "  -n, --top N    show the first N mappings by RSS growth, largest\n"
	      "                 first, then the largest shrinks (default 20)\n"
	      "  -h, --help     this help\n",
	      out);
}

/* A saved snapshot is one JSON document on one line (a cap per line would
 * be a cap on the file), so the bounds are on the whole file.  A mapping
 * takes about 550 bytes, 33 values and 2 objects of it (more with a long
 * name), and the kernel's default vm.max_map_count is 65,530 mappings:
 * about 35 MiB, whose jansson tree takes about 170 MB.  The limits leave
 * twice that room (131,072 mappings); a hostile file within them costs at
 * most about 550 MB (measured: 4 Mi keys in one object), where before a
 * 32 MB "[0,0,...]" took 650 MB and 7 s and nothing stopped a larger one. */
static const struct jsonfile_limits saved_snapshot_limits = {
	.max_bytes = 64u << 20,
	.max_values = 4u << 20,
	.max_objects = 256u << 10,
};

static int load_file(const char *path, struct snapshot *s)
{
	const struct jsonfile_limits *lim = &saved_snapshot_limits;
	struct jsonfile_error je;
	char err[256];
	json_t *doc;
	int rc = jsonfile_load(path, lim, &doc, &je);

	if (rc == -EINVAL) {
		err_msg("'%s' is not valid JSON (line %d, column %d: %s)", path, je.line, je.column, je.text);
		return EXIT_RUNTIME;
	} else if (rc == -EFBIG) {
		if (strcmp(je.limit, "bytes") == 0)
			err_msg("'%s' is larger than %zu MiB: not a saved snapshot (one of 65,530 mappings, the "
				"kernel's default most, takes about 35 MiB)",
				path, lim->max_bytes >> 20);
		else
			err_msg("'%s' has more JSON %s than a saved snapshot of 131,072 mappings (at most %zu): "
				"not a saved snapshot",
				path, je.limit, strcmp(je.limit, "values") == 0 ? lim->max_values : lim->max_objects);
		return EXIT_RUNTIME;
	} else if (rc) {
		err_msg("cannot read '%s': %s", path, strerror(-rc));
		return EXIT_RUNTIME;
	}
	rc = snapshot_from_json(doc, s, err, sizeof(err));
	json_decref(doc);
	if (rc) {
		err_msg("'%s': %s", path, err);
		return EXIT_RUNTIME;
	}
	return 0;
}

/* A path that exists is a saved snapshot; anything else names a process. */
static int load_side(const char *arg, struct snapshot *s)
{
	/* identity too: the exe and the age tell whether a saved side was the same program */
	struct snapshot_opts so = { .root = g.proc_root, .keep_all = true, .identity = true };
	struct snapshot_error e;
	struct stat st;
	pid_t pid;
	int rc;

	if (stat(arg, &st) == 0 || strchr(arg, '/') || strstr(arg, ".json")) {
		snapshot_init(s, 0, 0, true);
		return load_file(arg, s);
	}
	rc = target_resolve(arg, &pid);
	if (rc)
		return rc;
	snapshot_init(s, pid, 0, true);
	rc = snapshot_take(&so, s, &e);
	if (rc)
		return report_snapshot_error(pid, &e);
	if (s->partial == PARTIAL_SMAPS_TRUNCATED)
		err_msg("warning: smaps of pid %d ended mid-mapping; the diff may be incomplete", (int)pid);
	if (!s->have_smaps) {
		err_msg("cannot read '/proc/%d/smaps': %s (run as the process owner, as root, or with CAP_SYS_PTRACE)",
			(int)pid, strerror(s->smaps_errno));
		return EXIT_DENIED;
	}
	return 0;
}

/* The exe path without the " (deleted)" an upgrade leaves on it. */
static size_t exe_len(const char *exe)
{
	static const char deleted[] = " (deleted)";
	size_t n = strlen(exe), k = sizeof(deleted) - 1;

	return n >= k && strcmp(exe + n - k, deleted) == 0 ? n - k : n;
}

/* Was the same PID another program in the two snapshots?  "pid-reused"
 * when the start times (snapshot time - age) differ, "exec" when the
 * executable or the name changed; NULL when it looks like one program. */
static const char *program_changed(const struct snapshot *a, const struct snapshot *b)
{
	if (a->pid != b->pid)
		return NULL;
	if (a->age >= 0 && b->age >= 0 && a->wall.tv_sec && b->wall.tv_sec &&
	    fabs(((double)a->wall.tv_sec - a->age) - ((double)b->wall.tv_sec - b->age)) > 2.0)
		return "pid-reused";
	if (a->exe && b->exe && (exe_len(a->exe) != exe_len(b->exe) || strncmp(a->exe, b->exe, exe_len(a->exe)) != 0))
		return "exec";
	if (strcmp(a->status.name, b->status.name) != 0)
		return "exec";
	return NULL;
}

static void warn_program_changed(const struct snapshot *a, const struct snapshot *b, const char *how)
{
	char *from = escape_dup(a->status.name, strlen(a->status.name));
	char *to = escape_dup(b->status.name, strlen(b->status.name));

	err_msg("warning: pid %d %s between the two snapshots (%s -> %s): its mappings are not one program's, "
		"the diff compares two programs",
		(int)a->pid, strcmp(how, "exec") == 0 ? "exec'd another program" : "is another process", from, to);
	free(from);
	free(to);
}

static void print_text(FILE *out, const struct snapshot *a, const struct snapshot *b,
		       const struct snapshot_diff *d, size_t top)
{
	static const enum mc_field fields[] = { MC_RSS, MC_PSS, MC_ANONYMOUS, MC_LAZYFREE, MC_SWAP };
	char dur[32];
	size_t shown = 0;

	fprintf(out, "memtrace diff: pid %d -> pid %d", (int)a->pid, (int)b->pid);
	if (d->seconds >= 0)
		fprintf(out, ", %s apart", format_duration(d->seconds, dur, sizeof(dur)));
	fputs("\n\nTotals\n", out);
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		enum mc_field f = fields[i];
		if (!mc_has(&d->total_a, f) || !mc_has(&d->total_b, f))
			continue;
		fprintf(out, "  %-10s %10s -> %10s  %11s\n", mc_kernel_name(f), B(d->total_a.v[f]), B(d->total_b.v[f]),
			D(diff_delta(&d->total_a, &d->total_b, f)));
	}
	fputs("\nBy region class (RSS)\n", out);
	fprintf(out, "  %-13s %10s    %10s  %11s  %s\n", "class", "before", "after", "change", "maps");
	for (int i = 0; i < RC_COUNT; i++) {
		const struct class_total *ca = &d->class_a[i], *cb = &d->class_b[i];
		if (!ca->mappings && !cb->mappings)
			continue;
		fprintf(out, "  %-13s %10s -> %10s  %11s  %lu -> %lu\n", region_class_name((enum region_class)i),
			B(ca->c.v[MC_RSS]), B(cb->c.v[MC_RSS]), D(diff_delta(&ca->c, &cb->c, MC_RSS)), ca->mappings,
			cb->mappings);
	}
	fputs("\nMappings by RSS change\n", out);
	size_t *sel = xcalloc(2 * top + 1, sizeof(*sel)), nsel = snapshot_diff_select(d, top, sel);
	for (size_t k = 0; k < nsel; k++) {
		const struct diff_row *r = &d->rows[sel[k]];
		int64_t delta = diff_delta(&r->a, &r->b, MC_RSS);
		fprintf(out, "  %11s  %10s -> %10s  %-12s %s%s\n", D(delta), B(r->a.v[MC_RSS]), B(r->b.v[MC_RSS]),
			region_class_name(r->cls), r->key, !r->in_a ? "  (new)" : !r->in_b ? "  (gone)" : "");
		shown++;
	}
	free(sel);
	if (shown == 0)
		fputs("  (no mapping changed its RSS)\n", out);
}

static json_t *print_json(const struct snapshot *a, const struct snapshot *b, const struct snapshot_diff *d,
			  size_t top)
{
	json_t *doc = json_object(), *classes = json_array(), *rows = json_array();

	json_object_set_new(doc, "schema", json_string("memtrace-diff"));
	json_object_set_new(doc, "version", json_integer(1));
	json_object_set_new(doc, "before_pid", json_integer(a->pid));
	json_object_set_new(doc, "after_pid", json_integer(b->pid));
	json_object_set_new(doc, "seconds", d->seconds >= 0 ? json_real(d->seconds) : json_null());
	json_object_set_new(doc, "before", counters_to_json(&d->total_a));
	json_object_set_new(doc, "after", counters_to_json(&d->total_b));
	for (int i = 0; i < RC_COUNT; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "class", json_string(region_class_name((enum region_class)i)));
		json_object_set_new(o, "rss_before", json_integer((json_int_t)d->class_a[i].c.v[MC_RSS]));
		json_object_set_new(o, "rss_after", json_integer((json_int_t)d->class_b[i].c.v[MC_RSS]));
		json_object_set_new(o, "rss_change", json_integer(diff_delta(&d->class_a[i].c, &d->class_b[i].c, MC_RSS)));
		json_object_set_new(o, "lazyfree_change",
				    json_integer(diff_delta(&d->class_a[i].c, &d->class_b[i].c, MC_LAZYFREE)));
		json_object_set_new(o, "mappings_before", json_integer((json_int_t)d->class_a[i].mappings));
		json_object_set_new(o, "mappings_after", json_integer((json_int_t)d->class_b[i].mappings));
		json_array_append_new(classes, o);
	}
	json_object_set_new(doc, "classes", classes);
	size_t *sel = xcalloc(2 * top + 1, sizeof(*sel)), nsel = snapshot_diff_select(d, top, sel);
	for (size_t k = 0; k < nsel; k++) {
		const struct diff_row *r = &d->rows[sel[k]];
		json_t *o = json_object();
		json_object_set_new(o, "key", json_string(r->key));
		json_object_set_new(o, "class", json_string(region_class_name(r->cls)));
		json_object_set_new(o, "status", json_string(!r->in_a ? "new" : !r->in_b ? "gone" : "changed"));
		json_object_set_new(o, "rss_before", json_integer((json_int_t)r->a.v[MC_RSS]));
		json_object_set_new(o, "rss_after", json_integer((json_int_t)r->b.v[MC_RSS]));
		json_object_set_new(o, "rss_change", json_integer(diff_delta(&r->a, &r->b, MC_RSS)));
		json_object_set_new(o, "lazyfree_change", json_integer(diff_delta(&r->a, &r->b, MC_LAZYFREE)));
		json_array_append_new(rows, o);
	}
	free(sel);
	json_object_set_new(doc, "mappings", rows);
	return doc;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "top", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct snapshot a, b;
	struct snapshot_diff d;
	bool json = false;
	long top = 20;
	int c, rc;

	while ((c = getopt_long(argc, argv, "jn:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'n':
			if (!parse_count(optarg, 1000000, &top)) {
				err_msg("--top wants a count, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			diff_usage(stdout);
			return finish_output(stdout, EXIT_OK);
		default:
			diff_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		err_msg("diff: give two snapshots (saved files or live PIDs)");
		diff_usage(stderr);
		return EXIT_USAGE;
	}
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	rc = load_side(argv[optind], &a);
	if (rc == 0)
		rc = load_side(argv[optind + 1], &b);
	if (rc) {
		snapshot_free(&a);
		snapshot_free(&b);
		return rc;
	}
	snapshot_diff_compute(&a, &b, &d);
	const char *changed = program_changed(&a, &b);
	if (changed)
		warn_program_changed(&a, &b, changed);
	if (json) {
		json_t *doc = print_json(&a, &b, &d, (size_t)top);
		json_object_set_new(doc, "program_changed", changed ? json_string(changed) : json_null());
		json_write(stdout, doc, true);
		json_decref(doc);
	} else {
		print_text(stdout, &a, &b, &d, (size_t)top);
	}
	snapshot_diff_free(&d);
	snapshot_free(&a);
	snapshot_free(&b);
	return finish_output(stdout, EXIT_OK);
}
