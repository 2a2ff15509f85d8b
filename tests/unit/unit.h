/* Common includes for the cmocka unit tests (TAP output is selected by
 * CMOCKA_MESSAGE_OUTPUT=TAP in the test environment). */
#ifndef MEMTRACE_UNIT_H
#define MEMTRACE_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

/* Deterministic noise for synthetic series: xorshift64* and Box-Muller.
 * Set unit_rng to seed it (never 0). */
static uint64_t unit_rng = 88172645463325252ull;

static inline double unit_uniform(void)
{
	unit_rng ^= unit_rng >> 12;
	unit_rng ^= unit_rng << 25;
	unit_rng ^= unit_rng >> 27;
	return (double)((unit_rng * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

static inline double unit_gauss(void)
{
	double u = unit_uniform(), v = unit_uniform();
	return sqrt(-2 * log(u > 1e-300 ? u : 1e-300)) * cos(2 * M_PI * v);
}

#endif
