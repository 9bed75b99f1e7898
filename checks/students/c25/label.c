/* label.c -- an independent labeller for the students' backward passes of
 * this set, written from the mathematics (GSL and libdl only; the backprop
 * headers are used for the struct layouts and nothing else).
 *
 *   cc -O2 -I ../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label OUTDIR/s*.so
 *
 * The net (net.h):  z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2,
 *   prob = softmax(z2), loss = (1/N) sum_i -log prob[i][y_i]
 *                              + reg (|W1|^2 + |W2|^2).
 *
 * For every shared object and every problem (seeds 1, 2, 3 x {5-10-3
 * batch 7, 6-8-4 batch 9}, reg 0.1) it fills the gradients with garbage,
 * calls backward() and judges each of the seven gradients twice:
 *   numeric  against centred differences of the loss (for dz2, dp1, dz1
 *            the derivative with respect to the intermediate z2, p1, z1,
 *            the rest of the forward pass recomputed from it);
 *   local    against its own rule applied to the student's OWN upstream
 *            gradient (dW2 = p1' dz2 + 2 reg W2, db2 = colsum dz2,
 *            dp1 = dz2 W2', dz1 = dp1 * [z1 > 0], dW1 = X' dz1 + 2 reg W1,
 *            db1 = colsum dz1; dz2 = (prob - onehot) / N has no upstream).
 * A gradient wrong given its inputs is a root ("local:"); one right given
 * its inputs but numerically wrong is inherited.  backward() is then
 * called a second time over the first call's outputs (as training does)
 * and any gradient that changes is reported.
 *
 * Each shared object runs in a child process, so a crash is reported and
 * the rest are still labelled.  Exit status 0. */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

enum { DZ2, DW2, DB2, DP1, DZ1, DW1, DB1, NG };
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define TOL 1e-6                /* relative error above which a gradient is wrong */
#define STEP 1e-5               /* centred-difference step */

/* ---- the problem ---------------------------------------------------- */

typedef struct {
  size_t N, D, H, C;
  double reg;
  bp_net *net;
  gsl_matrix *X;
  size_t *y;
  bp_cache *cache;
} problem;

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *n = calloc (1, sizeof (bp_net) + P * sizeof (double));
  double *a = n->data;
  n->D = D; n->H = H; n->C = C;
  n->theta_view = gsl_vector_view_array (a, P);
  n->W1_view = gsl_matrix_view_array (a, D, H);
  n->b1_view = gsl_vector_view_array (a + D * H, H);
  n->W2_view = gsl_matrix_view_array (a + D * H + H, H, C);
  n->b2_view = gsl_vector_view_array (a + D * H + H + H * C, C);
  n->theta = &n->theta_view.vector;
  n->W1 = &n->W1_view.matrix;
  n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix;
  n->b2 = &n->b2_view.vector;
  return n;
}

static bp_cache *
cache_new (size_t N, size_t H, size_t C)
{
  bp_cache *c = calloc (1, sizeof *c);
  c->N = N; c->H = H; c->C = C;
  c->z1 = gsl_matrix_alloc (N, H);
  c->p1 = gsl_matrix_alloc (N, H);
  c->z2 = gsl_matrix_alloc (N, C);
  c->prob = gsl_matrix_alloc (N, C);
  return c;
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_grads *g = calloc (1, sizeof *g);
  double *a;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_calloc (P);
  a = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (a, D, H);
  g->db1_view = gsl_vector_view_array (a + D * H, H);
  g->dW2_view = gsl_matrix_view_array (a + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (a + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_calloc (N, C);
  g->dp1 = gsl_matrix_calloc (N, H);
  g->dz1 = gsl_matrix_calloc (N, H);
  g->present = BP_GRADS_ALL;
  return g;
}

/* z = x w + 1 b' */
static void
affine (const gsl_matrix *x, const gsl_matrix *w, const gsl_vector *b,
        gsl_matrix *z)
{
  size_t i, j;
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, x, w, 0.0, z);
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      *gsl_matrix_ptr (z, i, j) += gsl_vector_get (b, j);
}

static void
relu (const gsl_matrix *z, gsl_matrix *p)
{
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (p, i, j, fmax (0.0, gsl_matrix_get (z, i, j)));
}

/* prob = softmax(z2) row by row; returns the mean cross-entropy */
static double
softmax_ce (const gsl_matrix *z2, const size_t *y, gsl_matrix *prob)
{
  size_t N = z2->size1, C = z2->size2, i, j;
  double L = 0.0;
  for (i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (z2, i, 0), s = 0.0;
      for (j = 1; j < C; j++)
        m = fmax (m, gsl_matrix_get (z2, i, j));
      for (j = 0; j < C; j++)
        s += exp (gsl_matrix_get (z2, i, j) - m);
      if (prob)
        for (j = 0; j < C; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (z2, i, j) - m) / s);
      L += -(gsl_matrix_get (z2, i, y[i]) - m - log (s));
    }
  return L / N;
}

