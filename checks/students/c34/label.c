/* label.c -- an independent labeller for this set of students' backward
 * passes.  It uses GSL and libdl only: the net, the loss and the seven
 * rules are written here from the mathematics, and the backprop headers
 * are read for the layout of bp_net, bp_cache and bp_grads only.
 *
 *   z1 = X W1 + 1 b1'   p1 = relu(z1)   z2 = p1 W2 + 1 b2'
 *   loss = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * For each student shared object (each in a child process), for seeds
 * 1 and 2 and nets 5-10-3 (batch 7) and 6-8-4 (batch 9), reg 0.1:
 *   - the gradients are filled with garbage, the student's backward runs;
 *   - (a) each gradient is compared with centred differences of the loss
 *     (dz2, dp1, dz1: with respect to the intermediate z2, p1, z1);
 *   - (b) each gradient is compared with its rule applied to the student's
 *     OWN upstream gradient (dW2 vs p1' dz2 + 2 reg W2, with the student's
 *     dz2, and so on); wrong here means wrong given its inputs: a root;
 *   - the backward is called a second time over the first call's outputs,
 *     and a change of any gradient is reported.
 * A gradient is "local" (a root) if (b) fails on any problem, "inherited"
 * if only (a) fails.
 *
 * Build: cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *          $(pkg-config --libs gsl) -ldl
 * Usage: label [-v] [-l labels.tsv] X.so ...
 *   -v   print every relative error
 *   -l   compare the verdicts with labels.tsv (columns correct and root);
 *        exit 1 on any disagreement. */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

enum { G_DZ2, G_DW2, G_DB2, G_DP1, G_DZ1, G_DW1, G_DB1, NG };
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define TOL 1e-6
#define REG 0.1
#define STEP 1e-5

static int verbose = 0;

/* ---- the problem --------------------------------------------------------- */

typedef struct
{
  size_t N, D, H, C;
  double reg;
  gsl_matrix *X;
  size_t *y;
  bp_net *net;
  bp_cache cache;
} problem;

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  size_t bytes = sizeof (bp_net) + P * sizeof (double);
  bytes = (bytes + 63) / 64 * 64;
  bp_net *net = aligned_alloc (64, bytes);
  if (!net)
    abort ();
  memset (net, 0, bytes);
  net->D = D; net->H = H; net->C = C;
  double *d = net->data;
  net->theta_view = gsl_vector_view_array (d, P);
  net->W1_view = gsl_matrix_view_array (d, D, H);
  net->b1_view = gsl_vector_view_array (d + D * H, H);
  net->W2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  net->b2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  net->theta = &net->theta_view.vector;
  net->W1 = &net->W1_view.matrix;
  net->b1 = &net->b1_view.vector;
  net->W2 = &net->W2_view.matrix;
  net->b2 = &net->b2_view.vector;
  return net;
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_alloc (D * H + H + H * C + C);
  double *d = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (d, D, H);
  g->db1_view = gsl_vector_view_array (d + D * H, H);
  g->dW2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->present = 0;
  return g;
}

/* gradient k of g as a matrix (biases as one row) */
static gsl_matrix_view
grad_mat (bp_grads *g, int k)
{
  switch (k)
    {
    case G_DZ2: return gsl_matrix_submatrix (g->dz2, 0, 0, g->N, g->C);
    case G_DW2: return gsl_matrix_submatrix (g->dW2, 0, 0, g->H, g->C);
    case G_DB2: return gsl_matrix_view_vector (g->db2, 1, g->C);
    case G_DP1: return gsl_matrix_submatrix (g->dp1, 0, 0, g->N, g->H);
    case G_DZ1: return gsl_matrix_submatrix (g->dz1, 0, 0, g->N, g->H);
    case G_DW1: return gsl_matrix_submatrix (g->dW1, 0, 0, g->D, g->H);
    default:    return gsl_matrix_view_vector (g->db1, 1, g->H);
    }
}

static void
fill_garbage (bp_grads *g, gsl_rng *r)
{
  for (int k = 0; k < NG; k++)
    {
      gsl_matrix_view v = grad_mat (g, k);
      for (size_t i = 0; i < v.matrix.size1; i++)
        for (size_t j = 0; j < v.matrix.size2; j++)
          gsl_matrix_set (&v.matrix, i, j, gsl_ran_flat (r, -100.0, 100.0));
    }
}

