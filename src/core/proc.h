/* proc.h -- what the modules that run code in child processes share
 * (private to the library): the monotonic clock their time limits read,
 * a pipe with a child at its other end, and the name of the signal that
 * killed one. */

#ifndef BP_PROC_H
#define BP_PROC_H

#include <stddef.h>
#include <sys/types.h>

#include "backprop/error.h"

#define BP_HIDDEN_PROC __attribute__ ((visibility ("hidden")))

/* Seconds on the monotonic clock. */
BP_HIDDEN_PROC double bp_clock_seconds (void);

/* A pipe (with flags, as pipe2 takes them) and a child process: standard
 * output is flushed first, so that nothing buffered is written twice.
 * *pid is 0 in the child, the child's in the parent.  0, or GSL_EFAILED
 * with err ("cannot make a pipe: ...", "cannot fork: ...") and nothing
 * left open. */
BP_HIDDEN_PROC int bp_fork_pipe (int fds[2], int flags, pid_t *pid,
                                 bp_error *err);

/* "SIGSEGV" for SIGSEGV (glibc's abbreviation), "signal N" for a number
 * it does not know, in buf of size bytes; returns buf. */
BP_HIDDEN_PROC const char *bp_signal_name (int signo, char *buf,
                                           size_t size);

#endif /* BP_PROC_H */
