/* guard.c -- work that calls untrusted code, in a child process watched
 * for progress (see guard.h).
 *
 * The child reports on a pipe, in records small enough to be written
 * atomically: a beat with the step under way, and, when fn returns, its
 * value.  The parent reads them with poll's time limit; end of file
 * without that last record means the child died or called exit in the
 * middle of the work. */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "backprop/blas.h"
#include "backprop/guard.h"
#include "loop.h"
#include "../core/proc.h"

enum { BEAT, ALLOW, DONE };

struct record {
  uint64_t step;
  int32_t kind;
  int32_t value;
};

struct bp_guard {
  int fd;                       /* the pipe's writing end, in the child */
};

static void
report (int fd, size_t step, int kind, int value)
{
  struct record r = { step, kind, value };
  ssize_t n;

  do
    n = write (fd, &r, sizeof r);
  while (n < 0 && errno == EINTR);
}

void
bp_guard_beat (bp_guard *guard, size_t step)
{
  if (guard != NULL)
    report (guard->fd, step, BEAT, 0);
}

void
bp_guard_allow (bp_guard *guard, size_t step, int seconds)
{
  if (guard != NULL)
    report (guard->fd, step, ALLOW, seconds);
}

/* In the child: the fatal signals back to their default action, so that
 * a crash of the untrusted code kills the child with its signal, for the
 * parent to name, instead of running a handler of the program's (a
 * sanitizer's report). */
static void
default_fatal_signals (void)
{
  static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
  struct sigaction sa;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
    sigaction (fatal[i], &sa, NULL);
}

/* What the parent learnt from the records. */
struct outcome {
  size_t step;                  /* the last step reported */
  int done, value;              /* fn returned value */
  int idle;                     /* killed for making no progress */
};

/* Read the child's records until end of file, or until none comes for
 * idle seconds; then kill it. */
static void
watch (pid_t pid, int fd, double idle, struct outcome *o)
{
  struct record r;
  double wait = idle;

  for (;;)
    {
      struct pollfd p = { fd, POLLIN, 0 };
      int n = poll (&p, 1, (int) (wait * 1000));
      ssize_t got;
      if (n < 0 && errno == EINTR)
        continue;
      if (n == 0)
        {
          o->idle = 1;
          kill (pid, SIGKILL);
          return;
        }
      got = read (fd, &r, sizeof r);
      if (got < 0 && errno == EINTR)
        continue;
      if (got != (ssize_t) sizeof r)
        return;
      if (r.kind == DONE)
        {
          o->done = 1;
          o->value = r.value;
        }
      else
        o->step = r.step;
      wait = r.kind == ALLOW ? GSL_MAX (idle, r.value) : idle;
    }
}

/* "in step 12", or "before the first step", in buf. */
static const char *
when (size_t step, char *buf, size_t size)
{
  if (step == 0)
    return "before the first step";
  snprintf (buf, size, "in step %zu", step);
  return buf;
}

/* The child's end: its status, or the line saying why there is none. */
static int
judge (const char *name, double idle, int wstatus, const struct outcome *o,
       int *status, bp_error *err)
{
  char buf[64], sig[32];
  const char *at = when (o->step, buf, sizeof buf);

  if (o->idle)
    return bp_error_set (err, "%s: made no progress for %g s %s (an "
                         "endless loop?); stopped", name, idle, at);
  if (WIFSIGNALED (wstatus))
    return bp_error_set (err, "%s: killed by %s %s", name,
                         bp_signal_name (WTERMSIG (wstatus), sig,
                                         sizeof sig), at);
  if (!o->done)
    return bp_error_set (err, "%s: called exit (status %d) %s", name,
                         WEXITSTATUS (wstatus), at);
  *status = o->value;
  return 0;
}

int
bp_guard_run (bp_guard_fn *fn, void *data, const char *name, double idle,
              int *status, bp_error *err)
{
  struct outcome o = { 0, 0, 0, 0 };
  int fds[2], wstatus;
  pid_t pid;

  if (bp_fork_pipe (fds, O_CLOEXEC, &pid, err))
    return GSL_EFAILED;
  if (pid == 0)
    {
      bp_guard guard = { fds[1] };
      int value;
      close (fds[0]);
      default_fatal_signals ();
      bp_blas_one_thread ();
      value = fn (data, &guard);
      fflush (NULL);
      report (fds[1], 0, DONE, value);
      _exit (value & 0xff);
    }
  close (fds[1]);
  watch (pid, fds[0], idle, &o);
  close (fds[0]);
  while (waitpid (pid, &wstatus, 0) < 0 && errno == EINTR)
    continue;
  return judge (name, idle, wstatus, &o, status, err);
}

/* A check (p->check) runs the untrusted code a few times, in the
 * sandbox too, each run within idle seconds: it may take this many
 * idles, and a minute more for its own work on a loaded machine. */
#define CHECK_IDLES 4

