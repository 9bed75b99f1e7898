/* python.c -- run a student's Python file through backprop_check in a
 * child process with a time limit (see python.h). */

#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_math.h>

#include "backprop/npy.h"
#include "backprop/python.h"
#include "pychild.h"
#include "../core/proc.h"

#ifndef BP_PYTHON
# define BP_PYTHON "python3"
#endif
#ifndef PYTHONDIR
# define PYTHONDIR "/usr/local/lib/python3/dist-packages"
#endif

void
bp_python_opts_init (bp_python_opts *o)
{
  memset (o, 0, sizeof *o);
  o->reg = -1.0;
  o->seconds = 20.0;
}

const char *
bp_python_path (void)
{
  const char *p = getenv ("BACKPROP_PYTHONPATH");
  return p && *p ? p : PYTHONDIR;
}

const char *
bp_python_interpreter (const bp_python_opts *o)
{
  const char *p = getenv ("BACKPROP_PYTHON");
  if (o->python)
    return o->python;
  return p && *p ? p : BP_PYTHON;
}

const char *
bp_python_target (const char *file, const bp_python_opts *o, char *buf,
                  size_t len)
{
  if (o->klass == NULL)
    return file;
  snprintf (buf, len, "%s:%s", file, o->klass);
  return buf;
}

/* The runner's command line, into argv (at most 24 entries), its numbers
 * printed into buf; problem is the directory of the given problem, or
 * NULL. */
static void
command (const char *target, const bp_python_opts *o, const char *outdir,
         const char *problem, const char **argv, char buf[5][64])
{
  int n = 0;

  argv[n++] = bp_python_interpreter (o);
  argv[n++] = "-m";
  argv[n++] = "backprop_check.run";
  argv[n++] = target;
  argv[n++] = "--out";
  argv[n++] = outdir;
  if (problem)
    {
      argv[n++] = "--problem";
      argv[n++] = problem;
    }
  else if (o->D && o->H && o->C)
    {
      snprintf (buf[0], 64, "%zu,%zu,%zu", o->D, o->H, o->C);
      argv[n++] = "--net";
      argv[n++] = buf[0];
    }
  if (o->N && !problem)
    {
      snprintf (buf[1], 64, "%zu", o->N);
      argv[n++] = "--batch";
      argv[n++] = buf[1];
    }
  if (o->seed)
    {
      snprintf (buf[2], 64, "%lu", o->seed);
      argv[n++] = "--seed";
      argv[n++] = buf[2];
    }
  if (o->reg >= 0.0)
    {
      snprintf (buf[3], 64, "%.17g", o->reg);
      argv[n++] = "--reg";
      argv[n++] = buf[3];
    }
  if (o->kinks && !problem)
    argv[n++] = "--kinks";
  /* the runner stops the student's code itself, to name its line; the
   * child is killed only if that fails */
  snprintf (buf[4], 64, "%g", o->seconds);
  argv[n++] = "--timeout";
  argv[n++] = buf[4];
  argv[n] = NULL;
}

/* A copy of fd that is not 0, 1 or 2 (so that placing one of them does
 * not close another) and that exec closes, or -1. */
static int
high (int fd)
{
  return fd < 0 ? -1 : fcntl (fd, F_DUPFD_CLOEXEC, 3);
}

