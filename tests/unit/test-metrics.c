/* The exporter's page: both formats carry HELP and TYPE on every family,
 * OpenMetrics adds UNIT, names counter families without _total and ends
 * with # EOF; a verdict is a state set with one series per verdict and the
 * label named like the family; unknown figures are left out; label values
 * are escaped; Accept negotiation picks OpenMetrics only when asked for
 * it (with q-values), and reads no further than the header's length. */
#include "config.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-verdict.h"
#include "output-metrics.h"

static struct metrics_process procs[2];
static struct metrics_cgroup cg;

static struct metrics_page page(void)
{
	memset(procs, 0, sizeof(procs));
	for (int i = 0; i < 2; i++) {
		for (int c = 0; c < MP_COUNT; c++)
			procs[i].mem[c] = NAN;
		procs[i].growth = procs[i].time_to_limit = procs[i].start_time = NAN;
	}
	procs[0].pid = 4242;
	procs[0].comm = "leaker";
	procs[0].mem[MP_RSS] = 104857600;
	procs[0].mem[MP_SWAP] = 0;
	procs[0].growth = 1048576;
	procs[0].verdict = VERDICT_LEAK;
	procs[0].time_to_limit = 3000;
	procs[0].start_time = 1765000000.5;
	procs[1].pid = 7;
	procs[1].comm = "we\"ird\\x1b\nname"; /* escape_name output may hold a backslash */
	procs[1].mem[MP_RSS] = 4096;
	procs[1].verdict = -1; /* not judged yet */
	memset(&cg, 0, sizeof(cg));
	cg.path = "/docker/abc";
	cg.id = "abc";
	cg.runtime = "docker";
	for (int c = 0; c < MCG_COUNT; c++)
		cg.mem[c] = 1000 * (c + 1);
	cg.mem[MCG_KERNEL] = NAN;
	cg.limit = NAN;
	cg.growth = 0;
	cg.verdict = VERDICT_PAGE_CACHE;
	cg.time_to_limit = NAN;
	for (int t = 0; t < TOOL_COUNT; t++)
		cg.tool[t].value = NAN;
	cg.tool[TOOL_DOCKER].id = "docker_stats";
	cg.tool[TOOL_DOCKER].value = 900;
	cg.tool[TOOL_KUBELET].id = "kubelet_working_set";
	cg.tool[TOOL_KUBELET].value = 900;
	return (struct metrics_page){ .procs = procs, .nprocs = 2, .cgroups = &cg, .ncgroups = 1,
				      .self = { .cpu_seconds = 1.25, .rss = 7e6, .rounds = 10, .samples = 30,
						.round_seconds = 0.04, .start_time = 1765000000 } };
}

static char *render(enum metrics_format f)
{
	struct metrics_page p = page();
	size_t len;
	char *s = metrics_render(&p, f, &len);

	assert_int_equal(strlen(s), len);
	return s;
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

/* Every sample's family has HELP and TYPE before it. */
static void every_family_typed(const char *s, bool om)
{
	char *copy = strdup(s), *save = NULL, typed[64][128];
	int ntyped = 0;

	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char name[128];
		if (strncmp(l, "# TYPE ", 7) == 0) {
			assert_true(sscanf(l + 7, "%127s", typed[ntyped]) == 1);
			ntyped++;
			continue;
		}
		if (l[0] == '#')
			continue;
		assert_true(sscanf(l, "%127[a-z_]", name) == 1);
		bool found = false;
		for (int i = 0; i < ntyped; i++) {
			size_t n = strlen(typed[i]);
			if (strcmp(name, typed[i]) == 0 ||
			    (om && strncmp(name, typed[i], n) == 0 && strcmp(name + n, "_total") == 0))
				found = true;
		}
		if (!found)
			fail_msg("sample without its TYPE: %s", l);
	}
	free(copy);
}