static double
sumsq (const gsl_matrix *w)
{
  double s = 0.0;
  size_t i, j;
  for (i = 0; i < w->size1; i++)
    for (j = 0; j < w->size2; j++)
      s += gsl_matrix_get (w, i, j) * gsl_matrix_get (w, i, j);
  return s;
}

/* the forward pass from the parameters, filling the cache; returns the loss */
static double
forward (problem *p)
{
  bp_cache *c = p->cache;
  affine (p->X, p->net->W1, p->net->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, p->net->W2, p->net->b2, c->z2);
  return softmax_ce (c->z2, p->y, c->prob)
    + p->reg * (sumsq (p->net->W1) + sumsq (p->net->W2));
}

/* the data loss as a function of an intermediate (the weights fixed) */
static double
loss_from_z2 (problem *p, const gsl_matrix *z2)
{
  return softmax_ce (z2, p->y, NULL);
}

static double
loss_from_p1 (problem *p, const gsl_matrix *p1)
{
  gsl_matrix *z2 = gsl_matrix_alloc (p->N, p->C);
  double L;
  affine (p1, p->net->W2, p->net->b2, z2);
  L = loss_from_z2 (p, z2);
  gsl_matrix_free (z2);
  return L;
}

static double
loss_from_z1 (problem *p, const gsl_matrix *z1)
{
  gsl_matrix *p1 = gsl_matrix_alloc (p->N, p->H);
  double L;
  relu (z1, p1);
  L = loss_from_p1 (p, p1);
  gsl_matrix_free (p1);
  return L;
}

static problem *
problem_new (unsigned long seed, size_t D, size_t H, size_t C, size_t N,
             double reg)
{
  problem *p = calloc (1, sizeof *p);
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  size_t i, j;
  gsl_rng_set (r, seed * 7919 + D * 131 + H * 17 + C * 3 + N);
  p->N = N; p->D = D; p->H = H; p->C = C; p->reg = reg;
  p->net = net_new (D, H, C);
  for (i = 0; i < p->net->theta->size; i++)
    gsl_vector_set (p->net->theta, i, 0.6 * gsl_ran_gaussian (r, 1.0));
  p->X = gsl_matrix_alloc (N, D);
  for (i = 0; i < N; i++)
    for (j = 0; j < D; j++)
      gsl_matrix_set (p->X, i, j, gsl_ran_gaussian (r, 1.0));
  p->y = malloc (N * sizeof (size_t));
  for (i = 0; i < N; i++)
    p->y[i] = gsl_rng_uniform_int (r, C);
  p->cache = cache_new (N, H, C);
  forward (p);
  /* keep clear of the ReLU's kink, where centred differences are unreliable */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (fabs (gsl_matrix_get (p->cache->z1, i, j)) < 1e-3)
        {
          fprintf (stderr, "label: seed %lu: z1 near 0, result may be off\n", seed);
        }
  gsl_rng_free (r);
  return p;
}

/* ---- the reference gradients ------------------------------------------ */

/* numeric derivative of f over every entry of a (a restored afterwards) */
static void
numdiff_mat (problem *p, gsl_matrix *a, double (*f) (problem *, const gsl_matrix *),
             gsl_matrix *out)
{
  size_t i, j;
  for (i = 0; i < a->size1; i++)
    for (j = 0; j < a->size2; j++)
      {
        double v = gsl_matrix_get (a, i, j), lp, lm;
        gsl_matrix_set (a, i, j, v + STEP);
        lp = f (p, a);
        gsl_matrix_set (a, i, j, v - STEP);
        lm = f (p, a);
        gsl_matrix_set (a, i, j, v);
        gsl_matrix_set (out, i, j, (lp - lm) / (2 * STEP));
      }
}

/* numeric gradient of the full loss over theta, in theta's layout */
static void
numdiff_theta (problem *p, gsl_vector *out)
{
  size_t k;
  gsl_vector *t = p->net->theta;
  for (k = 0; k < t->size; k++)
    {
      double v = gsl_vector_get (t, k), lp, lm;
      gsl_vector_set (t, k, v + STEP);
      lp = forward (p);
      gsl_vector_set (t, k, v - STEP);
      lm = forward (p);
      gsl_vector_set (t, k, v);
      gsl_vector_set (out, k, (lp - lm) / (2 * STEP));
    }
  forward (p);
}

