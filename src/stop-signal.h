/* The signals that end a long-running command (watch, run, top, export)
 * cleanly: SIGINT, SIGTERM and SIGHUP set stop_signal, which each loop
 * checks between rounds, so the verdict, the recording's end and the
 * terminal's state are always written.  SIGPIPE is ignored: a closed
 * pipe shows as a write error instead, which the command reports. */
#ifndef MEMTRACE_STOP_SIGNAL_H
#define MEMTRACE_STOP_SIGNAL_H

#include <signal.h>

/* The signal that asked to stop, 0 until one did. */
extern volatile sig_atomic_t stop_signal;

/* Installs the handlers (without SA_RESTART: a sleep or a read returns
 * early, and the loop sees stop_signal). */
void stop_signal_catch(void);

#endif
