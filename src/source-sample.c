#include "config.h"
#include "source-sample.h"
#include "source-proc.h"
#include "source-smaps.h"
#include "source-status.h"
#include "util.h"

#include <errno.h>
#include <string.h>
#include <time.h>

double sampler_self_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void cost_add(struct tier_cost *c, double spent)
{
	c->reads++;
	c->total += spent;
	c->last = spent;
	/* a slow-moving estimate: one expensive read (a page fault storm, a
	 * busy machine) should not stop a tier for long */
	c->est = c->reads == 1 ? spent : 0.8 * c->est + 0.2 * spent;
}

/* Seconds between reads of a tier so that it costs at most SHARE of the
 * budget. */
static double tier_period(const struct sampler *sm, int tier, double share)
{
	double allowed = sm->budget * share; /* CPU seconds per second */

	return allowed > 0 ? sm->cost[tier].est / allowed : 1e9;
}

static void fill_from_snapshot(struct sample *x, const struct snapshot *s)
{
	for (int c = 0; c < RC_COUNT; c++)
		x->v[M_CLASS0 + c] = (double)s->classes[c].c.v[MC_RSS];
}

static int take_smaps(struct sampler *sm, struct sample *x, struct snapshot_error *e)
{
	struct snapshot_opts so = { .root = sm->root, .top = 10 };
	struct snapshot s;
	double c0 = sampler_self_cpu();
	int rc;

	/* Mapping-level attribution needs every mapping; at very many mappings
	 * keep the classes only (bounded memory). */
	/* the identity snapshot, read just before, says how many there are */
	so.keep_all = (sm->have_latest ? sm->latest.mappings : sm->ident.mappings) <= SAMPLER_KEEP_MAPPINGS_MAX;
	snapshot_init(&s, sm->pid, so.top, so.keep_all);
	rc = snapshot_take(&so, &s, e);
	cost_add(&sm->cost[TIER_IDX_SMAPS], sampler_self_cpu() - c0);
	sm->last_smaps = x->t;
	if (rc) {
		snapshot_free(&s);
		return rc;
	}
	if (s.partial == PARTIAL_SMAPS_DENIED) {
		sm->smaps_ok = false;
		sm->rollup_ok = false;
		sm->smaps_errno = s.smaps_errno;
		snapshot_free(&s);
		return 0;
	}
	x->tiers |= TIER_SMAPS;
	fill_from_snapshot(x, &s);
	if (!sm->have_baseline) {
		sm->baseline = s;
		sm->have_baseline = true;
	} else {
		if (sm->have_latest)
			snapshot_free(&sm->latest);
		sm->latest = s;
		sm->have_latest = true;
	}
	/* The smaps sum doubles as a rollup when the kernel has none. */
	if (!sm->rollup_ok) {
		const struct snapshot *src = sm->have_latest ? &sm->latest : &sm->baseline;
		x->v[M_RSS] = (double)src->sum.v[MC_RSS];
		x->v[M_PSS] = (double)src->sum.v[MC_PSS];
		x->v[M_USS] = (double)mc_uss(&src->sum);
		if (mc_has(&src->sum, MC_LAZYFREE))
			sm->lazyfree = (double)src->sum.v[MC_LAZYFREE];
	}
	return 0;
}

static int take_rollup(struct sampler *sm, struct sample *x)
{
	struct mem_counters c;
	bool have = false;
	double c0 = sampler_self_cpu();
	int rc = smaps_read_rollup(sm->root, sm->pid, &c, &have);

	cost_add(&sm->cost[TIER_IDX_ROLLUP], sampler_self_cpu() - c0);
	sm->last_rollup = x->t;
	if (rc) {
		if (proc_outcome_of(rc) == PROC_DENIED) {
			sm->rollup_ok = false;
			return 0;
		}
		return rc;
	}
	if (!have) {
		sm->rollup_ok = false; /* an old kernel: smaps sums instead */
		return 0;
	}
	x->tiers |= TIER_ROLLUP;
	x->v[M_RSS] = (double)c.v[MC_RSS];
	x->v[M_PSS] = (double)c.v[MC_PSS];
	x->v[M_USS] = (double)mc_uss(&c);
	sm->lazyfree = mc_has(&c, MC_LAZYFREE) ? (double)c.v[MC_LAZYFREE] : NAN;
	return 0;
}