/* ---- comparing --------------------------------------------------------- */

/* relative error of a against b, over all entries: |a-b|_max / max(|a|,|b|)_max */
static double
relerr (const double *a, const double *b, size_t n)
{
  double d = 0.0, s = 0.0;
  size_t k;
  for (k = 0; k < n; k++)
    {
      if (!isfinite (a[k]))
        return INFINITY;
      d = fmax (d, fabs (a[k] - b[k]));
      s = fmax (s, fmax (fabs (a[k]), fabs (b[k])));
    }
  if (d == 0.0)
    return 0.0;
  return d / fmax (s, 1e-10);
}

/* a gradient's entries, copied out to a flat array */
static double *
flat (bp_grads *g, int id, size_t *n)
{
  double *o;
  size_t i, j, k = 0;
  if (id == DB2 || id == DB1)
    {
      gsl_vector *v = id == DB2 ? g->db2 : g->db1;
      *n = v->size;
      o = malloc (*n * sizeof *o);
      for (i = 0; i < v->size; i++)
        o[i] = gsl_vector_get (v, i);
      return o;
    }
  {
    gsl_matrix *m = id == DZ2 ? g->dz2 : id == DW2 ? g->dW2 : id == DP1 ? g->dp1
      : id == DZ1 ? g->dz1 : g->dW1;
    *n = m->size1 * m->size2;
    o = malloc (*n * sizeof *o);
    for (i = 0; i < m->size1; i++)
      for (j = 0; j < m->size2; j++)
        o[k++] = gsl_matrix_get (m, i, j);
    return o;
  }
}

static void
fill_garbage (bp_grads *g, gsl_rng *r)
{
  size_t i, j;
  gsl_matrix *ms[3] = { g->dz2, g->dp1, g->dz1 };
  for (i = 0; i < g->dtheta->size; i++)
    gsl_vector_set (g->dtheta, i, 50.0 * (gsl_rng_uniform (r) - 0.5) + 3.0);
  for (int m = 0; m < 3; m++)
    for (i = 0; i < ms[m]->size1; i++)
      for (j = 0; j < ms[m]->size2; j++)
        gsl_matrix_set (ms[m], i, j, 50.0 * (gsl_rng_uniform (r) - 0.5) - 2.0);
}

/* the seven rules, applied to the student's own upstream gradients: ref */
static void
local_rules (problem *p, bp_grads *s, bp_grads *ref)
{
  size_t N = p->N, i, j;
  /* dz2 = (prob - onehot) / N */
  gsl_matrix_memcpy (ref->dz2, p->cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (ref->dz2, i, p->y[i]) -= 1.0;
  gsl_matrix_scale (ref->dz2, 1.0 / N);
  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (ref->dW2, p->net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p->cache->p1, s->dz2,
                  2.0 * p->reg, ref->dW2);
  /* db2 = column sums of dz2 */
  gsl_vector_set_zero (ref->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < p->C; j++)
      *gsl_vector_ptr (ref->db2, j) += gsl_matrix_get (s->dz2, i, j);
  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, s->dz2, p->net->W2, 0.0,
                  ref->dp1);
  /* dz1 = dp1 * [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < p->H; j++)
      gsl_matrix_set (ref->dz1, i, j, gsl_matrix_get (p->cache->z1, i, j) > 0
                      ? gsl_matrix_get (s->dp1, i, j) : 0.0);
  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (ref->dW1, p->net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p->X, s->dz1, 2.0 * p->reg,
                  ref->dW1);
  /* db1 = column sums of dz1 */
  gsl_vector_set_zero (ref->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < p->H; j++)
      *gsl_vector_ptr (ref->db1, j) += gsl_matrix_get (s->dz1, i, j);
}

/* the numeric gradients of every kind into num */
static void
numeric (problem *p, bp_grads *num)
{
  gsl_matrix *a;
  numdiff_theta (p, num->dtheta);
  a = gsl_matrix_alloc (p->N, p->C);
  gsl_matrix_memcpy (a, p->cache->z2);
  numdiff_mat (p, a, loss_from_z2, num->dz2);
  gsl_matrix_free (a);
  a = gsl_matrix_alloc (p->N, p->H);
  gsl_matrix_memcpy (a, p->cache->p1);
  numdiff_mat (p, a, loss_from_p1, num->dp1);
  gsl_matrix_memcpy (a, p->cache->z1);
  numdiff_mat (p, a, loss_from_z1, num->dz1);
  gsl_matrix_free (a);
}

/* ---- one shared object ------------------------------------------------- */