/* ---- the mathematics ----------------------------------------------------- */

/* Z = A W + 1 b' */
static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b, gsl_matrix *Z)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      {
        long double s = gsl_vector_get (b, j);
        for (size_t k = 0; k < A->size2; k++)
          s += (long double) gsl_matrix_get (A, i, k) * gsl_matrix_get (W, k, j);
        gsl_matrix_set (Z, i, j, (double) s);
      }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

static void
softmax (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    {
      double m = gsl_matrix_get (Z, i, 0), s = 0.0;
      for (size_t j = 1; j < Z->size2; j++)
        m = fmax (m, gsl_matrix_get (Z, i, j));
      for (size_t j = 0; j < Z->size2; j++)
        s += exp (gsl_matrix_get (Z, i, j) - m);
      for (size_t j = 0; j < Z->size2; j++)
        gsl_matrix_set (P, i, j, exp (gsl_matrix_get (Z, i, j) - m) / s);
    }
}

static double
sumsq (const gsl_matrix *W)
{
  double s = 0.0;
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      s += gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return s;
}

/* the loss as a function of the scores z2 (the penalty from the net) */
static double
loss_z2 (const problem *p, const gsl_matrix *z2)
{
  long double L = 0.0;
  for (size_t i = 0; i < p->N; i++)
    {
      double m = gsl_matrix_get (z2, i, 0);
      for (size_t j = 1; j < p->C; j++)
        m = fmax (m, gsl_matrix_get (z2, i, j));
      long double s = 0.0;
      for (size_t j = 0; j < p->C; j++)
        s += expl ((long double) gsl_matrix_get (z2, i, j) - m);
      L += m + logl (s) - gsl_matrix_get (z2, i, p->y[i]);
    }
  return (double) (L / p->N)
         + p->reg * (sumsq (p->net->W1) + sumsq (p->net->W2));
}

static double
loss_p1 (const problem *p, const gsl_matrix *p1)
{
  gsl_matrix *z2 = gsl_matrix_alloc (p->N, p->C);
  affine (p1, p->net->W2, p->net->b2, z2);
  double L = loss_z2 (p, z2);
  gsl_matrix_free (z2);
  return L;
}

static double
loss_z1 (const problem *p, const gsl_matrix *z1)
{
  gsl_matrix *p1 = gsl_matrix_alloc (p->N, p->H);
  relu (z1, p1);
  double L = loss_p1 (p, p1);
  gsl_matrix_free (p1);
  return L;
}

static double
loss_full (const problem *p)
{
  gsl_matrix *z1 = gsl_matrix_alloc (p->N, p->H);
  affine (p->X, p->net->W1, p->net->b1, z1);
  double L = loss_z1 (p, z1);
  gsl_matrix_free (z1);
  return L;
}

typedef double loss_of (const problem *, const gsl_matrix *);

/* centred differences of f with respect to every entry of M */
static void
numgrad_mat (const problem *p, loss_of *f, const gsl_matrix *M, gsl_matrix *out)
{
  gsl_matrix *T = gsl_matrix_alloc (M->size1, M->size2);
  gsl_matrix_memcpy (T, M);
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      {
        double v = gsl_matrix_get (T, i, j);
        gsl_matrix_set (T, i, j, v + STEP);
        double lp = f (p, T);
        gsl_matrix_set (T, i, j, v - STEP);
        double lm = f (p, T);
        gsl_matrix_set (T, i, j, v);
        gsl_matrix_set (out, i, j, (lp - lm) / (2 * STEP));
      }
  gsl_matrix_free (T);
}

/* centred differences of the full loss with respect to a parameter block */
static void
numgrad_param (const problem *p, double *x, size_t n, double *out)
{
  for (size_t i = 0; i < n; i++)
    {
      double v = x[i];
      x[i] = v + STEP;
      double lp = loss_full (p);
      x[i] = v - STEP;
      double lm = loss_full (p);
      x[i] = v;
      out[i] = (lp - lm) / (2 * STEP);
    }
}