static void test_text_format(void **state)
{
	char *s = render(METRICS_TEXT);

	(void)state;
	every_family_typed(s, false);
	assert_true(has_line(s, "# TYPE memtrace_process_memory_bytes gauge"));
	assert_true(has_line(s, "memtrace_process_memory_bytes{pid=\"4242\",comm=\"leaker\",component=\"rss\"} 104857600"));
	/* swap 0 is a measurement; PSS unknown is left out */
	assert_true(has_line(s, "memtrace_process_memory_bytes{pid=\"4242\",comm=\"leaker\",component=\"swap\"} 0"));
	assert_null(strstr(s, "component=\"pss\""));
	assert_true(has_line(s, "memtrace_process_growth_bytes_per_second{pid=\"4242\",comm=\"leaker\"} 1048576"));
	assert_true(has_line(s, "memtrace_process_time_to_limit_seconds{pid=\"4242\",comm=\"leaker\"} 3000"));
	assert_true(has_line(s, "memtrace_process_start_time_seconds{pid=\"4242\",comm=\"leaker\"} 1765000000.5"));
	/* counters: named with _total in the text format too */
	assert_true(has_line(s, "# TYPE memtrace_cpu_seconds_total counter"));
	assert_true(has_line(s, "memtrace_cpu_seconds_total 1.25"));
	assert_true(has_line(s, "memtrace_rounds_total 10"));
	/* no state sets in 0.0.4: the verdict is a gauge with the same series */
	assert_true(has_line(s, "# TYPE memtrace_process_verdict gauge"));
	assert_null(strstr(s, "# UNIT"));
	assert_null(strstr(s, "# EOF"));
	free(s);
}

static void test_openmetrics_format(void **state)
{
	char *s = render(METRICS_OPENMETRICS);
	size_t n = strlen(s);

	(void)state;
	every_family_typed(s, true);
	assert_true(n > 6 && strcmp(s + n - 6, "# EOF\n") == 0);
	assert_true(has_line(s, "# TYPE memtrace_cpu_seconds counter"));
	assert_true(has_line(s, "# UNIT memtrace_cpu_seconds seconds"));
	assert_true(has_line(s, "memtrace_cpu_seconds_total 1.25"));
	assert_true(has_line(s, "# UNIT memtrace_process_memory_bytes bytes"));
	assert_true(has_line(s, "# TYPE memtrace_process_verdict stateset"));
	assert_true(has_line(s, "# TYPE memtrace_cgroup_verdict stateset"));
	/* a state set has no unit */
	assert_null(strstr(s, "# UNIT memtrace_process_verdict"));
	free(s);
}

static void test_verdict_stateset(void **state)
{
	(void)state;
	for (int f = METRICS_TEXT; f <= METRICS_OPENMETRICS; f++) {
		char *s = render((enum metrics_format)f);
		int ones = 0, zeros = 0;

		/* one series per process verdict, the current one 1 */
		assert_true(has_line(s, "memtrace_process_verdict{pid=\"4242\",comm=\"leaker\","
					"memtrace_process_verdict=\"leak\"} 1"));
		assert_true(has_line(s, "memtrace_process_verdict{pid=\"4242\",comm=\"leaker\","
					"memtrace_process_verdict=\"plateau\"} 0"));
		for (const char *p = s; (p = strstr(p, "memtrace_process_verdict{pid=\"4242\"")) != NULL; p++) {
			const char *end = strchr(p, '}');
			if (strncmp(end, "} 1\n", 4) == 0)
				ones++;
			else if (strncmp(end, "} 0\n", 4) == 0)
				zeros++;
		}
		assert_int_equal(ones, 1);
		assert_int_equal(ones + zeros, VERDICT_STABLE + 1);
		/* not judged yet: no series at all */
		assert_null(strstr(s, "memtrace_process_verdict{pid=\"7\""));
		/* cgroups have their own verdicts among the states */
		assert_true(has_line(s, "memtrace_cgroup_verdict{cgroup=\"/docker/abc\",container_id=\"abc\","
					"runtime=\"docker\",memtrace_cgroup_verdict=\"page-cache-growth\"} 1"));
		free(s);
	}
}