struct config { unsigned long seed; size_t D, H, C, N; };
static const struct config configs[] = {
  { 1, 5, 10, 3, 7 }, { 1, 6, 8, 4, 9 },
  { 2, 5, 10, 3, 7 }, { 2, 6, 8, 4, 9 },
  { 3, 5, 10, 3, 7 }, { 3, 6, 8, 4, 9 },
};
#define NCONF (sizeof configs / sizeof configs[0])

/* status: 0 ok, 1 inherited, 2 root */
static int
label_one (const char *path, int verbose)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  backward_fn *bw;
  int root[NG] = { 0 }, inh[NG] = { 0 }, changed[NG] = { 0 }, ret = 0;
  size_t c;
  const char *base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;

  if (!h)
    {
      printf ("%s: cannot load: %s\n", base, dlerror ());
      return 1;
    }
  bw = (backward_fn *) dlsym (h, "backward");
  if (!bw)
    {
      printf ("%s: no function backward\n", base);
      return 1;
    }

  for (c = 0; c < NCONF; c++)
    {
      const struct config *cf = &configs[c];
      problem *p = problem_new (cf->seed, cf->D, cf->H, cf->C, cf->N, 0.1);
      bp_grads *s = grads_new (p->N, p->D, p->H, p->C);
      bp_grads *num = grads_new (p->N, p->D, p->H, p->C);
      bp_grads *loc = grads_new (p->N, p->D, p->H, p->C);
      gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
      double *first[NG];
      size_t n[NG];
      int id;

      gsl_rng_set (r, 1000 + c);
      fill_garbage (s, r);
      if (bw (p->net, p->X, p->y, p->reg, p->cache, s) != 0)
        ret = 1;
      numeric (p, num);
      local_rules (p, s, loc);
      if (verbose)
        printf ("  seed %lu %zu-%zu-%zu batch %zu:", cf->seed, cf->D, cf->H,
                cf->C, cf->N);
      for (id = 0; id < NG; id++)
        {
          size_t k;
          double *sv = flat (s, id, &n[id]);
          double *nv = flat (num, id, &k);
          double *lv = flat (loc, id, &k);
          double en = relerr (sv, nv, k), el = relerr (sv, lv, k);
          const char *st = "ok";
          if (el > TOL)
            root[id] = 1, st = "ROOT";
          else if (en > TOL)
            inh[id] = 1, st = "inh";
          if (verbose)
            printf (" %s %s(num %.1e loc %.1e)", gname[id], st, en, el);
          first[id] = sv;
          free (nv);
          free (lv);
        }
      if (verbose)
        printf ("\n");

      /* the second call, over the first call's outputs */
      if (bw (p->net, p->X, p->y, p->reg, p->cache, s) != 0)
        ret = 1;
      for (id = 0; id < NG; id++)
        {
          size_t k;
          double *sv = flat (s, id, &k);
          if (relerr (sv, first[id], k) > 1e-12)
            changed[id] = 1;
          free (sv);
          free (first[id]);
        }
      gsl_rng_free (r);
    }

  {
    int id, any = 0, anyw = 0;
    printf ("%s:", base);
    for (id = 0; id < NG; id++)
      anyw |= root[id] | inh[id];
    printf (" correct: %s  local:", anyw ? "no" : "yes");
    for (id = 0; id < NG; id++)
      if (root[id])
        printf ("%s%s", any++ ? "," : " ", gname[id]);
    if (!any)
      printf (" -");
    any = 0;
    printf ("  inherited:");
    for (id = 0; id < NG; id++)
      if (inh[id] && !root[id])
        printf ("%s%s", any++ ? "," : " ", gname[id]);
    if (!any)
      printf (" -");
    any = 0;
    printf ("  second call changes:");
    for (id = 0; id < NG; id++)
      if (changed[id])
        printf ("%s%s", any++ ? "," : " ", gname[id]);
    if (!any)
      printf (" -");
    if (ret)
      printf ("  (backward returned nonzero)");
    printf ("\n");
  }
  fflush (stdout);
  return 0;
}

int
main (int argc, char **argv)
{
  int i, verbose = 0, first = 1;
  if (argc > 1 && strcmp (argv[1], "-v") == 0)
    verbose = 1, first = 2;
  if (argc <= first)
    {
      fprintf (stderr, "usage: label [-v] FILE.so...\n");
      return 2;
    }
  for (i = first; i < argc; i++)
    {
      pid_t pid;
      int st;
      fflush (stdout);
      pid = fork ();
      if (pid == 0)
        _exit (label_one (argv[i], verbose));
      waitpid (pid, &st, 0);
      if (!WIFEXITED (st))
        printf ("%s: crashed (signal %d)\n", argv[i],
                WIFSIGNALED (st) ? WTERMSIG (st) : 0);
    }
  return 0;
}
