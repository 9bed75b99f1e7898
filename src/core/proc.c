/* proc.c -- the clock and the pipe-and-fork of the modules that run code
 * in child processes (see proc.h). */

#define _GNU_SOURCE 1           /* pipe2, sigabbrev_np */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"

double
bp_clock_seconds (void)
{
  struct timespec t;

  clock_gettime (CLOCK_MONOTONIC, &t);
  return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

int
bp_fork_pipe (int fds[2], int flags, pid_t *pid, bp_error *err)
{
  fflush (NULL);
  if (pipe2 (fds, flags) != 0)
    return bp_error_set (err, "cannot make a pipe: %s", strerror (errno));
  *pid = fork ();
  if (*pid < 0)
    {
      close (fds[0]);
      close (fds[1]);
      return bp_error_set (err, "cannot fork: %s", strerror (errno));
    }
  return 0;
}

const char *
bp_signal_name (int signo, char *buf, size_t size)
{
  const char *abbrev = sigabbrev_np (signo);

  if (abbrev)
    snprintf (buf, size, "SIG%s", abbrev);
  else
    snprintf (buf, size, "signal %d", signo);
  return buf;
}