static void test_cgroup_families(void **state)
{
	char *s = render(METRICS_TEXT);

	(void)state;
	assert_true(has_line(s, "memtrace_cgroup_memory_bytes{cgroup=\"/docker/abc\",container_id=\"abc\","
				"runtime=\"docker\",component=\"usage\"} 1000"));
	assert_null(strstr(s, "component=\"kernel\"")); /* unknown */
	assert_true(has_line(s, "memtrace_cgroup_tool_bytes{cgroup=\"/docker/abc\",container_id=\"abc\","
				"runtime=\"docker\",tool=\"docker_stats\"} 900"));
	assert_true(has_line(s, "memtrace_cgroup_tool_bytes{cgroup=\"/docker/abc\",container_id=\"abc\","
				"runtime=\"docker\",tool=\"kubelet_working_set\"} 900"));
	assert_null(strstr(s, "tool=\"cadvisor_rss\"")); /* no id: not computed */
	/* no limit: no series, the family still described */
	assert_true(has_line(s, "# HELP memtrace_cgroup_limit_bytes Memory limit of a cgroup (none: no series)."));
	assert_null(strstr(s, "memtrace_cgroup_limit_bytes{"));
	assert_true(has_line(s, "memtrace_targets{kind=\"process\"} 2"));
	assert_true(has_line(s, "memtrace_targets{kind=\"cgroup\"} 1"));
	free(s);
}

static void test_label_escaping(void **state)
{
	char *s = render(METRICS_OPENMETRICS);

	(void)state;
	assert_true(has_line(s, "memtrace_process_memory_bytes{pid=\"7\",comm=\"we\\\"ird\\\\x1b\\nname\","
				"component=\"rss\"} 4096"));
	free(s);
}

static enum metrics_format neg(const char *h)
{
	return metrics_negotiate(h, h ? strlen(h) : 0);
}

static void test_negotiate(void **state)
{
	(void)state;
	assert_int_equal(neg(NULL), METRICS_TEXT);
	assert_int_equal(neg(""), METRICS_TEXT);
	assert_int_equal(neg("*/*"), METRICS_TEXT);
	assert_int_equal(neg("text/plain"), METRICS_TEXT);
	/* what Prometheus 2.x sends */
	assert_int_equal(neg("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
			     "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"),
			 METRICS_OPENMETRICS);
	assert_int_equal(neg("application/openmetrics-text"), METRICS_OPENMETRICS);
	assert_int_equal(neg("Application/OpenMetrics-Text; Version=\"1.0.0\" ; charset=utf-8"), METRICS_OPENMETRICS);
	/* q-values decide; ties go to the text format */
	assert_int_equal(neg("text/plain;q=0.9, application/openmetrics-text;q=0.8"), METRICS_TEXT);
	assert_int_equal(neg("text/plain;q=0.5, application/openmetrics-text;q=0.8"), METRICS_OPENMETRICS);
	assert_int_equal(neg("text/plain, application/openmetrics-text"), METRICS_TEXT);
	assert_int_equal(neg("application/openmetrics-text;q=0"), METRICS_TEXT);
	/* only 0.0.1 of OpenMetrics: not the 1.0.0 memtrace writes */
	assert_int_equal(neg("application/openmetrics-text;version=0.0.1"), METRICS_TEXT);
	/* a malformed q counts as 0 */
	assert_int_equal(neg("application/openmetrics-text;q=2"), METRICS_TEXT);
	assert_int_equal(neg("application/openmetrics-text;q=abc"), METRICS_TEXT);
	/* the length bounds the parse: "application/openmetrics-text" cut short */
	assert_int_equal(metrics_negotiate("application/openmetrics-text", 12), METRICS_TEXT);
	assert_int_equal(metrics_negotiate("application/openmetrics-text;q=0.1", 28), METRICS_OPENMETRICS);
	assert_int_equal(neg(";;;,,,=\"\"\"q=;version"), METRICS_TEXT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_format),	 cmocka_unit_test(test_openmetrics_format),
		cmocka_unit_test(test_verdict_stateset), cmocka_unit_test(test_cgroup_families),
		cmocka_unit_test(test_label_escaping),	 cmocka_unit_test(test_negotiate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
