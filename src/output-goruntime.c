#include "config.h"
#include "output-goruntime.h"
#include "output-verdict.h"
#include "escape.h"
#include "util.h"

#include <math.h>

#include <stdio.h>
#include <string.h>

static const char *parse_text(enum go_parse p)
{
	switch (p) {
	case GP_EMPTY:
		return "an empty response";
	case GP_HTML:
		return "an HTML page, not what Go's handler writes (a proxy, a login page, the wrong path?)";
	case GP_NO_MEMSTATS:
		return "a heap profile without its runtime.MemStats trailer";
	case GP_NOT_PROFILE:
		return "not a Go debug=1 profile";
	case GP_NOT_JSON:
		return "not a JSON object (or cut short)";
	case GP_NOT_EXPVAR:
		return "JSON without expvar's \"memstats\" object (does the service import expvar?)";
	default:
		return "not understood";
	}
}

char *go_endpoint_owner_text(const char *url, pid_t target, pid_t owner, const char *comm, char *buf, size_t len)
{
	char u[300], c[80];

	escape_name(url, strlen(url), u, sizeof(u));
	if (owner > 0 && comm)
		snprintf(buf, len, "%s is answered by pid %d (%s), not by pid %d: its Go evidence is that process's",
			 u, (int)owner, escape_name(comm, strlen(comm), c, sizeof(c)), (int)target);
	else if (owner > 0)
		snprintf(buf, len, "%s is answered by pid %d, not by pid %d: its Go evidence is that process's", u,
			 (int)owner, (int)target);
	else
		snprintf(buf, len, "%s is answered by a process other than pid %d (one memtrace may not look at): "
			 "its Go evidence is that process's", u, (int)target);
	return buf;
}

char *gofetch_error_text(const struct gofetch_error *e, char *buf, size_t len)
{
	switch (e->fail) {
	case GF_OK:
		snprintf(buf, len, "%s: read", e->url);
		break;
	case GF_BAD_URL:
		snprintf(buf, len, "%s: not a URL memtrace reads (http://HOST:PORT, https://..., "
			 "or unix:/PATH/TO.sock:http://HOST)", e->url);
		break;
	case GF_REFUSED:
		snprintf(buf, len, "%s: connection refused (nothing listens there)", e->url);
		break;
	case GF_RESOLVE:
		snprintf(buf, len, "%s: host not found", e->url);
		break;
	case GF_TIMEOUT:
		snprintf(buf, len, "%s: no answer within %.0f s (the server hangs or is too slow)", e->url,
			 GOFETCH_TOTAL_MS / 1000.0);
		break;
	case GF_HTTP:
		if (e->code == 404)
			snprintf(buf, len, "%s: HTTP 404, not served (does the service import net/http/pprof "
				 "or expvar on this address?)", e->url);
		else
			snprintf(buf, len, "%s: HTTP %ld", e->url, e->code);
		break;
	case GF_TOO_LARGE:
		snprintf(buf, len, "%s: the response is larger than %u MiB", e->url, GOFETCH_MAX_BODY >> 20);
		break;
	case GF_PARSE:
		snprintf(buf, len, "%s: %s", e->url, parse_text(e->parse));
		break;
	default:
		snprintf(buf, len, "%s: %s", e->url, e->detail);
		break;
	}
	return buf;
}

json_t *go_goroutines_to_json(const struct go_goroutines *gr)
{
	json_t *o = json_object(), *a = json_array();

	json_object_set_new(o, "total", isfinite(gr->total) ? json_integer((json_int_t)gr->total) : json_null());
	for (unsigned i = 0; i < gr->ngroups && i < GO_GROUPS; i++) {
		json_t *g = json_object(), *f = json_array();
		json_object_set_new(g, "count", json_integer((json_int_t)gr->g[i].count));
		for (unsigned k = 0; k < gr->g[i].nframes && k < GO_FRAMES; k++)
			json_array_append_new(f, json_string(gr->g[i].func[k]));
		json_object_set_new(g, "frames", f);
		json_array_append_new(a, g);
	}
	json_object_set_new(o, "groups", a);
	return o;
}

json_t *go_read_to_json(const struct go_read *r)
{
	json_t *o = json_object();

	for (int i = 0; i < GS_COUNT; i++)
		json_object_set_new(o, go_stat_keys[i],
				    isfinite(r->stat[i]) ? json_integer((json_int_t)r->stat[i]) : json_null());
	json_object_set_new(o, "goroutines", go_goroutines_to_json(&r->gr));
	return o;
}

static const char *bytes_or_unknown(double v, char *buf, size_t len)
{
	if (!isfinite(v))
		return "unknown";
	return format_bytes((uint64_t)v, buf, len);
}

void go_read_print_text(FILE *out, const struct go_read *r)
{
	char a[32], b[32], c[32], d[32];

	fprintf(out, "\nGo runtime (the service's own accounting)\n");
	fprintf(out, "  heap in use %s, idle %s (released to the OS %s), next GC at %s\n",
		bytes_or_unknown(r->stat[GS_HEAP_INUSE], a, sizeof(a)),
		bytes_or_unknown(r->stat[GS_HEAP_IDLE], b, sizeof(b)),
		bytes_or_unknown(r->stat[GS_HEAP_RELEASED], c, sizeof(c)),
		bytes_or_unknown(r->stat[GS_NEXT_GC], d, sizeof(d)));
	fprintf(out, "  from the OS %s, goroutine stacks %s",
		bytes_or_unknown(r->stat[GS_SYS], a, sizeof(a)),
		bytes_or_unknown(r->stat[GS_STACK_INUSE], b, sizeof(b)));
	if (isfinite(r->stat[GS_NUM_GC]))
		fprintf(out, ", %.0f GC cycles", r->stat[GS_NUM_GC]);
	fputc('\n', out);
	if (!isfinite(r->gr.total))
		return;
	fprintf(out, "  %.0f goroutines; largest groups:\n", r->gr.total);
	for (unsigned i = 0; i < r->gr.ngroups && i < 3; i++)
		fprintf(out, "    %6.0f  %s%s\n", r->gr.g[i].count, r->gr.g[i].nframes ? r->gr.g[i].func[0] : "?",
			r->gr.g[i].nframes > 1 ? " ..." : "");
}