/* Guarded training: what the child trains with, and where it leaves the
 * result for the parent -- a shared mapping holding the history's counts,
 * the parameters, the losses and the epochs' statistics. */
struct guarded {
  bp_net *net;
  const bp_dataset *train, *val;
  const bp_preproc *pp;
  const bp_train_params *p;
  gsl_rng *rng;
  bp_guard *guard;
  struct shared *out;
  double idle;
};

struct shared {
  size_t iters, epochs, diverged;
  double bad_loss;
  double *theta;                /* (P) */
  double *loss;                 /* (iters) */
  bp_epoch_stats *stats;        /* (epochs) */
};

/* Each step reported under way before it runs: the next one after each
 * step done, and again before each check. */
static void
beat_progress (const bp_progress *pr, void *data)
{
  const struct guarded *g = data;

  bp_guard_beat (g->guard, pr->iter + 1);
  if (g->p->progress)
    g->p->progress (pr, g->p->progress_data);
}

static int
beat_check (const bp_net *net, const gsl_matrix *X, const size_t *y,
            size_t iter, void *data)
{
  const struct guarded *g = data;

  bp_guard_allow (g->guard, iter + 1, (int) (CHECK_IDLES * g->idle) + 60);
  return g->p->check (net, X, y, iter, g->p->check_data);
}

static int
train_child (void *data, bp_guard *guard)
{
  struct guarded *g = data;
  struct shared *out = g->out;
  bp_train_params q = *g->p;
  bp_history *h = NULL;
  int status;

  g->guard = guard;
  q.progress = beat_progress;
  q.progress_data = g;
  if (q.check)
    {
      q.check = beat_check;
      q.check_data = g;
    }
  bp_guard_beat (guard, 1);
  status = bp_train (g->net, g->train, g->val, g->pp, &q, g->rng, &h);
  memcpy (out->theta, g->net->theta->data,
          g->net->theta->size * sizeof *out->theta);
  if (h != NULL)
    {
      out->iters = h->iters;
      out->epochs = h->epochs;
      out->diverged = h->diverged;
      out->bad_loss = h->bad_loss;
      memcpy (out->loss, h->loss, h->iters * sizeof *h->loss);
      memcpy (out->stats, h->stats, h->epochs * sizeof *h->stats);
      bp_history_free (h);
    }
  return status;
}

/* The shared mapping for a run of `iters' steps and `epochs' epochs of a
 * net of P parameters, laid out; NULL when it cannot be mapped. */
static struct shared *
shared_map (size_t P, size_t iters, size_t epochs, size_t *bytes)
{
  struct shared *s;
  char *at;

  *bytes = sizeof *s + (P + iters) * sizeof (double)
    + epochs * sizeof (bp_epoch_stats);
  s = mmap (NULL, *bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
            -1, 0);
  if (s == MAP_FAILED)
    return NULL;
  at = (char *) (s + 1);
  s->theta = (double *) at;
  s->loss = s->theta + P;
  s->stats = (bp_epoch_stats *) (s->loss + iters);
  return s;
}

/* The child's result into net and a new history. */
static int
take_result (const struct shared *s, bp_net *net, bp_history **hist)
{
  memcpy (net->theta->data, s->theta, net->theta->size * sizeof *s->theta);
  if (s->iters == 0 && s->epochs == 0 && s->diverged == 0)
    return 0;
  *hist = bp_history_alloc (s->iters ? s->iters : 1,
                            s->epochs ? s->epochs : 1);
  if (*hist == NULL)
    return GSL_ENOMEM;
  (*hist)->iters = s->iters;
  (*hist)->epochs = s->epochs;
  (*hist)->diverged = s->diverged;
  (*hist)->bad_loss = s->bad_loss;
  memcpy ((*hist)->loss, s->loss, s->iters * sizeof *s->loss);
  memcpy ((*hist)->stats, s->stats, s->epochs * sizeof *s->stats);
  return 0;
}

int
bp_train_guarded (bp_net *net, const bp_dataset *train,
                  const bp_dataset *val, const bp_preproc *pp,
                  const bp_train_params *p, gsl_rng *rng, bp_history **hist,
                  const char *name, double idle, bp_error *err)
{
  struct guarded g = { net, train, val, pp, p, rng, NULL, NULL, idle };
  size_t steps, iters, epochs, bytes;
  int status, value;

  *hist = NULL;
  if (sgd_count (p, train->N, &steps, &iters, &epochs))
    return bp_error_set (err, "no steps to train");
  g.out = shared_map (net->theta->size, iters, epochs, &bytes);
  if (g.out == NULL)
    return bp_error_set (err, "cannot map memory: %s", strerror (errno));
  status = bp_guard_run (train_child, &g, name, idle, &value, err);
  if (status == 0)
    status = take_result (g.out, net, hist);
  if (status == GSL_ENOMEM)
    bp_error_set (err, "out of memory");
  munmap (g.out, bytes);
  return status ? status : value;
}
