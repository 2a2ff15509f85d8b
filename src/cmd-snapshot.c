/* memtrace snapshot TARGET: where one process's memory is, class by class. */
#include "config.h"
#include "memtrace.h"
#include "output-file.h"
#include "output-goruntime.h"
#include "watch-go.h"
#include "output-json.h"
#include "output-text.h"
#include "util.h"
#include "watch.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void snapshot_usage(FILE *out)
{
	fputs("Usage: memtrace snapshot [OPTIONS] PID|NAME\n"
	      "\n"
	      "Reports what a process's RSS is made of: totals (RSS, PSS, USS, Swap,\n"
	      "LazyFree, effective RSS), attribution by region class, the top mappings,\n"
	      "the runtime and allocator detected, and notes on what the numbers mean.\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json        JSON for programs (schema memtrace-snapshot v1)\n"
	      "  -n, --top N       show the N largest mappings by RSS (default 10)\n"
	      "  -a, --all         with --json, include every mapping\n"
	      "  -s, --save FILE   also save the full snapshot (every mapping) as JSON,\n"
	      "                    for 'memtrace diff'\n"
	      "  -f, --force       let --save replace an existing regular FILE\n"
	      "      --go-pprof URL  also read a Go service's net/http/pprof at URL\n"
	      "      --go-expvar URL also read its expvar /debug/vars at URL\n"
	      "  -h, --help        this help\n",
	      out);
}

/* Writes the full snapshot to PATH (mode 0600, never through a symbolic
 * link; see output-file.h).  With FORCE over an existing file it is
 * written to a temporary file renamed over PATH once synced: the old
 * snapshot stays whole if the write fails. */
static int save_snapshot(const struct snapshot *s, const char *path, bool force)
{
	struct out_file of;
	char msg[PATH_MAX + 160];
	json_t *doc;
	FILE *f;
	int rc;

	rc = out_file_open(&of, path, force, 0);
	if (rc) {
		err_msg("%s", create_error_text(path, rc, msg, sizeof(msg)));
		return EXIT_RUNTIME;
	}
	f = fdopen(of.fd, "w");
	if (!f) {
		rc = -errno;
		close(of.fd);
	} else {
		doc = snapshot_to_json(s, true);
		rc = json_write(f, doc, false);
		json_decref(doc);
		if (fflush(f) != 0 || fsync(of.fd) != 0)
			rc = rc ? rc : -errno;
		if (fclose(f) != 0)
			rc = rc ? rc : -errno;
	}
	if (rc == 0)
		rc = out_file_commit(&of);
	out_file_discard(&of); /* a temporary not committed is removed */
	if (rc) {
		err_msg("cannot write '%s': %s", path, strerror(-rc));
		return EXIT_RUNTIME;
	}
	return 0;
}

/* One read of the Go service's endpoints, if asked; each failure said in
 * one line (the snapshot goes on without it). */
static bool read_go(const struct gofetch_conf *go, const char *root, pid_t pid, struct go_read *r)
{
	struct gofetch_result res;
	char msg[700];

	if (!go->pprof && !go->expvar)
		return false;
	gofetch_read(go, &res);
	for (int i = 0; i < GE_COUNT; i++) {
		const char *url = i == GE_EXPVAR ? go->expvar : go->pprof;
		if (url && res.err[i].fail != GF_OK)
			err_msg("%s", gofetch_error_text(&res.err[i], msg, sizeof(msg)));
		else if (url && go_endpoint_note(root, url, pid, msg, sizeof(msg)))
			err_msg("%s", msg);
	}
	*r = res.read;
	return res.any;
}

int cmd_snapshot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },   { "top", required_argument, NULL, 'n' },
		{ "all", no_argument, NULL, 'a' },    { "save", required_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'f' },  { "help", no_argument, NULL, 'h' },
		{ "go-pprof", required_argument, NULL, OPT_GO_PPROF },
		{ "go-expvar", required_argument, NULL, OPT_GO_EXPVAR },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, all = false, force = false;
	const char *save = NULL;
	long top = 10;
	struct snapshot_opts so = { .root = g.proc_root, .identity = true };
	struct snapshot_error e;
	struct snapshot s;
	struct gofetch_conf go = { .interval = GOFETCH_DEFAULT_INTERVAL };
	struct go_read gread;
	bool have_go;
	pid_t pid;
	int c, rc;

	while ((c = getopt_long(argc, argv, "jn:as:fh", opts, NULL)) != -1) {
		if (go_option(c, optarg, &go, &rc)) {
			if (rc >= 0)
				return rc;
			continue;
		}
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'n':
			if (!parse_count(optarg, 100000, &top)) {
				err_msg("--top wants a count from 0 to 100000, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'a':
			all = true;
			break;
		case 's':
			save = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'h':
			snapshot_usage(stdout);
			return finish_output(stdout, EXIT_OK);
		default:
			snapshot_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		err_msg(optind >= argc ? "snapshot: which process? give a PID or a name"
				       : "snapshot: one process at a time");
		snapshot_usage(stderr);
		return EXIT_USAGE;
	}
	if ((rc = go_options_check(&go)) >= 0)
		return rc;
	rc = target_resolve(argv[optind], &pid);
	if (rc)
		return rc;

	so.top = (size_t)top;
	so.keep_all = save || (json && all);
	snapshot_init(&s, pid, so.top, so.keep_all);
	rc = snapshot_take(&so, &s, &e);
	if (rc) {
		rc = report_snapshot_error(pid, &e);
		snapshot_free(&s);
		return rc;
	}
	rc = EXIT_OK;
	if (s.partial == PARTIAL_SMAPS_DENIED) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
		err_msg("cannot read '%s': %s (run as the process owner, as root, or with CAP_SYS_PTRACE); "
			"reporting what status shows",
			path, strerror(s.smaps_errno));
		rc = EXIT_DENIED;
	} else if (s.partial == PARTIAL_SMAPS_TRUNCATED) {
		err_msg("warning: smaps of pid %d ended mid-mapping; the report may be incomplete", (int)pid);
	}
	if (save && s.have_smaps) {
		int src = save_snapshot(&s, save, force);
		if (src) {
			snapshot_free(&s);
			return src;
		}
	} else if (save) {
		err_msg("not saving '%s': without smaps there are no mappings to save", save);
	}
	have_go = read_go(&go, so.root, pid, &gread);
	if (json) {
		json_t *doc = snapshot_to_json(&s, all);
		if (go.pprof || go.expvar)
			json_object_set_new(doc, "go_runtime", have_go ? go_read_to_json(&gread) : json_null());
		if (json_write(stdout, doc, true) != 0 && rc == EXIT_OK)
			rc = EXIT_RUNTIME;
		json_decref(doc);
	} else {
		snapshot_print_text(stdout, &s);
		if (have_go)
			go_read_print_text(stdout, &gread);
	}
	snapshot_free(&s);
	return finish_output(stdout, rc);
}
