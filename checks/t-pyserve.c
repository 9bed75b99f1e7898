/* t-pyserve.c -- the server of a student's Python loss (pyserve.h) on the
 * files of checks/py-students and checks/py-serve: its loss and gradients
 * against the reference backward pass, a caller's mistake that leaves it
 * alive, every way the student's code can fail as one line with the child
 * ended and reaped, prints kept out of our output; and bp_problem_python
 * at a given net and batch, which must come back exactly as given.
 * Skips when no Python with numpy is found. */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "tap.h"
#include "backprop/backward.h"
#include "backprop/pyserve.h"

#define PARAMS (1u << BP_DW1 | 1u << BP_DB1 | 1u << BP_DW2 | 1u << BP_DB2)

/* The sizes of the small cases: all different. */
enum { D = 13, H = 9, C = 5, N = 11 };

static double
now (void)
{
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

/* A Python with numpy ($PYTHON, python3, /usr/bin/python3), or NULL. */
static const char *
find_python (void)
{
  static const char *tries[] = { NULL, "python3", "/usr/bin/python3" };
  static char cmd[4200];

  tries[0] = getenv ("PYTHON");
  for (size_t i = 0; i < sizeof tries / sizeof *tries; i++)
    {
      if (tries[i] == NULL || *tries[i] == '\0' || strcmp (tries[i], ":") == 0)
        continue;
      snprintf (cmd, sizeof cmd, "'%s' -c 'import numpy' >/dev/null 2>&1",
                tries[i]);
      if (system (cmd) == 0)
        return tries[i];
    }
  return NULL;
}

/* A student's file in checks/ (dir "py-students" or "py-serve"). */
static const char *
student (const char *dir, const char *file)
{
  static char buf[2][4200];
  static int which;
  char rel[256];

  which = !which;
  snprintf (rel, sizeof rel, "checks/%s/%s", dir, file);
  snprintf (buf[which], sizeof buf[which], "%s", tap_srcfile (rel));
  return buf[which];
}

/* A net and a batch: weights ~ N(0, 1/fan-in), biases ~ 0.1 N(0, 1), X ~
 * N(0, 1), labels uniform. */
static void
draw (bp_net *net, gsl_matrix *X, size_t *y, gsl_rng *r)
{
  for (size_t i = 0; i < net->theta->size; i++)
    net->theta->data[i] = gsl_ran_gaussian (r, 1.0);
  gsl_matrix_scale (net->W1, 1.0 / sqrt ((double) net->D));
  gsl_matrix_scale (net->W2, 1.0 / sqrt ((double) net->H));
  gsl_vector_scale (net->b1, 0.1);
  gsl_vector_scale (net->b2, 0.1);
  for (size_t i = 0; i < X->size1; i++)
    {
      for (size_t j = 0; j < X->size2; j++)
        gsl_matrix_set (X, i, j, gsl_ran_gaussian (r, 1.0));
      y[i] = gsl_rng_uniform_int (r, net->C);
    }
}

/* max |a - b| / max |b| over gradient id of a and b. */
static double
rel (bp_grads *a, bp_grads *b, enum bp_grad_id id)
{
  gsl_matrix_view va = bp_grads_matrix (a, id), vb = bp_grads_matrix (b, id);
  double d = 0.0, m = 0.0;

  for (size_t i = 0; i < va.matrix.size1; i++)
    for (size_t j = 0; j < va.matrix.size2; j++)
      {
        double x = gsl_matrix_get (&va.matrix, i, j);
        double z = gsl_matrix_get (&vb.matrix, i, j);
        d = fmax (d, fabs (x - z));
        m = fmax (m, fabs (z));
      }
  return m > 0.0 ? d / m : d;
}

/* The largest rel over the four parameter gradients. */
static double
rel4 (bp_grads *a, bp_grads *b)
{
  return fmax (fmax (rel (a, b, BP_DW1), rel (a, b, BP_DB1)),
               fmax (rel (a, b, BP_DW2), rel (a, b, BP_DB2)));
}

/* No child left: none running, none unreaped. */
static int
no_children (void)
{
  return waitpid (-1, NULL, WNOHANG) == -1 && errno == ECHILD;
}

/* One call of the student's loss at net on X, y, reg 0.05, and the
 * reference gradients of the same in ref (and *want its loss). */
struct call {
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_grads *g, *ref;
  double loss, want;
  bp_error err;
};

static int
call (bp_pyserve *s, struct call *c)
{
  bp_cache *cache = bp_cache_alloc (c->X->size1, c->net->H, c->net->C);
  bp_grads *ref = bp_grads_alloc (c->X->size1, c->net->D, c->net->H,
                                  c->net->C);

  bp_net_forward (c->net, c->X, cache);
  bp_net_backward (c->net, c->X, c->y, 0.05, cache, ref);
  c->want = bp_net_loss (c->net, cache, c->y, 0.05);
  gsl_vector_memcpy (c->ref->dtheta, ref->dtheta);
  bp_grads_free (ref);
  bp_cache_free (cache);
  c->err.msg[0] = '\0';
  return bp_pyserve_loss (s, c->net, c->X, c->y, 0.05, &c->loss, c->g,
                          &c->err);
}

/* The correct file: the reference's loss and gradients, at a second
 * batch larger than the first and taken as a view with rows of its own
 * stride; a caller's mistake, after which the server still answers. */
static void
check_correct (struct call *c, gsl_rng *r)
{
  const char *file = student ("py-students", "correct-mean.py");
  gsl_matrix *big = gsl_matrix_alloc (17, D + 3);
  gsl_matrix_view v = gsl_matrix_submatrix (big, 0, 1, 17, D);
  gsl_matrix *X = c->X, *wide = gsl_matrix_alloc (N, D - 1);
  size_t y17[17], *y = c->y;
  bp_python_opts o;
  bp_pyserve *s = NULL;
  int st;

  bp_python_opts_init (&o);
  st = bp_pyserve_start (file, &o, D, H, C, &s, &c->err);
  if (!is_int (st, 0, "correct-mean.py: the server starts"))
    diag ("%s", c->err.msg);
  gsl_matrix_set_all (c->g->dz2, 2.385);
  c->g->present = 0;
  st = s ? call (s, c) : -1;
  is_int (st, 0, "correct-mean.py: loss returns 0 %s", c->err.msg);
  is_double (c->loss, c->want, 1e-12 * c->want, "correct-mean.py: its "
             "loss is the reference's");
  for (int id = BP_DW2; id <= BP_DB1; id++)
    if (id != BP_DP1 && id != BP_DZ1)
      ok (rel (c->g, c->ref, id) < 1e-8, "correct-mean.py: %s agrees with "
          "bp_net_backward to 1e-8 (%.2g)", bp_grad_name (id),
          rel (c->g, c->ref, id));
  is_int (c->g->present, PARAMS, "present holds the four parameter bits");
  is_double (gsl_matrix_get (c->g->dz2, 3, 2), 2.385, 0.0,
             "dz2 is left as it was");

  draw (c->net, &v.matrix, y17, r);
  c->X = &v.matrix, c->y = y17;
  st = s ? call (s, c) : -1;
  ok (st == 0 && fabs (c->loss - c->want) < 1e-12 * c->want
      && rel4 (c->g, c->ref) < 1e-8, "new parameters, 17 samples from a "
      "view of stride %zu: the reference's loss and gradients (%s)",
      v.matrix.tda, c->err.msg);
  st = s ? bp_pyserve_loss (s, c->net, wide, y17, 0.05, &c->loss, c->g,
                            &c->err) : -1;
  ok (st != 0 && strstr (c->err.msg, "X is (11, 12), want (N, 13)"),
      "X of the wrong width is refused: %s", c->err.msg);
  c->X = X, c->y = y;
  c->y[4] = C;
  st = s ? bp_pyserve_loss (s, c->net, c->X, c->y, 0.05, &c->loss, c->g,
                            &c->err) : -1;
  ok (st != 0 && strstr (c->err.msg, "label y[4] = 5 is not below C = 5"),
      "a label out of range is refused: %s", c->err.msg);
  c->y[4] = 1;
  draw (c->net, c->X, c->y, r);
  st = s ? call (s, c) : -1;
  ok (st == 0 && rel4 (c->g, c->ref) < 1e-8, "after the caller's mistakes "
      "the server still answers (%s)", c->err.msg);
  bp_pyserve_stop (s);
  ok (no_children (), "bp_pyserve_stop ends and reaps the child");
  gsl_matrix_free (big);
  gsl_matrix_free (wide);
}

/* Start the server on checks/dir/file with a time limit of seconds. */
static int
start (const char *dir, const char *file, double seconds, bp_pyserve **s,
       bp_error *err)
{
  bp_python_opts o;

  bp_python_opts_init (&o);
  o.seconds = seconds;
  return bp_pyserve_start (student (dir, file), &o, D, H, C, s, err);
}

/* A mistake is found; a student who scribbles over what they were given
 * changes nothing for the next call; prints do not reach our output. */
static void
check_files (struct call *c)
{
  char out[] = "/tmp/t-pyserve.XXXXXX";
  bp_pyserve *s = NULL;
  int fd, saved, st0, st1;

  start ("py-students", "bug-mask-sign.py", 20, &s, &c->err);
  st0 = s ? call (s, c) : -1;
  ok (st0 == 0 && rel (c->g, c->ref, BP_DW2) < 1e-8, "bug-mask-sign.py: "
      "dW2 agrees with the reference (%s)", c->err.msg);
  ok (st0 == 0 && rel (c->g, c->ref, BP_DW1) > 1e-3, "bug-mask-sign.py: "
      "dW1 does not (the mask on dp1's sign): %.2g",
      rel (c->g, c->ref, BP_DW1));
  bp_pyserve_stop (s);

  start ("py-serve", "inplace.py", 20, &s, &c->err);
  st0 = s ? call (s, c) : -1;
  st1 = s ? call (s, c) : -1;
  ok (st0 == 0 && st1 == 0 && rel4 (c->g, c->ref) < 1e-8, "inplace.py: "
      "X, y and the parameters overwritten in place by a call change "
      "nothing for the next (%s)", c->err.msg);
  bp_pyserve_stop (s);

  fflush (stdout);
  if ((fd = mkstemp (out)) < 0 || (saved = dup (1)) < 0)
    bail ("cannot make %s", out);
  dup2 (fd, 1);
  start ("py-serve", "noisy.py", 20, &s, &c->err);
  st0 = s ? call (s, c) : -1;
  st1 = s ? call (s, c) : -1;
  bp_pyserve_stop (s);
  fflush (stdout);
  dup2 (saved, 1);
  close (saved);
  ok (st0 == 0 && st1 == 0 && rel4 (c->g, c->ref) < 1e-8, "noisy.py: "
      "two calls that print 200 kB each are answered right (%s)",
      c->err.msg);
  is_int (lseek (fd, 0, SEEK_END), 0, "noisy.py: nothing it printed "
          "reached our standard output");
  close (fd);
  unlink (out);
}

/* The time of a call beyond the student's own: fast.py's loss does no
 * work.  At 784-100-10, batch 200: a diagnostic, not a bound. */
static void
check_speed (gsl_rng *r)
{
  enum { Db = 784, Hb = 100, Cb = 10, Nb = 200, CALLS = 200 };
  bp_net *net = bp_net_alloc (Db, Hb, Cb);
  gsl_matrix *X = gsl_matrix_alloc (Nb, Db);
  bp_grads *g = bp_grads_alloc (Nb, Db, Hb, Cb);
  size_t y[Nb];
  bp_python_opts o;
  bp_pyserve *s = NULL;
  bp_error err = { "" };
  double loss = 0.0, t;
  int st = 0, calls = 0;

  draw (net, X, y, r);
  bp_python_opts_init (&o);
  st = bp_pyserve_start (student ("py-serve", "fast.py"), &o, Db, Hb, Cb,
                         &s, &err);
  t = now ();
  while (st == 0 && calls < CALLS)
    st = bp_pyserve_loss (s, net, X, y, 0.05, &loss, g, &err), calls++;
  t = now () - t;
  ok (st == 0 && loss == 2.385 && gsl_matrix_get (g->dW1, 783, 99) == 2.385,
      "fast.py: %d calls at 784-100-10, batch 200, answered (%s)", CALLS,
      err.msg);
  diag ("a call of fast.py at 784-100-10, batch 200: %.3f ms",
        1e3 * t / calls);
  bp_pyserve_stop (s);
  bp_grads_free (g);
  gsl_matrix_free (X);
  bp_net_free (net);
}

/* A server whose call (after calls_before that succeed) fails: one line
 * holding want; the child reaped; a later call says the same.  Returns
 * the failing call's time. */
static double
check_failure (struct call *c, const char *dir, const char *file,
               double seconds, int calls_before, const char *want)
{
  bp_pyserve *s = NULL;
  bp_error again = { "" };
  double t;
  int st;

  st = start (dir, file, seconds, &s, &c->err);
  for (int i = 0; i < calls_before && st == 0; i++)
    st = call (s, c);
  t = now ();
  if (st == 0)
    st = call (s, c);
  t = now () - t;
  ok (st != 0 && s && strstr (c->err.msg, want)
      && !strchr (c->err.msg, '\n'), "%s: one line: %s", file, c->err.msg);
  st = s ? bp_pyserve_loss (s, c->net, c->X, c->y, 0.05, &c->loss, c->g,
                            &again) : 0;
  ok (st != 0 && strcmp (again.msg, c->err.msg) == 0 && no_children (),
      "%s: the child is reaped; a later call says the same", file);
  bp_pyserve_stop (s);
  return t;
}

static void
check_failures (struct call *c)
{
  double t;

  check_failure (c, "py-students", "err-raise.py", 20, 0, "err-raise.py:27"
                 ": loss(X, y, reg=0.05) raised ValueError: shapes (11,5) "
                 "and (9,5) not aligned");
  t = check_failure (c, "py-students", "err-loop.py", 1, 0,
                     "did not return within 1 s (an endless loop?)");
  ok (t < 1.0 + BP_PYSERVE_GRACE, "err-loop.py: stopped after %.2f s", t);
  check_failure (c, "py-serve", "exit.py", 20, 0, "exit.py: the Python "
                 "process ended (exit status 3) during loss(X, y, "
                 "reg=0.05)");
  check_failure (c, "py-serve", "segv.py", 20, 0, "segv.py: the Python "
                 "process was killed by signal 11");
  check_failure (c, "py-serve", "bad-grads.py", 20, 1, "bad-grads.py:15: "
                 "grads['b1'] has shape (13,), want (9,) like b1");
  check_failure (c, "py-students", "err-nan.py", 20, 0, "err-nan.py:24: "
                 "loss(X, y, reg=0.05) returned loss nan");
  check_failure (c, "py-students", "err-nob2.py", 20, 0, "grads has no "
                 "'b2' (it has W2, W1, b1)");
}

/* A server that does not start: *out NULL and one line holding want. */
static void
check_start (const char *file, const bp_python_opts *o, const char *want)
{
  bp_pyserve *s = (bp_pyserve *) &s;
  bp_error err = { "" };
  int st = bp_pyserve_start (file, o, D, H, C, &s, &err);

  ok (st != 0 && s == NULL && strstr (err.msg, want)
      && !strchr (err.msg, '\n'), "start of %s: one line: %s",
      strrchr (file, '/') ? strrchr (file, '/') + 1 : file, err.msg);
}

static void
check_starts (void)
{
  const char *path = getenv ("BACKPROP_PYTHONPATH");
  char saved[4096];
  bp_python_opts o;

  bp_python_opts_init (&o);
  check_start (student ("py-students", "err-syntax.py"), &o,
               "err-syntax.py:10: SyntaxError");
  check_start (student ("py-students", "nothere.py"), &o,
               "nothere.py: No such file or directory");
  check_start (student ("py-students", "err-init.py"), &o,
               "err-init.py:8: TwoLayerNet(13, 9, 5) raised NameError");
  check_start (student ("py-students", "err-noloss.py"), &o,
               "class TwoLayerNet has no method loss");
  o.klass = "Net2";
  check_start (student ("py-students", "correct-mean.py"), &o,
               "no class Net2; the file defines TwoLayerNet");
  o.klass = NULL;
  o.python = "/nonexistent/python3";
  check_start (student ("py-students", "correct-mean.py"), &o,
               "/nonexistent/python3 cannot be run: install Debian's "
               "python3");
  o.python = NULL;
  snprintf (saved, sizeof saved, "%s", path ? path : "");
  setenv ("BACKPROP_PYTHONPATH", "/nonexistent", 1);
  check_start (student ("py-students", "correct-mean.py"), &o,
               "No module named 'backprop_check'");
  setenv ("BACKPROP_PYTHONPATH", saved, 1);
  ok (no_children (), "no child is left by the starts that failed");
  bp_pyserve_stop (NULL);
}

/* Put z1[n, j] within 3e-8 of the ReLU's kink, at a few (n, j), by
 * moving b1[j]: the own-loss verdict must judge those entries by the
 * bracket of one-sided differences. */
static void
kinks (bp_net *net, const gsl_matrix *X)
{
  static const size_t at[][2] = { { 0, 0 }, { 3, 2 }, { 5, 7 }, { 9, 4 } };
  bp_cache *cache = bp_cache_alloc (X->size1, net->H, net->C);

  for (size_t k = 0; k < sizeof at / sizeof *at; k++)
    {
      double z;
      bp_net_forward (net, X, cache);
      z = gsl_matrix_get (cache->z1, at[k][0], at[k][1]);
      *gsl_vector_ptr (net->b1, at[k][1]) -= z - (k % 2 ? 3e-8 : -3e-8);
    }
  bp_cache_free (cache);
}

/* bp_problem_python on file at the given net, X, y. */
static int
given (const char *file, const bp_net *net, const gsl_matrix *X,
       const size_t *y, bp_problem **p, bp_error *err)
{
  bp_python_opts o;

  bp_python_opts_init (&o);
  o.net = net, o.X = X, o.y = y, o.reg = 0.05;
  err->msg[0] = '\0';
  return bp_problem_python (file, &o, p, err);
}

/* The problem is exactly the one given. */
static int
same (const bp_problem *p, const bp_net *net, const gsl_matrix *X,
      const size_t *y)
{
  if (p == NULL || p->N != X->size1 || p->net->D != net->D
      || p->net->H != net->H || p->net->C != net->C)
    return 0;
  for (size_t i = 0; i < X->size1; i++)
    if (memcmp (p->X->data + i * p->X->tda, X->data + i * X->tda,
                X->size2 * sizeof (double)) || p->y[i] != y[i])
      return 0;
  return memcmp (p->net->theta->data, net->theta->data,
                 net->theta->size * sizeof (double)) == 0;
}

static void
check_problem (struct call *c, gsl_rng *r)
{
  bp_net *big = bp_net_alloc (784, 100, 10);
  gsl_matrix *Xb = gsl_matrix_alloc (10, 784), *wide;
  size_t yb[10];
  bp_problem *p = NULL;
  double t;

  kinks (c->net, c->X);
  given (student ("py-students", "correct-mean.py"), c->net, c->X, c->y, &p,
         &c->err);
  ok (same (p, c->net, c->X, c->y), "bp_problem_python at a given problem: "
      "X, y, W1, b1, W2, b2 are exactly those given %s", c->err.msg);
  ok (p && p->reg == 0.05 && p->grads && rel4 (p->grads, c->ref) >= 0.0
      && p->own_err[BP_DW1] < 1e-6 && p->own_err[BP_DB1] < 1e-6
      && p->own_err[BP_DW2] < 1e-6, "correct-mean.py with z1 3e-8 from "
      "the kink: its own loss agrees (dW1 %.2g, db1 %.2g)",
      p ? p->own_err[BP_DW1] : NAN, p ? p->own_err[BP_DB1] : NAN);
  bp_problem_free (p);
  p = NULL;
  given (student ("py-students", "bug-mask-sign.py"), c->net, c->X, c->y,
         &p, &c->err);
  ok (p && p->own_err[BP_DW1] > 1e-3 && p->own_err[BP_DW2] < 1e-6,
      "bug-mask-sign.py there: dW1 disagrees with its own loss (%.2g), "
      "dW2 does not", p ? p->own_err[BP_DW1] : NAN);
  bp_problem_free (p);
  p = NULL;

  wide = gsl_matrix_alloc (N, D + 1);
  ok (given (student ("py-students", "correct-mean.py"), c->net, wide, c->y,
             &p, &c->err) != 0 && p == NULL && strstr (c->err.msg,
             "the given X is (11, 14), want (N, 13)"), "a given X of the "
      "wrong width is refused: %s", c->err.msg);
  gsl_matrix_free (wide);

  draw (big, Xb, yb, r);
  t = now ();
  given (student ("py-students", "correct-mean.py"), big, Xb, yb, &p,
         &c->err);
  t = now () - t;
  ok (same (p, big, Xb, yb) && p->own_err[BP_DW1] < 1e-6, "at 784-100-10, "
      "batch 10: the problem given, and dW1 agrees with the own loss %s",
      c->err.msg);
  diag ("bp_problem_python at 784-100-10, batch 10: %.2f s", t);
  bp_problem_free (p);
  gsl_matrix_free (Xb);
  bp_net_free (big);
}

int
main (void)
{
  gsl_rng *r;
  struct call c;
  size_t y[N];
  const char *py;

  plan (48);
  if ((py = find_python ()) == NULL)
    {
      skip (48, "no Python with numpy (Debian: python3-numpy)");
      return tap_done ();
    }
  setenv ("BACKPROP_PYTHON", py, 1);
  if (getenv ("BACKPROP_PYTHONPATH") == NULL)
    setenv ("BACKPROP_PYTHONPATH", tap_srcfile ("python"), 1);
  tap_gsl_handler_install ();
  r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, 2385);
  c.net = bp_net_alloc (D, H, C);
  c.X = gsl_matrix_alloc (N, D);
  c.y = y;
  c.g = bp_grads_alloc (N, D, H, C);
  c.ref = bp_grads_alloc (N, D, H, C);
  draw (c.net, c.X, c.y, r);

  check_correct (&c, r);
  draw (c.net, c.X, c.y, r);
  check_files (&c);
  check_speed (r);
  check_failures (&c);
  check_starts ();
  check_problem (&c, r);

  bp_grads_free (c.g);
  bp_grads_free (c.ref);
  gsl_matrix_free (c.X);
  bp_net_free (c.net);
  gsl_rng_free (r);
  return tap_done ();
}
