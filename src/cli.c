/* cli.c -- the command-line pieces that both programs share (see cli.h). */

#include <config.h>

#include <dlfcn.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort_int.h>
#ifdef _OPENMP
# include <omp.h>
#endif

#include "cli.h"

const char *cli_program_name = "backprop";

void
cli_fail (const char *what, const char *fmt, ...)
{
  va_list ap;
  fprintf (stderr, "%s: ", cli_program_name);
  if (what != NULL)
    fprintf (stderr, "%s: ", what);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  putc ('\n', stderr);
  exit (2);
}

void
cli_option_error (int c, char **argv)
{
  const char *opt = argv[optind - 1];
  char shortopt[3] = { '-', (char) optopt, '\0' };

  if (c == ':')
    cli_fail (opt, "this option needs an argument; try --help");
  if (optopt > 0 && optopt < 256)
    opt = shortopt;
  cli_fail (opt, "unknown option; try --help");
}

void
cli_version (void)
{
  char blas[160];

  printf ("%s (%s) %s\n", cli_program_name, PACKAGE_NAME, PACKAGE_VERSION);
  printf ("CBLAS: %s\n", bp_blas_describe (blas, sizeof blas));
}

void
cli_writable (const char *path, int dir)
{
  char copy[4096];
  const char *parent;
  size_t len = strlen (path);
  struct stat st;

  if (len == 0)
    cli_fail (NULL, "an empty output path");
  if (len >= sizeof copy)
    cli_fail (path, "path too long");
  if (!dir && (path[len - 1] == '/'
               || (stat (path, &st) == 0 && S_ISDIR (st.st_mode))))
    cli_fail (path, "is a directory");
  if (dir && stat (path, &st) == 0)
    {
      if (!S_ISDIR (st.st_mode))
        cli_fail (path, "not a directory");
      if (access (path, W_OK | X_OK) != 0)
        cli_fail (path, "%s", strerror (errno));
      return;
    }
  memcpy (copy, path, len + 1);
  parent = dirname (copy);      /* may write into copy */
  if (stat (parent, &st) != 0)
    cli_fail (path, "%s: %s", parent, strerror (errno));
  if (!S_ISDIR (st.st_mode))
    cli_fail (path, "%s is not a directory", parent);
  if (access (parent, W_OK | X_OK) != 0)
    cli_fail (path, "cannot write in %s: %s", parent, strerror (errno));
}

size_t
cli_size (const char *opt, const char *arg, size_t min, size_t max)
{
  char *end;
  unsigned long long v;

  errno = 0;
  v = strtoull (arg, &end, 10);
  if (arg[0] == '-' || arg[0] == '+' || arg[0] == '\0' || *end != '\0'
      || errno || v < min || v > max)
    cli_fail (opt, "'%s' is not an integer in %zu..%zu", arg, min, max);
  return (size_t) v;
}

double
cli_double (const char *opt, const char *arg, double min, double max)
{
  char *end;
  double v;

  errno = 0;
  v = strtod (arg, &end);
  if (arg[0] == '\0' || *end != '\0' || errno || !isfinite (v) || v < min
      || v > max)
    cli_fail (opt, "'%s' is not a number in %g..%g", arg, min, max);
  return v;
}

const bp_bug *
cli_bug (const char *name)
{
  const bp_bug *bug = bp_bug_lookup (name);

  if (bug == NULL)
    cli_fail ("--inject", "no bug named '%s' in the zoo; --list-bugs lists "
              "them", name);
  return bug;
}

void
cli_list_bugs (void)
{
  for (size_t i = 0; i < bp_bugs_count (); i++)
    printf ("%-20s %s\n", bp_bug_get (i)->name, bp_bug_get (i)->summary);
}

int
cli_color (const char *when)
{
  if (strcmp (when, "always") == 0)
    return 1;
  if (strcmp (when, "never") == 0)
    return 0;
  if (strcmp (when, "auto") != 0)
    cli_fail ("--color", "'%s' is not one of auto, always, never", when);
  return isatty (STDOUT_FILENO) && getenv ("NO_COLOR") == NULL;
}

void
cli_plot_done (int status, const char *out, const bp_error *err)
{
  char script[4096];
  size_t n = strlen (out);

  if (status == 0)
    return;
  if (status != BP_PLOT_NO_GNUPLOT)
    cli_fail (out, "%s", err->msg);
  if (strcmp (out, "-") == 0)
    {
      fprintf (stderr, "%s: --plot -: %s; no terminal plot\n",
               cli_program_name, err->msg);
      return;
    }
  if (n > 4 && strcmp (out + n - 4, ".png") == 0)
    snprintf (script, sizeof script, "%.*s.gp", (int) (n - 4), out);
  else
    snprintf (script, sizeof script, "%s.gp", out);
  fprintf (stderr, "%s: %s: %s (is gnuplot installed?); wrote the data and "
           "script to %s\n", cli_program_name, out, err->msg, script);
}

