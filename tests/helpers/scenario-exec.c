/*
 * scenario-exec - a process that turns into another program: MIB MiB in
 * use, then execv().  The PID stays, the memory does not: RSS falls to
 * whatever the new program uses, which `memtrace watch` must report as an
 * identity change (exec), not as a release.  Exec'ing into itself (PROGRAM
 * is the path of scenario-exec, with a smaller MIB) keeps comm and exe
 * the same; only the new address space (VmHWM reset, every mapping
 * replaced) shows the change.
 *
 *   scenario-exec MIB HOLD_S PROGRAM [ARGS...]
 *
 * One anonymous private mapping of MIB MiB (no THP), written before
 * ready.  It is held (not re-touched) until ready + HOLD_S (0..86400,
 * absolute CLOCK_MONOTONIC deadline); then it prints "exec PROGRAM" and
 * execv()s PROGRAM with argv = { PROGRAM, ARGS... }.  Everything after
 * HOLD_S belongs to PROGRAM, so there is no --seconds option.  If execv
 * fails it says why on stderr and exits 1.
 *
 * stdout:
 *   "ready pid=P mib=M hold_s=H addr=0x<start> len=BYTES program=PROGRAM"
 *   "exec PROGRAM"
 *   then whatever PROGRAM prints: another helper prints its own "ready"
 *   line, so a test waiting for the new program waits for the line after
 *   "exec" (the second "ready").
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include "helper.h"

#define USAGE "scenario-exec MIB HOLD_S PROGRAM [ARGS...]"

int main(int argc, char **argv)
{
	unsigned long mib, hold;
	struct timespec t0;
	size_t len;
	void *p;

	if (argc < 4)
		helper_usage(USAGE);
	mib = helper_arg(argv[1], 1, HELPER_MAX_MIB, USAGE);
	hold = helper_arg(argv[2], 0, 86400, USAGE);

	(void)prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
	len = mib * HELPER_MIB;
	p = helper_map_anon(len);
	helper_touch(p, len);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	helper_say("ready pid=%ld mib=%lu hold_s=%lu addr=%#lx len=%zu program=%s",
		   (long)getpid(), mib, hold, (unsigned long)p, len, argv[3]);

	helper_wait_ns(&t0, hold * 1000000000ULL);
	helper_say("exec %s", argv[3]);
	execv(argv[3], argv + 3);
	helper_die("execv");
}
