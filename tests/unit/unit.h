/* Common includes for the cmocka unit tests (TAP output is selected by
 * CMOCKA_MESSAGE_OUTPUT=TAP in the test environment). */
#ifndef MEMTRACE_UNIT_H
#define MEMTRACE_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#endif