void
cli_flush (void)
{
  if (fflush (stdout) != 0 || ferror (stdout))
    cli_fail ("standard output", "%s", strerror (errno));
}

/* Processes other than this one running or ready to run, from the
 * procs_running line of /proc/stat: the median of five looks a
 * millisecond apart.  One look is not enough either way: a build runs
 * many short processes, so a busy machine can look idle for a moment,
 * and an idle one runs a kernel worker, or the other end of a pipe
 * starting beside this program, now and then (on an idle machine, the
 * most of three looks took it for busy at one start of nntrain in five;
 * the median of five, at none of thirty).  -1 when unknown. */
static int
others_running (void)
{
  enum { LOOKS = 5 };
  int seen[LOOKS];

  for (int look = 0; look < LOOKS; look++)
    {
      FILE *f = fopen ("/proc/stat", "r");
      char line[256];
      int n;
      struct timespec ms = { 0, 1000000 };
      if (f == NULL)
        return -1;
      seen[look] = -1;
      while (fgets (line, sizeof line, f) != NULL)
        if (sscanf (line, "procs_running %d", &n) == 1)
          seen[look] = n - 1;
      fclose (f);
      if (seen[look] < 0)
        return -1;
      nanosleep (&ms, NULL);
    }
  gsl_sort_int (seen, 1, LOOKS);
  return seen[LOOKS / 2];
}

/* BLIS reads its number of threads from the environment at its first
 * call.  At this network's shapes (200x784 times 784x100) two threads
 * make a training step about 1.3 times faster than one on an idle 2-core
 * machine, so use two processors unless the user chose (BLIS_NUM_THREADS
 * or OMP_NUM_THREADS).  But threads that meet thousands of times a second
 * wait for each other whenever another program holds a processor: on a
 * 2-core machine busy with a build, ten epochs took 50 s with two threads
 * and 5 s with one.  So when other programs are running, use one thread,
 * for BLIS and for the library's OpenMP loops alike. */
int
cli_threads (void)
{
  long n = sysconf (_SC_NPROCESSORS_ONLN);

  if (getenv ("BLIS_NUM_THREADS") || getenv ("OMP_NUM_THREADS") || n < 2)
    return 0;
  if (others_running () > 0)
    {
#ifdef _OPENMP
      omp_set_num_threads (1);
#endif
      return 1;
    }
  setenv ("BLIS_NUM_THREADS", "2", 0);
  return 2;
}

bp_backward_fn *
cli_load_backward (const char *arg, char path[PATH_MAX + 2])
{
  const char *colon = strrchr (arg, ':'), *sym = "backward";
  size_t len = colon ? (size_t) (colon - arg) : strlen (arg);
  void *handle, *fn;

  if (len == 0 || len >= PATH_MAX)
    cli_fail ("--backward", "expected FILE.so[:SYMBOL]");
  if (colon)
    sym = colon + 1;
  /* dlopen searches the library path for a bare name; a file is meant. */
  snprintf (path, PATH_MAX + 2, "%s%.*s", memchr (arg, '/', len) ? ""
            : "./", (int) len, arg);
  if (access (path, R_OK) != 0)
    cli_fail (path, "%s", strerror (errno));
  handle = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL)
    cli_fail (path, "cannot load: %s", dlerror ());
  fn = dlsym (handle, sym);
  if (fn == NULL)
    cli_fail (path, "no symbol '%s' (name it with FILE.so:SYMBOL)", sym);
  return (bp_backward_fn *) (uintptr_t) fn;
}

bp_verdict *
cli_verdict_arrays (const bp_problem *p, const bp_gradcheck_opts *opts,
                    int flags)
{
  bp_verdict *v = bp_verdict_run (p->net, p->X, p->y, p->reg, p->grads,
                                  p->scores, p->loss, opts,
                                  flags | BP_VERDICT_ARRAYS);

  if (v == NULL)
    return NULL;
  memcpy (v->where, p->where, sizeof v->where);
  memcpy (v->where_text, p->where_text, sizeof v->where_text);
  memcpy (v->own_err, p->own_err, sizeof v->own_err);
  return v;
}
