/* /proc/PID/status and /proc/PID/stat: the parsers of the two files read
 * every tick.  stat's comm may hold spaces and parentheses.  A third piece
 * is /proc/stat, whose btime dates the processes `memtrace export`
 * exports. */
#include "config.h"
#include "fuzz.h"
#include "source-status.h"
#include "source-system.h"

#include <math.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_piece p[3];
	size_t n = fuzz_split(data, size, p, 3);
	struct proc_status st;
	struct proc_stat sf;
	double cpu;

	status_parse(p[0].data, p[0].len, &st);
	if (n > 1) {
		fuzz_write("proc/4242/stat", p[1].data, p[1].len);
		if (stat_read(fuzz_root(), 4242, &sf) == 0 && !(sf.cpu >= 0))
			abort(); /* CPU time is never negative or NaN once parsed */
		stat_cpu_seconds(fuzz_root(), 4242, &cpu);
	}
	if (n > 2) {
		double btime;
		fuzz_write("proc/stat", p[2].data, p[2].len);
		btime = system_boot_time(fuzz_root());
		if (!(isnan(btime) || btime >= 0))
			abort(); /* a boot time is a count of seconds */
	}
	return 0;
}