static int take_status(struct sampler *sm, struct sample *x, struct snapshot_error *e)
{
	struct proc_status st;
	struct proc_identity now;
	struct proc_stat sf;
	double c0 = sampler_self_cpu();
	int rc = status_read(sm->root, sm->pid, &st);

	if (rc == 0 && (st.state == 'Z' || st.state == 'X')) {
		e->kind = SNAP_FAIL_ZOMBIE;
		rc = -ESRCH;
	}
	if (rc) {
		if (!e->kind)
			e->kind = SNAP_FAIL_READ;
		e->err = rc;
		proc_path(e->path, sizeof(e->path), sm->root, sm->pid, "status");
		return rc;
	}
	x->tiers |= TIER_STATUS;
	x->v[M_RSS] = (double)st.v[ST_VM_RSS];
	x->v[M_ANON] = (double)st.v[ST_RSS_ANON];
	x->v[M_FILE] = (double)st.v[ST_RSS_FILE];
	x->v[M_SHMEM] = (double)st.v[ST_RSS_SHMEM];
	x->v[M_SWAP] = (double)st.v[ST_VM_SWAP];
	x->v[M_THREADS] = st.threads >= 0 ? (double)st.threads : NAN;
	if (stat_read(sm->root, sm->pid, &sf) == 0)
		x->v[M_CPU] = sf.cpu;
	else
		memset(&sf, 0, sizeof(sf));
	identity_from(sm->root, sm->pid, &st, &sf, &now);
	sm->change = identity_compare(&sm->id, &now);
	if (sm->change != IDENTITY_SAME)
		sm->id_before = sm->id;
	sm->id = now;
	cost_add(&sm->cost[TIER_IDX_STATUS], sampler_self_cpu() - c0);
	return 0;
}

int sampler_take(struct sampler *sm, struct sample *x, struct snapshot_error *e)
{
	double rollup_every, smaps_every;
	int rc;

	memset(e, 0, sizeof(*e));
	sample_clear(x);
	x->t = clock_mono();
	x->wall = clock_wall();
	rc = take_status(sm, x, e);
	if (rc)
		return rc;

	/* Half the budget for the rollup, the rest for full smaps reads. */
	rollup_every = tier_period(sm, TIER_IDX_ROLLUP, 0.5);
	if (sm->rollup_ok && (sm->cost[TIER_IDX_ROLLUP].reads == 0 || x->t - sm->last_rollup + 1e-3 >= rollup_every)) {
		rc = take_rollup(sm, x);
		if (rc)
			return rc == -ENOENT || rc == -ESRCH ? (e->kind = SNAP_FAIL_EXITED, e->err = -ESRCH) : rc;
	}
	smaps_every = tier_period(sm, TIER_IDX_SMAPS, 0.5);
	if (!sm->want_attribution && smaps_every < SAMPLER_SMAPS_PERIOD)
		smaps_every = SAMPLER_SMAPS_PERIOD;
	if (sm->smaps_ok && (!sm->have_baseline || x->t - sm->last_smaps + 1e-3 >= smaps_every)) {
		rc = take_smaps(sm, x, e);
		if (rc)
			return rc;
		sm->want_attribution = false;
	}
	if (sm->ident_pending) {
		fill_from_snapshot(x, &sm->ident);
		sm->ident_pending = false;
	}
	/* Effective memory only from one read: RSS and LazyFree of the same
	 * rollup (or smaps sum).  On a tick the budget leaves to status alone,
	 * VmRSS (maintained asynchronously) minus an older LazyFree would make
	 * steps that are not there, so effective memory is unknown then. */
	if (x->tiers & (TIER_ROLLUP | (sm->rollup_ok ? 0 : TIER_SMAPS))) {
		x->v[M_LAZYFREE] = sm->lazyfree;
		x->v[M_EFFECTIVE] = isnan(sm->lazyfree) ? x->v[M_RSS] : x->v[M_RSS] - sm->lazyfree;
	} else if (isnan(sm->lazyfree)) {
		x->v[M_EFFECTIVE] = x->v[M_RSS]; /* no LazyFree on this kernel: RSS is all there is */
	}
	return 0;
}