void
bp_python_exec (const char **argv, int in, int err, int one_thread)
{
  static const char *threads[] = { "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                   "BLIS_NUM_THREADS", "MKL_NUM_THREADS" };
  const char *old = getenv ("PYTHONPATH");
  char path[4096];
  int null = high (open ("/dev/null", O_RDWR));

  in = in < 0 ? null : high (in);
  err = high (err);
  if (in >= 0)
    dup2 (in, STDIN_FILENO);
  if (null >= 0)
    dup2 (null, STDOUT_FILENO);
  if (err >= 0)
    dup2 (err, STDERR_FILENO);
  snprintf (path, sizeof path, "%s%s%s", bp_python_path (),
            old && *old ? ":" : "", old && *old ? old : "");
  setenv ("PYTHONPATH", path, 1);
  setenv ("MPLBACKEND", "Agg", 1);
  for (size_t i = 0; one_thread && i < sizeof threads / sizeof *threads; i++)
    setenv (threads[i], "1", 0);
  execvp (argv[0], (char *const *) argv);
  _exit (127);
}

/* Read what the child writes on the pipe (keeping the first line) until
 * it exits or the time is up; returns the wait status, or -1 when the
 * child was killed for its time. */
static int
wait_child (pid_t pid, int fd, double seconds, char *line, size_t len)
{
  double end = bp_clock_seconds () + seconds;
  size_t used = 0;
  int status;

  for (;;)
    {
      struct pollfd p = { fd, POLLIN, 0 };
      char buf[512];
      ssize_t r;
      if (waitpid (pid, &status, WNOHANG) == pid)
        break;
      if (bp_clock_seconds () > end)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          return -1;
        }
      if (poll (&p, 1, 50) > 0 && (r = read (fd, buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < r && used + 1 < len; i++)
          if (used == 0 || line[used - 1] != '\n')
            line[used++] = buf[i];
    }
  /* what is left in the pipe after the exit */
  {
    char buf[512];
    ssize_t r;
    while ((r = read (fd, buf, sizeof buf)) > 0)
      for (ssize_t i = 0; i < r && used + 1 < len; i++)
        if (used == 0 || line[used - 1] != '\n')
          line[used++] = buf[i];
  }
  line[used] = '\0';
  line[strcspn (line, "\n")] = '\0';
  return status;
}

/* Run the runner's command line argv, into err its error line (or why
 * it did not finish within seconds + 2 s). */
static int
run (const char *file, const char **argv, double seconds, bp_error *err)
{
  char line[BP_ERRMAX] = "";
  const char *prefix = "gradcheck: ";
  int fds[2], status;
  pid_t pid;

  if (bp_fork_pipe (fds, 0, &pid, err))
    return GSL_EFAILED;
  if (pid == 0)
    {
      close (fds[0]);
      bp_python_exec (argv, -1, fds[1], 1);
    }
  close (fds[1]);
  fcntl (fds[0], F_SETFL, O_NONBLOCK);
  status = wait_child (pid, fds[0], seconds + 2.0, line, sizeof line);
  close (fds[0]);
  if (status == -1)
    return bp_error_set (err, "%s: did not finish within %g s (does loss "
                         "loop forever?)", file, seconds + 2.0);
  if (WIFSIGNALED (status))
    return bp_error_set (err, "%s: %s was killed by signal %d", file,
                         argv[0], WTERMSIG (status));
  if (WEXITSTATUS (status) == 127)
    return bp_error_set (err, "%s cannot be run: install Debian's python3 "
                         "and python3-numpy", argv[0]);
  if (WEXITSTATUS (status) != 0)
    {
      const char *l = strncmp (line, prefix, strlen (prefix)) == 0
        ? line + strlen (prefix) : line;
      return bp_error_set (err, "%s", *l ? l : "the Python runner failed "
                           "without a message");
    }
  return 0;
}

/* Remove the directory dir and the files in it. */
static void
remove_dir (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  char path[4400];

  while (d && (e = readdir (d)) != NULL)
    if (e->d_name[0] != '.')
      {
        snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
        unlink (path);
      }
  if (d)
    closedir (d);
  rmdir (dir);
}

/* rows x cols values of m, row by row, into buf; then dir/NAME.npy of
 * ndim dimensions. */
static int
save (const char *dir, const char *name, const gsl_matrix *m, size_t ndim,
      double *buf, bp_error *err)
{
  char path[4400];
  size_t shape[2] = { ndim == 2 ? m->size1 : m->size1 * m->size2,
                      m->size2 };

  for (size_t i = 0; i < m->size1; i++)
    memcpy (buf + i * m->size2, m->data + i * m->tda,
            m->size2 * sizeof *buf);
  snprintf (path, sizeof path, "%s/%s.npy", dir, name);
  return bp_npy_write (path, buf, ndim, shape, err);
}

/* The given problem (o->net, o->X, o->y) into the new directory dir, as
 * the runner's --problem reads it.  0, or GSL_EFAILED with err. */
static int
write_problem (const bp_python_opts *o, const char *dir, bp_error *err)
{
  const bp_net *net = o->net;
  size_t N = o->X ? o->X->size1 : 0, D, H, C, n;
  double *buf;
  int status = 0;

  if (net == NULL || o->X == NULL || o->y == NULL)
    return bp_error_set (err, "a given problem needs the net, X and y");
  D = net->D, H = net->H, C = net->C;
  if (N == 0 || o->X->size2 != D)
    return bp_error_set (err, "the given X is (%zu, %zu), want (N, %zu)",
                         N, o->X->size2, D);
  for (size_t i = 0; i < N; i++)
    if (o->y[i] >= C)
      return bp_error_set (err, "the given label y[%zu] = %zu is not below "
                           "C = %zu", i, o->y[i], C);
  if (mkdir (dir, 0700) != 0)
    return bp_error_set (err, "cannot make %s: %s", dir, strerror (errno));
  n = GSL_MAX (N * D, GSL_MAX (D * H, H * C));
  if ((buf = malloc (n * sizeof *buf)) == NULL)
    return bp_error_set (err, "out of memory");
  {
    gsl_matrix_const_view y = gsl_matrix_const_view_array (buf, 1, N);
    gsl_matrix_const_view b1 = gsl_matrix_const_view_vector (net->b1, 1, H);
    gsl_matrix_const_view b2 = gsl_matrix_const_view_vector (net->b2, 1, C);
    status = save (dir, "X", o->X, 2, buf, err)
      || save (dir, "W1", net->W1, 2, buf, err)
      || save (dir, "b1", &b1.matrix, 1, buf, err)
      || save (dir, "W2", net->W2, 2, buf, err)
      || save (dir, "b2", &b2.matrix, 1, buf, err);
    for (size_t i = 0; i < N && !status; i++)
      buf[i] = (double) o->y[i];
    status = status || save (dir, "y", &y.matrix, 1, buf, err);
  }
  free (buf);
  return status ? GSL_EFAILED : 0;
}

int
bp_python_run (const char *file, const bp_python_opts *o, const char *outdir,
               bp_error *err)
{
  const char *argv[24];
  char nums[5][64], target[4200], problem[4400];
  int given = o->net || o->X || o->y, status;

  if (given)
    {
      snprintf (problem, sizeof problem, "%s/problem", outdir);
      if ((status = write_problem (o, problem, err)) != 0)
        {
          remove_dir (problem);
          return status;
        }
    }
  command (bp_python_target (file, o, target, sizeof target), o, outdir,
           given ? problem : NULL, argv, nums);
  status = run (file, argv, o->seconds, err);
  if (given)
    remove_dir (problem);
  return status;
}

/* where.tsv: "grad FILE LINE text" per line, into p->where and
 * p->where_text ("FILE:LINE", "text"). */
static void
read_where (const char *dir, bp_problem *p)
{
  char path[4400], line[1024];
  FILE *f;

  snprintf (path, sizeof path, "%s/where.tsv", dir);
  if ((f = fopen (path, "r")) == NULL)
    return;
  while (fgets (line, sizeof line, f))
    {
      char *grad = strtok (line, "\t"), *file = strtok (NULL, "\t");
      char *no = strtok (NULL, "\t"), *text = strtok (NULL, "\n");
      int id = grad ? bp_grad_lookup (grad) : -1;
      const char *slash;
      if (id < 0 || file == NULL || no == NULL)
        continue;
      slash = strrchr (file, '/');
      snprintf (p->where[id], sizeof p->where[id], "%s:%d",
                slash ? slash + 1 : file, atoi (no));
      snprintf (p->where_text[id], sizeof p->where_text[id], "%s",
                text ? text : "");
    }
  fclose (f);
}

/* ownloss.tsv: "grad rel_err ok|wrong worst" per line, into p->own_err. */
static void
read_own (const char *dir, bp_problem *p)
{
  char path[4400], grad[16];
  double e;
  FILE *f;

  snprintf (path, sizeof path, "%s/ownloss.tsv", dir);
  if ((f = fopen (path, "r")) == NULL)
    return;
  while (fscanf (f, "%15s %lf%*[^\n]", grad, &e) == 2)
    if (bp_grad_lookup (grad) >= 0)
      p->own_err[bp_grad_lookup (grad)] = e;
  fclose (f);
}

int
bp_problem_python (const char *file, const bp_python_opts *o,
                   bp_problem **out, bp_error *err)
{
  const char *tmp = getenv ("TMPDIR");
  char dir[4096];
  int status;

  *out = NULL;
  snprintf (dir, sizeof dir, "%s/gradcheck.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (mkdtemp (dir) == NULL)
    return bp_error_set (err, "cannot make a directory in %s: %s",
                         tmp && *tmp ? tmp : "/tmp", strerror (errno));
  status = bp_python_run (file, o, dir, err);
  if (status == 0)
    {
      status = bp_problem_load_npy (dir, out, err);
      if (status)
        bp_error_set (err, "%s: the runner's arrays: %s", file, err->msg);
    }
  if (status == 0)
    {
      (*out)->reg = o->reg >= 0.0 ? o->reg : BP_PYTHON_REG;
      read_where (dir, *out);
      read_own (dir, *out);
    }
  remove_dir (dir);
  return status;
}