/* relative error ||a - b|| / (||a|| + ||b||) */
static double
relerr (const gsl_matrix *a, const gsl_matrix *b)
{
  double d = 0, na = 0, nb = 0;
  for (size_t i = 0; i < a->size1; i++)
    for (size_t j = 0; j < a->size2; j++)
      {
        double x = gsl_matrix_get (a, i, j), z = gsl_matrix_get (b, i, j);
        if (!isfinite (x))
          return INFINITY;
        d += (x - z) * (x - z);
        na += x * x;
        nb += z * z;
      }
  if (na + nb == 0.0)
    return 0.0;
  return sqrt (d) / (sqrt (na) + sqrt (nb));
}

/* the rules of the seven gradients, each from its upstream in s (the
 * student's gradients), into r */
static void
local_rules (const problem *p, bp_grads *s, bp_grads *r)
{
  const bp_net *net = p->net;
  /* dz2 = (softmax(z2) - onehot(y)) / N */
  softmax (p->cache.z2, r->dz2);
  for (size_t i = 0; i < p->N; i++)
    *gsl_matrix_ptr (r->dz2, i, p->y[i]) -= 1.0;
  gsl_matrix_scale (r->dz2, 1.0 / p->N);
  /* dW2 = p1' dz2 + 2 reg W2;  db2 = colsum dz2;  dp1 = dz2 W2' */
  for (size_t h = 0; h < p->H; h++)
    for (size_t c = 0; c < p->C; c++)
      {
        double t = 2 * p->reg * gsl_matrix_get (net->W2, h, c);
        for (size_t i = 0; i < p->N; i++)
          t += gsl_matrix_get (p->cache.p1, i, h) * gsl_matrix_get (s->dz2, i, c);
        gsl_matrix_set (r->dW2, h, c, t);
      }
  for (size_t c = 0; c < p->C; c++)
    {
      double t = 0;
      for (size_t i = 0; i < p->N; i++)
        t += gsl_matrix_get (s->dz2, i, c);
      gsl_vector_set (r->db2, c, t);
    }
  for (size_t i = 0; i < p->N; i++)
    for (size_t h = 0; h < p->H; h++)
      {
        double t = 0;
        for (size_t c = 0; c < p->C; c++)
          t += gsl_matrix_get (s->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (r->dp1, i, h, t);
      }
  /* dz1 = dp1 * [z1 > 0] */
  for (size_t i = 0; i < p->N; i++)
    for (size_t h = 0; h < p->H; h++)
      gsl_matrix_set (r->dz1, i, h,
                      gsl_matrix_get (p->cache.z1, i, h) > 0
                      ? gsl_matrix_get (s->dp1, i, h) : 0.0);
  /* dW1 = X' dz1 + 2 reg W1;  db1 = colsum dz1 */
  for (size_t d = 0; d < p->D; d++)
    for (size_t h = 0; h < p->H; h++)
      {
        double t = 2 * p->reg * gsl_matrix_get (net->W1, d, h);
        for (size_t i = 0; i < p->N; i++)
          t += gsl_matrix_get (p->X, i, d) * gsl_matrix_get (s->dz1, i, h);
        gsl_matrix_set (r->dW1, d, h, t);
      }
  for (size_t h = 0; h < p->H; h++)
    {
      double t = 0;
      for (size_t i = 0; i < p->N; i++)
        t += gsl_matrix_get (s->dz1, i, h);
      gsl_vector_set (r->db1, h, t);
    }
}

/* the finite-difference gradients into r */
static void
numeric (problem *p, bp_grads *r)
{
  numgrad_mat (p, loss_z2, p->cache.z2, r->dz2);
  numgrad_mat (p, loss_p1, p->cache.p1, r->dp1);
  numgrad_mat (p, loss_z1, p->cache.z1, r->dz1);
  numgrad_param (p, p->net->theta->data, p->net->theta->size, r->dtheta->data);
}

static void
problem_make (problem *p, unsigned long seed, size_t D, size_t H, size_t C, size_t N)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed);
  p->N = N; p->D = D; p->H = H; p->C = C; p->reg = REG;
  p->net = net_new (D, H, C);
  p->X = gsl_matrix_alloc (N, D);
  p->y = malloc (N * sizeof *p->y);
  p->cache.N = N; p->cache.H = H; p->cache.C = C;
  p->cache.z1 = gsl_matrix_alloc (N, H);
  p->cache.p1 = gsl_matrix_alloc (N, H);
  p->cache.z2 = gsl_matrix_alloc (N, C);
  p->cache.prob = gsl_matrix_alloc (N, C);
  for (;;)
    {
      for (size_t i = 0; i < p->net->theta->size; i++)
        gsl_vector_set (p->net->theta, i, gsl_ran_gaussian (r, 0.5));
      for (size_t i = 0; i < N; i++)
        for (size_t d = 0; d < D; d++)
          gsl_matrix_set (p->X, i, d, gsl_ran_gaussian (r, 1.0));
      for (size_t i = 0; i < N; i++)
        p->y[i] = gsl_rng_uniform_int (r, C);
      affine (p->X, p->net->W1, p->net->b1, p->cache.z1);
      /* keep z1 away from the kink, so that differences see one side */
      double m = INFINITY;
      for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++)
          m = fmin (m, fabs (gsl_matrix_get (p->cache.z1, i, h)));
      if (m > 1e-3)
        break;
    }
  relu (p->cache.z1, p->cache.p1);
  affine (p->cache.p1, p->net->W2, p->net->b2, p->cache.z2);
  softmax (p->cache.z2, p->cache.prob);
  gsl_rng_free (r);
}