static void read_identity(struct sampler *sm)
{
	struct proc_status st;
	struct proc_stat sf;

	memset(&sm->id, 0, sizeof(sm->id));
	if (status_read(sm->root, sm->pid, &st) == 0)
		identity_from(sm->root, sm->pid, &st, stat_read(sm->root, sm->pid, &sf) == 0 ? &sf : NULL, &sm->id);
}

int sampler_init(struct sampler *sm, const char *root, pid_t pid, double interval, double budget,
		 struct snapshot_error *e)
{
	struct snapshot_opts so = { .root = root, .identity = true };
	int rc;

	memset(sm, 0, sizeof(*sm));
	sm->root = root;
	sm->pid = pid;
	sm->interval = interval;
	sm->budget = budget;
	sm->lazyfree = NAN;
	sm->rollup_ok = true;
	sm->smaps_ok = true;
	/* Identity once (cmdline, exe, runtime, environ); no mappings kept. */
	snapshot_init(&sm->ident, pid, 0, false);
	double c0 = sampler_self_cpu();
	rc = snapshot_take(&so, &sm->ident, e);
	/* what a full smaps read costs here, before the tier has its own
	 * measurement: the budget then paces the first scheduled read too */
	sm->cost[TIER_IDX_SMAPS].est = sampler_self_cpu() - c0;
	if (rc)
		return rc;
	if (sm->ident.partial == PARTIAL_SMAPS_DENIED) {
		sm->smaps_ok = false;
		sm->rollup_ok = false;
		sm->smaps_errno = sm->ident.smaps_errno;
	}
	sm->rt = &sm->ident.rt;
	read_identity(sm);
	/* Past SAMPLER_KEEP_MAPPINGS_MAX mappings no mapping-level detail is
	 * kept, so the identity snapshot (with its class totals) is the
	 * baseline: no second full smaps read at start, which costs as much as
	 * the whole steady state of a minute's watch at 60,000 mappings. */
	if (sm->smaps_ok && sm->ident.mappings > SAMPLER_KEEP_MAPPINGS_MAX) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		sm->baseline = sm->ident;
		sm->baseline.argv = NULL; /* owned by ident */
		sm->baseline.exe = NULL;
		sm->baseline.top = NULL;
		sm->baseline.ntop = 0;
		runtime_init(&sm->baseline.rt);
		sm->have_baseline = true;
		sm->baseline_is_ident = true;
		sm->ident_pending = true;
		sm->last_smaps = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	}
	return 0;
}

int sampler_rebase(struct sampler *sm, struct snapshot_error *e)
{
	struct snapshot_opts so = { .root = sm->root, .identity = true };
	int rc;

	if (sm->have_baseline && !sm->baseline_is_ident)
		snapshot_free(&sm->baseline);
	if (sm->have_latest)
		snapshot_free(&sm->latest);
	snapshot_free(&sm->ident);
	sm->have_baseline = sm->have_latest = sm->baseline_is_ident = sm->ident_pending = false;
	sm->lazyfree = NAN;
	snapshot_init(&sm->ident, sm->pid, 0, false);
	rc = snapshot_take(&so, &sm->ident, e);
	sm->rt = &sm->ident.rt;
	sm->change = IDENTITY_SAME;
	return rc;
}

void sampler_free(struct sampler *sm)
{
	if (sm->have_baseline && !sm->baseline_is_ident)
		snapshot_free(&sm->baseline);
	if (sm->have_latest)
		snapshot_free(&sm->latest);
	snapshot_free(&sm->ident);
	memset(sm, 0, sizeof(*sm));
}
