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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backprop/python.h"

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

static const char *
interpreter (const bp_python_opts *o)
{
  const char *p = getenv ("BACKPROP_PYTHON");
  if (o->python)
    return o->python;
  return p && *p ? p : BP_PYTHON;
}

/* The runner's command line, into argv (at most 24 entries), its numbers
 * printed into buf. */
static void
command (const char *file, const bp_python_opts *o, const char *outdir,
         const char **argv, char buf[5][64])
{
  int n = 0;

  argv[n++] = interpreter (o);
  argv[n++] = "-m";
  argv[n++] = "backprop_check.run";
  argv[n++] = file;
  argv[n++] = "--out";
  argv[n++] = outdir;
  if (o->D && o->H && o->C)
    {
      snprintf (buf[0], 64, "%zu,%zu,%zu", o->D, o->H, o->C);
      argv[n++] = "--net";
      argv[n++] = buf[0];
    }
  if (o->N)
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
  if (o->kinks)
    argv[n++] = "--kinks";
  /* the runner stops the student's code itself, to name its line; the
   * child is killed only if that fails */
  snprintf (buf[4], 64, "%g", o->seconds);
  argv[n++] = "--timeout";
  argv[n++] = buf[4];
  argv[n] = NULL;
}

/* In the child: standard output to /dev/null, standard error to the
 * pipe, the package on PYTHONPATH; exec, or exit 127. */
static void
child (const char **argv, int errfd)
{
  int null = open ("/dev/null", O_RDWR);
  const char *old = getenv ("PYTHONPATH");
  char path[4096];

  if (null >= 0)
    {
      dup2 (null, STDIN_FILENO);
      dup2 (null, STDOUT_FILENO);
    }
  dup2 (errfd, STDERR_FILENO);
  snprintf (path, sizeof path, "%s%s%s", bp_python_path (),
            old && *old ? ":" : "", old && *old ? old : "");
  setenv ("PYTHONPATH", path, 1);
  setenv ("MPLBACKEND", "Agg", 1);
  execvp (argv[0], (char *const *) argv);
  _exit (127);
}

static double
now (void)
{
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

/* Read what the child writes on the pipe (keeping the first line) until
 * it exits or the time is up; returns the wait status, or -1 when the
 * child was killed for its time. */
static int
wait_child (pid_t pid, int fd, double seconds, char *line, size_t len)
{
  double end = now () + seconds;
  size_t used = 0;
  int status;

  for (;;)
    {
      struct pollfd p = { fd, POLLIN, 0 };
      char buf[512];
      ssize_t r;
      if (waitpid (pid, &status, WNOHANG) == pid)
        break;
      if (now () > end)
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

int
bp_python_run (const char *file, const bp_python_opts *o, const char *outdir,
               bp_error *err)
{
  const char *argv[24];
  char nums[5][64], line[BP_ERRMAX] = "";
  const char *prefix = "gradcheck: ";
  int fds[2], status;
  pid_t pid;

  command (file, o, outdir, argv, nums);
  if (pipe (fds) != 0)
    return bp_error_set (err, "cannot make a pipe: %s", strerror (errno));
  fflush (NULL);
  pid = fork ();
  if (pid < 0)
    {
      close (fds[0]);
      close (fds[1]);
      return bp_error_set (err, "cannot fork: %s", strerror (errno));
    }
  if (pid == 0)
    {
      close (fds[0]);
      child (argv, fds[1]);
    }
  close (fds[1]);
  fcntl (fds[0], F_SETFL, O_NONBLOCK);
  status = wait_child (pid, fds[0], o->seconds + 2.0, line, sizeof line);
  close (fds[0]);
  if (status == -1)
    return bp_error_set (err, "%s: did not finish within %g s (does loss "
                         "loop forever?)", file, o->seconds + 2.0);
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

/* Remove the runner's directory and what it wrote there. */
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