static void
problem_free (problem *p)
{
  free (p->net);
  gsl_matrix_free (p->X);
  free (p->y);
  gsl_matrix_free (p->cache.z1);
  gsl_matrix_free (p->cache.p1);
  gsl_matrix_free (p->cache.z2);
  gsl_matrix_free (p->cache.prob);
}

static void
grads_free (bp_grads *g)
{
  gsl_vector_free (g->dtheta);
  gsl_matrix_free (g->dz2);
  gsl_matrix_free (g->dp1);
  gsl_matrix_free (g->dz1);
  free (g);
}

static void
grads_copy (bp_grads *dst, bp_grads *src)
{
  gsl_vector_memcpy (dst->dtheta, src->dtheta);
  gsl_matrix_memcpy (dst->dz2, src->dz2);
  gsl_matrix_memcpy (dst->dp1, src->dp1);
  gsl_matrix_memcpy (dst->dz1, src->dz1);
}

/* ---- one student --------------------------------------------------------- */

static const struct { unsigned long seed; size_t D, H, C, N; } configs[] = {
  { 1, 5, 10, 3, 7 }, { 1, 6, 8, 4, 9 },
  { 2, 5, 10, 3, 7 }, { 2, 6, 8, 4, 9 },
};
#define NCONF (sizeof configs / sizeof configs[0])

/* Writes one line to stdout: name, then the verdict fields separated by
 * tabs: "correct", "roots", "inherited", "second", and the worst errors. */
