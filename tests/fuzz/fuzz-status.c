/* /proc/PID/status and /proc/PID/stat: the parsers of the two files read
 * every tick.  stat's comm may hold spaces and parentheses. */
#include "config.h"
#include "fuzz.h"
#include "source-status.h"

#include <math.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_piece p[2];
	size_t n = fuzz_split(data, size, p, 2);
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
	return 0;
}
