#include "config.h"
#include "output-json.h"
#include "analysis-notes.h"
#include "output-notes-text.h"
#include "escape.h"
#include "source-procps.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static json_t *jstr_escaped(const char *s, size_t len)
{
	char *e = escape_dup(s, len);
	json_t *j = json_string(e);
	free(e);
	return j;
}

static json_t *jbytes(uint64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *jhex(uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return json_string(buf);
}

json_t *counters_to_json(const struct mem_counters *c)
{
	json_t *o = json_object();

	for (int f = 0; f < MC_COUNT; f++)
		if (mc_has(c, (enum mc_field)f))
			json_object_set_new(o, mc_json_key((enum mc_field)f), jbytes(c->v[f]));
	if (mc_has(c, MC_PRIVATE_CLEAN) || mc_has(c, MC_PRIVATE_DIRTY))
		json_object_set_new(o, "uss", jbytes(mc_uss(c)));
	return o;
}

static json_t *mapping_to_json(const struct snap_mapping *m)
{
	char dev[24];
	json_t *o = json_object();

	snprintf(dev, sizeof(dev), "%02x:%02x", m->dev_major, m->dev_minor);
	json_object_set_new(o, "start", jhex(m->start));
	json_object_set_new(o, "end", jhex(m->end));
	json_object_set_new(o, "perms", json_string(m->perms));
	json_object_set_new(o, "offset", jbytes(m->offset));
	json_object_set_new(o, "dev", json_string(dev));
	json_object_set_new(o, "inode", jbytes(m->inode));
	json_object_set_new(o, "class", json_string(region_class_name(m->cls)));
	json_object_set_new(o, "name", jstr_escaped(m->name, m->name_len));
	json_object_set_new(o, "counters", counters_to_json(&m->c));
	return o;
}

static json_t *process_to_json(const struct snapshot *s)
{
	json_t *p = json_object();
	json_t *argv = json_array();
	char state[2] = { s->status.state, 0 };

	json_object_set_new(p, "pid", json_integer(s->pid));
	json_object_set_new(p, "comm", jstr_escaped(s->status.name, strlen(s->status.name)));
	if (s->argv)
		for (char **a = s->argv; *a; a++)
			json_array_append_new(argv, jstr_escaped(*a, strlen(*a)));
	json_object_set_new(p, "cmdline", argv);
	json_object_set_new(p, "exe", s->exe ? jstr_escaped(s->exe, strlen(s->exe)) : json_null());
	json_object_set_new(p, "state", s->status.state ? json_string(state) : json_null());
	json_object_set_new(p, "uid", s->status.has_uid ? json_integer(s->status.uid) : json_null());
	json_object_set_new(p, "threads", s->status.threads >= 0 ? json_integer(s->status.threads) : json_null());
	json_object_set_new(p, "age_seconds", s->age >= 0 ? json_real(s->age) : json_null());
	json_object_set_new(p, "cpu_seconds", s->cpu_seconds >= 0 ? json_real(s->cpu_seconds) : json_null());
	return p;
}

static json_t *runtime_to_json(const struct snapshot *s)
{
	const struct runtime_info *rt = &s->rt;
	json_t *r = json_object(), *settings = json_object();

	json_object_set_new(r, "language", json_string(runtime_language(rt)));
	json_object_set_new(r, "allocator", json_string(runtime_allocator(rt)));
	json_object_set_new(r, "go_version", rt->go_version[0] ? jstr_escaped(rt->go_version, strlen(rt->go_version))
							      : json_null());
	json_object_set_new(r, "go_madv_free", json_boolean(runtime_go_uses_madv_free(rt)));
	/* The arena shape (64 MiB-aligned heaps) means something only under
	 * glibc malloc; a Go arena at 0xc000000000 has the same alignment. */
	bool glibc = strcmp(runtime_allocator(rt), "glibc") == 0;
	json_object_set_new(r, "glibc_arenas", glibc ? json_integer((json_int_t)rt->arenas) : json_null());
	json_object_set_new(r, "glibc_arena_rss", glibc ? jbytes(rt->arena_rss) : json_null());
	json_object_set_new(r, "environ_readable", json_boolean(rt->environ_read));
	for (int i = 0; i < RUNTIME_SETTINGS; i++)
		if (rt->settings[i])
			json_object_set_new(settings, runtime_setting_names[i],
					    jstr_escaped(rt->settings[i], strlen(rt->settings[i])));
	json_object_set_new(r, "settings", settings);
	json_object_set_new(r, "thp_mode", s->thp[0] ? json_string(s->thp) : json_null());
	return r;
}

static json_t *totals_to_json(const struct snapshot *s)
{
	const struct mem_counters *t = snapshot_totals(s);
	const struct proc_status *st = &s->status;
	struct snapshot_derived d;
	json_t *o = json_object();
	bool sm = s->have_smaps;

	snapshot_derive(s, &d);
#define OPT(key, cond, val) json_object_set_new(o, key, (cond) ? jbytes(val) : json_null())
	OPT("vsz", sm || status_has(st, ST_VM_SIZE), d.vsz);
	OPT("rss", sm || status_has(st, ST_VM_RSS), d.rss);
	OPT("rss_anon", sm || status_has(st, ST_RSS_ANON), d.rss_anon);
	OPT("rss_file", sm || status_has(st, ST_RSS_FILE), d.rss_file);
	OPT("rss_shmem", sm || status_has(st, ST_RSS_SHMEM), d.rss_shmem);
	OPT("pss", sm, t->v[MC_PSS]);
	OPT("pss_anon", sm && mc_has(t, MC_PSS_ANON), t->v[MC_PSS_ANON]);
	OPT("pss_file", sm && mc_has(t, MC_PSS_FILE), t->v[MC_PSS_FILE]);
	OPT("pss_shmem", sm && mc_has(t, MC_PSS_SHMEM), t->v[MC_PSS_SHMEM]);
	OPT("uss", sm, d.uss);
	OPT("swap", sm || status_has(st, ST_VM_SWAP), sm ? t->v[MC_SWAP] : st->v[ST_VM_SWAP]);
	OPT("swap_pss", sm && mc_has(t, MC_SWAP_PSS), t->v[MC_SWAP_PSS]);
	OPT("lazyfree", sm && d.lazyfree_known, d.lazyfree);
	OPT("effective_rss", sm && d.lazyfree_known, d.effective_rss);
	OPT("anon_huge_pages", sm, t->v[MC_ANON_HUGE]);
	OPT("hugetlb", sm, s->classes[RC_HUGETLB].c.v[MC_PRIVATE_HUGETLB] + s->classes[RC_HUGETLB].c.v[MC_SHARED_HUGETLB]);
	OPT("locked", sm || status_has(st, ST_VM_LCK), sm ? t->v[MC_LOCKED] : st->v[ST_VM_LCK]);
	OPT("peak_rss", status_has(st, ST_VM_HWM), st->v[ST_VM_HWM]);
	OPT("page_tables", status_has(st, ST_VM_PTE), st->v[ST_VM_PTE]);
#undef OPT
	json_object_set_new(o, "source", json_string(!sm ? "status" : s->have_rollup ? "smaps_rollup" : "smaps"));
	return o;
}

static json_t *classes_to_json(const struct snapshot *s)
{
	const struct mem_counters *t = snapshot_totals(s);
	json_t *a = json_array();

	for (int i = 0; i < RC_COUNT; i++) {
		const struct class_total *ct = &s->classes[i];
		json_t *o = json_object();
		json_object_set_new(o, "class", json_string(region_class_name((enum region_class)i)));
		json_object_set_new(o, "mappings", json_integer((json_int_t)ct->mappings));
		json_object_set_new(o, "size", jbytes(ct->c.v[MC_SIZE]));
		json_object_set_new(o, "rss", jbytes(ct->c.v[MC_RSS]));
		json_object_set_new(o, "pss", jbytes(ct->c.v[MC_PSS]));
		json_object_set_new(o, "uss", jbytes(mc_uss(&ct->c)));
		json_object_set_new(o, "swap", jbytes(ct->c.v[MC_SWAP]));
		json_object_set_new(o, "lazyfree", mc_has(t, MC_LAZYFREE) ? jbytes(ct->c.v[MC_LAZYFREE]) : json_null());
		json_object_set_new(o, "anon_huge_pages", jbytes(ct->c.v[MC_ANON_HUGE]));
		json_object_set_new(o, "hugetlb", jbytes(ct->c.v[MC_PRIVATE_HUGETLB] + ct->c.v[MC_SHARED_HUGETLB]));
		/* share of the summed smaps Rss, so that the shares add up to 1 */
		json_object_set_new(o, "rss_share", json_real(s->sum.v[MC_RSS] ? (double)ct->c.v[MC_RSS] / (double)s->sum.v[MC_RSS] : 0.0));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *snapshot_to_json(const struct snapshot *s, bool with_mappings)
{
	struct note notes[NOTES_MAX];
	int nnotes = notes_for_snapshot(s, notes);
	json_t *doc = json_object(), *ja, *ts;
	char wall[64];

	format_utc(s->wall.tv_sec, wall, sizeof(wall));
	json_object_set_new(doc, "schema", json_string(SNAPSHOT_SCHEMA));
	json_object_set_new(doc, "version", json_integer(SNAPSHOT_SCHEMA_VERSION));
	json_object_set_new(doc, "memtrace_version", json_string(PACKAGE_VERSION));
	ts = json_object();
	json_object_set_new(ts, "wall", json_string(wall));
	json_object_set_new(ts, "monotonic", json_real(s->monotonic));
	json_object_set_new(doc, "time", ts);
	json_object_set_new(doc, "kernel", s->kernel[0] ? json_string(s->kernel) : json_null());
	json_object_set_new(doc, "partial", json_boolean(s->partial != PARTIAL_NONE));
	json_object_set_new(doc, "partial_reason",
			    s->partial == PARTIAL_SMAPS_DENIED      ? json_string("smaps-denied")
			    : s->partial == PARTIAL_SMAPS_TRUNCATED ? json_string("smaps-truncated")
								    : json_null());
	json_object_set_new(doc, "process", process_to_json(s));
	json_object_set_new(doc, "runtime", runtime_to_json(s));
	json_object_set_new(doc, "totals", totals_to_json(s));
	json_object_set_new(doc, "mappings_total", s->have_smaps ? json_integer((json_int_t)s->mappings) : json_null());
	if (s->have_smaps) {
		json_t *tsj = json_object();
		json_object_set_new(doc, "classes", classes_to_json(s));
		json_object_set_new(tsj, "count", json_integer((json_int_t)s->thread_stacks));
		json_object_set_new(tsj, "threads", s->status.threads >= 0 ? json_integer(s->status.threads) : json_null());
		json_object_set_new(tsj, "expected", s->status.threads >= 1 ? json_integer(s->status.threads - 1) : json_null());
		json_object_set_new(doc, "thread_stacks", tsj);
		json_object_set_new(doc, "rollup", s->have_rollup ? counters_to_json(&s->rollup) : json_null());
	} else {
		json_object_set_new(doc, "classes", json_null());
		json_object_set_new(doc, "thread_stacks", json_null());
		json_object_set_new(doc, "rollup", json_null());
	}
	ja = json_array();
	for (size_t i = 0; i < s->ntop; i++)
		json_array_append_new(ja, mapping_to_json(&s->top[i]));
	json_object_set_new(doc, "top", ja);
	ja = json_array();
	for (int i = 0; i < nnotes; i++) {
		json_t *n = json_object();
		char text[600];
		note_render(&notes[i], text, sizeof(text));
		json_object_set_new(n, "id", json_string(note_id(notes[i].kind)));
		json_object_set_new(n, "text", json_string(text));
		json_object_set_new(n, "value", notes[i].has_value ? jbytes(notes[i].value) : json_null());
		json_array_append_new(ja, n);
	}
	json_object_set_new(doc, "notes", ja);
	if (with_mappings) {
		ja = json_array();
		for (size_t i = 0; i < s->nmaps; i++)
			json_array_append_new(ja, mapping_to_json(&s->maps[i]));
		json_object_set_new(doc, "mappings", ja);
	}
	return doc;
}

int json_write(FILE *out, json_t *doc, bool pretty)
{
	size_t flags = JSON_ENSURE_ASCII | (pretty ? JSON_INDENT(2) : JSON_COMPACT);

	if (json_dumpf(doc, out, flags) != 0 || fputc('\n', out) == EOF)
		return errno ? -errno : -EIO;
	return 0;
}

/* ---- reading a saved snapshot back (for diff) ---- */

static bool get_u64(const json_t *o, const char *key, uint64_t *v)
{
	const json_t *j = json_object_get(o, key);

	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return false;
	*v = (uint64_t)json_integer_value(j);
	return true;
}

static void counters_from_json(const json_t *o, struct mem_counters *c)
{
	memset(c, 0, sizeof(*c));
	for (int f = 0; f < MC_COUNT; f++)
		if (get_u64(o, mc_json_key((enum mc_field)f), &c->v[f]))
			c->present |= MC_BIT(f);
}

static bool hex_from_json(const json_t *j, uint64_t *v)
{
	const char *s = json_string_value(j);
	char *end;

	if (!s || strncmp(s, "0x", 2) != 0)
		return false;
	errno = 0;
	*v = strtoull(s + 2, &end, 16);
	return errno == 0 && *end == '\0' && end != s + 2;
}

static int fail(char *err, size_t errlen, const char *msg, size_t index)
{
	if (index == SIZE_MAX)
		snprintf(err, errlen, "%s", msg);
	else
		snprintf(err, errlen, "%s (mapping %zu)", msg, index);
	return -EINVAL;
}

int snapshot_from_json(const json_t *doc, struct snapshot *s, char *err, size_t errlen)
{
	const json_t *maps, *proc, *totals, *m;
	const char *schema = json_string_value(json_object_get(doc, "schema"));
	size_t i;

	if (!schema || strcmp(schema, SNAPSHOT_SCHEMA) != 0)
		return fail(err, errlen, "not a memtrace snapshot (no \"schema\": \"memtrace-snapshot\")", SIZE_MAX);
	if (json_integer_value(json_object_get(doc, "version")) != SNAPSHOT_SCHEMA_VERSION)
		return fail(err, errlen, "unsupported snapshot version (this memtrace reads version 1)", SIZE_MAX);
	maps = json_object_get(doc, "mappings");
	if (!json_is_array(maps))
		return fail(err, errlen, "the snapshot has no \"mappings\" (save it with 'memtrace snapshot --save')", SIZE_MAX);

	proc = json_object_get(doc, "process");
	s->pid = (pid_t)json_integer_value(json_object_get(proc, "pid"));
	snprintf(s->status.name, sizeof(s->status.name), "%s",
		 json_string_value(json_object_get(proc, "comm")) ? json_string_value(json_object_get(proc, "comm")) : "");
	if (json_is_string(json_object_get(proc, "exe")))
		s->exe = xstrdup(json_string_value(json_object_get(proc, "exe")));
	s->age = json_is_number(json_object_get(proc, "age_seconds")) ? json_number_value(json_object_get(proc, "age_seconds"))
								       : -1;
	s->status.threads = json_is_integer(json_object_get(proc, "threads"))
				    ? (int)json_integer_value(json_object_get(proc, "threads"))
				    : -1;
	s->monotonic = json_real_value(json_object_get(json_object_get(doc, "time"), "monotonic"));
	{
		const char *w = json_string_value(json_object_get(json_object_get(doc, "time"), "wall"));
		struct tm tm;
		memset(&tm, 0, sizeof(tm));
		if (w && strptime(w, "%Y-%m-%dT%H:%M:%SZ", &tm))
			s->wall.tv_sec = timegm(&tm);
	}
	s->have_smaps = true;
	json_array_foreach(maps, i, m) {
		struct smaps_mapping sm;
		const char *perms = json_string_value(json_object_get(m, "perms"));
		const char *name = json_string_value(json_object_get(m, "name"));
		const char *cls = json_string_value(json_object_get(m, "class"));
		int rc = cls ? region_class_from_name(cls) : -1;

		memset(&sm, 0, sizeof(sm));
		if (!hex_from_json(json_object_get(m, "start"), &sm.start) ||
		    !hex_from_json(json_object_get(m, "end"), &sm.end) || !perms || strlen(perms) != 4 || !name ||
		    rc < 0)
			return fail(err, errlen, "a mapping is malformed", i);
		memcpy(sm.perms, perms, 5);
		get_u64(m, "offset", &sm.offset);
		get_u64(m, "inode", &sm.inode);
		sm.name = name;
		sm.name_len = strlen(name);
		counters_from_json(json_object_get(m, "counters"), &sm.c);
		snapshot_add_mapping(s, &sm, (enum region_class)rc);
	}
	/* Totals as they were saved (the rollup's exact values). */
	totals = json_object_get(doc, "rollup");
	if (json_is_object(totals)) {
		counters_from_json(totals, &s->rollup);
		s->have_rollup = true;
	}
	return 0;
}