static int
run_student (const char *path, const char *name)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    {
      printf ("%s\tERROR\tdlopen: %s\n", name, dlerror ());
      return 1;
    }
  backward_fn *bw = (backward_fn *) dlsym (h, "backward");
  if (!bw)
    {
      printf ("%s\tERROR\tno symbol backward\n", name);
      return 1;
    }

  double worst_fd[NG] = { 0 }, worst_loc[NG] = { 0 }, worst_again[NG] = { 0 };
  int changed_inputs = 0;

  for (size_t c = 0; c < NCONF; c++)
    {
      problem p;
      problem_make (&p, configs[c].seed, configs[c].D, configs[c].H,
                    configs[c].C, configs[c].N);
      bp_grads *s = grads_new (p.N, p.D, p.H, p.C);
      bp_grads *first = grads_new (p.N, p.D, p.H, p.C);
      bp_grads *fd = grads_new (p.N, p.D, p.H, p.C);
      bp_grads *loc = grads_new (p.N, p.D, p.H, p.C);
      gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
      gsl_rng_set (r, 1000 + c);
      fill_garbage (s, r);

      /* copies of the inputs, to see that the student leaves them alone */
      gsl_vector *theta0 = gsl_vector_alloc (p.net->theta->size);
      gsl_vector_memcpy (theta0, p.net->theta);
      gsl_matrix *z1c = gsl_matrix_alloc (p.N, p.H), *p1c = gsl_matrix_alloc (p.N, p.H);
      gsl_matrix *z2c = gsl_matrix_alloc (p.N, p.C), *prc = gsl_matrix_alloc (p.N, p.C);
      gsl_matrix *Xc = gsl_matrix_alloc (p.N, p.D);
      gsl_matrix_memcpy (z1c, p.cache.z1); gsl_matrix_memcpy (p1c, p.cache.p1);
      gsl_matrix_memcpy (z2c, p.cache.z2); gsl_matrix_memcpy (prc, p.cache.prob);
      gsl_matrix_memcpy (Xc, p.X);

      int rc = bw (p.net, p.X, p.y, p.reg, &p.cache, s);
      if (rc != 0)
        {
          printf ("%s\tERROR\tbackward returned %d\n", name, rc);
          return 1;
        }
      grads_copy (first, s);

      gsl_vector_sub (theta0, p.net->theta);
      gsl_matrix_sub (z1c, p.cache.z1); gsl_matrix_sub (p1c, p.cache.p1);
      gsl_matrix_sub (z2c, p.cache.z2); gsl_matrix_sub (prc, p.cache.prob);
      gsl_matrix_sub (Xc, p.X);
      if (!gsl_vector_isnull (theta0) || !gsl_matrix_isnull (z1c)
          || !gsl_matrix_isnull (p1c) || !gsl_matrix_isnull (z2c)
          || !gsl_matrix_isnull (prc) || !gsl_matrix_isnull (Xc))
        changed_inputs = 1;
      /* restore, in case */
      problem_free (&p);
      problem_make (&p, configs[c].seed, configs[c].D, configs[c].H,
                    configs[c].C, configs[c].N);

      numeric (&p, fd);
      local_rules (&p, first, loc);

      /* the second call, over the first call's outputs */
      rc = bw (p.net, p.X, p.y, p.reg, &p.cache, s);
      if (rc != 0)
        {
          printf ("%s\tERROR\tsecond backward returned %d\n", name, rc);
          return 1;
        }

      for (int k = 0; k < NG; k++)
        {
          gsl_matrix_view a = grad_mat (first, k), b = grad_mat (fd, k);
          gsl_matrix_view l = grad_mat (loc, k), t = grad_mat (s, k);
          double e1 = relerr (&a.matrix, &b.matrix);
          double e2 = relerr (&a.matrix, &l.matrix);
          double e3 = relerr (&t.matrix, &a.matrix);
          if (verbose)
            fprintf (stderr, "  %s seed %lu %zu-%zu-%zu N=%zu %s: fd %.2e local %.2e again %.2e\n",
                     name, configs[c].seed, p.D, p.H, p.C, p.N, gname[k], e1, e2, e3);
          worst_fd[k] = fmax (worst_fd[k], e1);
          worst_loc[k] = fmax (worst_loc[k], e2);
          worst_again[k] = fmax (worst_again[k], e3);
        }

      gsl_vector_free (theta0);
      gsl_matrix_free (z1c); gsl_matrix_free (p1c); gsl_matrix_free (z2c);
      gsl_matrix_free (prc); gsl_matrix_free (Xc);
      grads_free (s); grads_free (first); grads_free (fd); grads_free (loc);
      gsl_rng_free (r);
      problem_free (&p);
    }

  char roots[128] = "", inh[128] = "", again[128] = "", errs[512] = "";
  int correct = 1;
  for (int k = 0; k < NG; k++)
    {
      int isnan_any = !isfinite (worst_fd[k]) || !isfinite (worst_loc[k]);
      if (worst_loc[k] > TOL || isnan_any)
        {
          if (*roots) strcat (roots, ",");
          strcat (roots, gname[k]);
          correct = 0;
        }
      else if (worst_fd[k] > TOL)
        {
          if (*inh) strcat (inh, ",");
          strcat (inh, gname[k]);
          correct = 0;
        }
      if (worst_again[k] > TOL || !isfinite (worst_again[k]))
        {
          if (*again) strcat (again, ",");
          strcat (again, gname[k]);
        }
      char buf[64];
      snprintf (buf, sizeof buf, "%s%s %.1e/%.1e", k ? " " : "", gname[k],
                worst_fd[k], worst_loc[k]);
      strcat (errs, buf);
    }
  printf ("%s\t%s\tlocal: %s\tinherited: %s\tsecond call changes: %s%s\t[fd/local] %s\n",
          name, correct ? "yes" : "no", *roots ? roots : "-", *inh ? inh : "-",
          *again ? again : "-", changed_inputs ? "\tCHANGED ITS INPUTS" : "", errs);
  dlclose (h);
  return 0;
}

