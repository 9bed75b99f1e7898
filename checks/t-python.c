/* t-python.c -- bp_python_run against a stand-in runner: the student's
 * output kept out of ours, the runner's error line passed on, a run that
 * never ends stopped at its limit, an interpreter that is not there; the
 * class; a given problem written for the runner, and removed after. */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "backprop/python.h"

/* A package backprop_check whose runner behaves by the file's name. */
static const char runner[] =
  "import sys, time\n"
  "f = sys.argv[1]\n"
  "print('the student prints this')\n"
  "sys.stderr.write('and this\\n') if 'noisy' in f else None\n"
  "if 'hang' in f: time.sleep(60)\n"
  "if 'raise' in f:\n"
  "    sys.stderr.write('gradcheck: %s:97: ZeroDivisionError: division by "
  "zero\\n' % f); sys.exit(2)\n"
  "if 'args' in f:\n"
  "    sys.stderr.write(' '.join(sys.argv[1:]) + '\\n'); sys.exit(2)\n"
  "if 'list' in f:\n"
  "    import os\n"
  "    d = sys.argv[sys.argv.index('--problem') + 1]\n"
  "    sys.stderr.write(' '.join(sorted(os.listdir(d))) + ' threads=%s\\n'\n"
  "                     % os.environ.get('OPENBLAS_NUM_THREADS'))\n"
  "    sys.exit(2)\n";

static int
write_file (const char *path, const char *text)
{
  FILE *f = fopen (path, "w");
  if (f == NULL)
    return -1;
  fputs (text, f);
  return fclose (f);
}

/* A given problem: the arguments, the files the runner finds, their
 * removal, and a batch that does not fit the net. */
static void
check_given (const char *dir, bp_python_opts *o)
{
  bp_net *net = bp_net_alloc (4, 3, 2);
  gsl_matrix *X = gsl_matrix_alloc (5, 4), *wide = gsl_matrix_alloc (5, 5);
  size_t y[5] = { 1, 0, 1, 1, 0 };
  char want[160], problem[96];
  bp_error err;
  int s;

  gsl_matrix_set_all (X, 2.385);
  o->net = net, o->X = X, o->y = y, o->reg = -1.0;
  s = bp_python_run ("args.py", o, dir, &err);
  snprintf (want, sizeof want, "args.py:Net --out %s --problem %s/problem "
            "--seed 3 --timeout 1.5", dir, dir);
  is_substr (s ? err.msg : "", want, "a given problem: --problem "
             "OUTDIR/problem, and neither --net, --batch nor --kinks");
  s = bp_python_run ("list.py", o, dir, &err);
  is_substr (s ? err.msg : "", "W1.npy W2.npy X.npy b1.npy b2.npy y.npy "
             "threads=1", "the runner finds the six arrays, and numpy's "
             "BLAS on one thread");
  snprintf (problem, sizeof problem, "%s/problem", dir);
  ok (access (problem, F_OK) != 0, "OUTDIR/problem is removed after the "
      "run");
  o->X = wide;
  s = bp_python_run ("args.py", o, dir, &err);
  is_substr (s ? err.msg : "", "the given X is (5, 5), want (N, 4)",
             "a given X that does not fit the net is refused");
  y[2] = 2;
  o->X = X;
  s = bp_python_run ("args.py", o, dir, &err);
  is_substr (s ? err.msg : "", "the given label y[2] = 2 is not below C = 2",
             "a given label out of range is refused");
  o->net = NULL, o->X = NULL, o->y = NULL;
  gsl_matrix_free (wide);
  gsl_matrix_free (X);
  bp_net_free (net);
}

int
main (void)
{
  char dir[] = "/tmp/t-python.XXXXXX", pkg[64], path[96];
  bp_python_opts o;
  bp_error err;
  int s;

  plan (11);
  if (system ("python3 -c pass >/dev/null 2>&1") != 0)
    {
      skip (11, "no python3 to run the stand-in runner");
      return tap_done ();
    }
  unsetenv ("OPENBLAS_NUM_THREADS");
  if (mkdtemp (dir) == NULL)
    bail ("mkdtemp failed");
  snprintf (pkg, sizeof pkg, "%s/backprop_check", dir);
  mkdir (pkg, 0700);
  snprintf (path, sizeof path, "%s/__init__.py", pkg);
  write_file (path, "");
  snprintf (path, sizeof path, "%s/run.py", pkg);
  write_file (path, runner);
  setenv ("BACKPROP_PYTHONPATH", dir, 1);
  bp_python_opts_init (&o);
  o.python = "python3";
  o.seconds = 1.5;

  s = bp_python_run ("quiet.py", &o, dir, &err);
  is_int (s, 0, "a run that succeeds returns 0 (and its prints go nowhere)");
  s = bp_python_run ("raise.py", &o, dir, &err);
  is_substr (s ? err.msg : "", "raise.py:97: ZeroDivisionError",
             "the runner's error line is passed on without its prefix");
  o.D = 6, o.H = 8, o.C = 4, o.N = 7, o.seed = 3, o.reg = 0.25, o.kinks = 1;
  s = bp_python_run ("args.py:Net", &o, dir, &err);
  is_substr (s ? err.msg : "", "args.py:Net --out /tmp/t-python.",
             "the file and its class come first, then --out DIR");
  is_substr (s ? err.msg : "", "--net 6,8,4 --batch 7 --seed 3 --reg 0.25 "
             "--kinks --timeout 1.5", "the net, batch, seed, reg, --kinks "
             "and the time limit are passed");
  o.klass = "Net";
  o.kinks = 1;
  check_given (dir, &o);
  o.klass = NULL;
  s = bp_python_run ("hang.py", &o, dir, &err);
  is_substr (s ? err.msg : "", "hang.py: did not finish within 3.5 s",
             "a run that its runner does not stop is stopped 2 s later");
  o.python = "/nonexistent/python3";
  s = bp_python_run ("quiet.py", &o, dir, &err);
  is_substr (s ? err.msg : "", "cannot be run: install Debian's python3",
             "a missing interpreter is named with its package");

  snprintf (path, sizeof path, "rm -rf '%s'", dir);
  if (system (path) != 0)
    diag ("could not remove %s", dir);
  return tap_done ();
}
