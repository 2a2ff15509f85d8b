#include "config.h"
#include "watch-go.h"
#include "output-goruntime.h"
#include "report.h"
#include "source-sockowner.h"
#include "source-status.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int watch_go_start(struct watch_go *g, const struct gofetch_conf *c)
{
	int rc;

	if (!c->pprof && !c->expvar)
		return -1;
	rc = gofetch_start(&g->gf, c);
	if (rc) {
		err_msg("cannot start the thread that reads the Go endpoints: %s", strerror(-rc));
		return EXIT_RUNTIME;
	}
	return -1;
}

/* Through the sink's note (the full screen keeps it), else standard error. */
static void tell(const struct watch_sink *sink, const char *msg)
{
	if (sink->note)
		sink->note(sink->ctx, msg);
	else
		err_msg("%s", msg);
}

/* A failure is said once, when it starts, and the end of it too: the
 * watch goes on without that evidence meanwhile. */
static void say(struct watch_go *g, const struct gofetch_conf *c, const struct watch_sink *sink,
		const struct gofetch_result *res)
{
	for (int i = 0; i < GE_COUNT; i++) {
		const struct gofetch_error *e = &res->err[i];
		char msg[600];
		if ((i == GE_EXPVAR ? !c->expvar : !c->pprof) || e->fail == g->said[i])
			continue;
		if (e->fail == GF_OK)
			snprintf(msg, sizeof(msg), "%s: answering again", e->url);
		else
			gofetch_error_text(e, msg, sizeof(msg) - 32);
		if (e->fail != GF_OK)
			strcat(msg, "; going on without it");
		tell(sink, msg);
		g->said[i] = e->fail;
	}
}

bool go_endpoint_note(const char *root, const char *url, pid_t pid, char *msg, size_t len)
{
	struct proc_status st;
	pid_t owner;

	if (!url || pid <= 0 || sockowner_check(root, url, pid, &owner) != 0)
		return false;
	if (owner > 0 && status_read(root, owner, &st) == 0)
		go_endpoint_owner_text(url, pid, owner, st.name, msg, len);
	else
		go_endpoint_owner_text(url, pid, owner, NULL, msg, len);
	return true;
}

/* Once, at the first answer: is the target the process that answers? */
static void check_owner(struct watch_go *g, const struct gofetch_conf *c, const struct watch_sink *sink)
{
	const char *urls[] = { c->pprof, c->expvar };
	char msg[700];

	g->owner_checked = true;
	for (size_t i = 0; i < 2; i++) {
		if (go_endpoint_note(g->root, urls[i], g->target, msg, sizeof(msg)))
			tell(sink, msg);
	}
}

static void to_sample(const struct go_read *r, struct sample *x)
{
	static const enum metric m[GS_COUNT] = {
		[GS_HEAP_ALLOC] = M_GO_HEAP_ALLOC,       [GS_HEAP_INUSE] = M_GO_HEAP_INUSE,
		[GS_HEAP_IDLE] = M_GO_HEAP_IDLE,         [GS_HEAP_RELEASED] = M_GO_HEAP_RELEASED,
		[GS_HEAP_SYS] = M_GO_HEAP_SYS,           [GS_SYS] = M_GO_SYS,
		[GS_STACK_INUSE] = M_GO_STACK_INUSE,     [GS_NEXT_GC] = M_GO_NEXT_GC,
		[GS_NUM_GC] = M_GO_NUM_GC,               [GS_LAST_PAUSE_NS] = M_GO_LAST_PAUSE_NS,
	};

	for (int i = 0; i < GS_COUNT; i++)
		x->v[m[i]] = r->stat[i];
	x->v[M_GO_GOROUTINES] = r->gr.total;
}

int watch_go_take(struct watch_go *g, const struct gofetch_conf *c, const struct watch_sink *sink,
		  struct recorder *rec, struct sample *x)
{
	struct gofetch_result res;
	json_t *line;
	int rc = 0;

	if (!g->gf || !gofetch_poll(g->gf, &res))
		return 0;
	say(g, c, sink, &res);
	if (!res.any)
		return 0;
	if (!g->owner_checked)
		check_owner(g, c, sink);
	to_sample(&res.read, x);
	if (!res.read.profiled)
		return 0; /* a count alone (the index, expvar): no groups to keep */
	if (!g->have)
		g->first = res.read;
	g->last = res.read;
	g->have = true;
	if (rec) {
		line = json_object();
		json_object_set_new(line, "t", json_real(x->t));
		json_object_set_new(line, "goroutines", go_goroutines_to_json(&res.read.gr));
		rc = recorder_write(rec, "go", line);
		json_decref(line);
	}
	return rc;
}

void watch_go_context(const struct watch_go *g, const struct gofetch_conf *c, struct verdict_context *ctx)
{
	ctx->go_first = g->have ? &g->first.gr : NULL;
	ctx->go_last = g->have ? &g->last.gr : NULL;
	ctx->go_pprof = c->pprof;
}

json_t *watch_go_json(const struct watch_go *g)
{
	json_t *o;

	if (!g->have)
		return json_null();
	o = json_object();
	json_object_set_new(o, "first", go_goroutines_to_json(&g->first.gr));
	json_object_set_new(o, "last", go_goroutines_to_json(&g->last.gr));
	return o;
}

void watch_go_forget(struct watch_go *g)
{
	g->have = false;
}

void watch_go_stop(struct watch_go *g)
{
	gofetch_stop(g->gf);
	g->gf = NULL;
}