/* ---- labels.tsv ----------------------------------------------------------- */

static int
check_labels (const char *tsv, const char *verdicts)
{
  FILE *f = fopen (tsv, "r");
  if (!f)
    {
      perror (tsv);
      return 1;
    }
  char line[2048];
  int bad = 0, rows = 0;
  if (!fgets (line, sizeof line, f))
    return 1;
  while (fgets (line, sizeof line, f))
    {
      char *file = strtok (line, "\t\n");
      char *corr = strtok (NULL, "\t\n");
      /* root may be empty: split by hand */
      char *rest = corr + strlen (corr) + 1;
      char root[256] = "";
      char *tab = strchr (rest, '\t');
      if (tab)
        {
          size_t n = (size_t) (tab - rest);
          memcpy (root, rest, n);
          root[n] = '\0';
        }
      if (!file || !corr)
        continue;
      rows++;
      /* the verdict line of this file */
      char key[300];
      snprintf (key, sizeof key, "\n%s\t", file);
      const char *v = strstr (verdicts, key);
      if (!v)
        {
          printf ("labels: %s has no verdict\n", file);
          bad = 1;
          continue;
        }
      v += strlen (key);
      char vcorr[8] = "", vroot[256] = "";
      sscanf (v, "%7[^\t]\tlocal: %255[^\t]", vcorr, vroot);
      if (strcmp (vroot, "-") == 0)
        vroot[0] = '\0';
      if (strcmp (vcorr, corr) != 0 || strcmp (vroot, root) != 0)
        {
          printf ("labels: %s: labelled %s [%s], labeller says %s [%s]\n",
                  file, corr, root, vcorr, vroot);
          bad = 1;
        }
    }
  fclose (f);
  printf ("labels: %d rows, %s\n", rows, bad ? "DISAGREE" : "all agree");
  return bad;
}

int
main (int argc, char **argv)
{
  const char *labels = NULL;
  int opt;
  while ((opt = getopt (argc, argv, "vl:")) != -1)
    switch (opt)
      {
      case 'v': verbose = 1; break;
      case 'l': labels = optarg; break;
      default:
        fprintf (stderr, "usage: %s [-v] [-l labels.tsv] X.so ...\n", argv[0]);
        return 2;
      }

  size_t cap = 1 << 16, len = 1;
  char *verdicts = calloc (cap, 1);
  verdicts[0] = '\n';

  for (int a = optind; a < argc; a++)
    {
      const char *path = argv[a];
      const char *base = strrchr (path, '/');
      base = base ? base + 1 : path;
      char name[256];
      snprintf (name, sizeof name, "%s", base);
      char *dot = strstr (name, ".so");
      if (dot)
        *dot = '\0';

      int fds[2];
      if (pipe (fds) != 0)
        return 2;
      fflush (stdout);
      pid_t pid = fork ();
      if (pid == 0)
        {
          close (fds[0]);
          dup2 (fds[1], 1);
          gsl_set_error_handler_off ();
          int rc = run_student (path, name);
          fflush (stdout);
          _exit (rc);
        }
      close (fds[1]);
      char buf[4096];
      ssize_t n;
      size_t start = len;
      while ((n = read (fds[0], buf, sizeof buf)) > 0)
        {
          if (len + (size_t) n + 2 > cap)
            {
              cap *= 2;
              verdicts = realloc (verdicts, cap);
            }
          memcpy (verdicts + len, buf, (size_t) n);
          len += (size_t) n;
          verdicts[len] = '\0';
        }
      close (fds[0]);
      int status;
      waitpid (pid, &status, 0);
      if (len == start)
        {
          char msg[400];
          snprintf (msg, sizeof msg, "%s\tERROR\tno verdict (%s %d)\n", name,
                    WIFSIGNALED (status) ? "signal" : "exit",
                    WIFSIGNALED (status) ? WTERMSIG (status) : WEXITSTATUS (status));
          size_t m = strlen (msg);
          memcpy (verdicts + len, msg, m + 1);
          len += m;
        }
      fputs (verdicts + start, stdout);
    }

  if (labels)
    return check_labels (labels, verdicts);
  return 0;
}
