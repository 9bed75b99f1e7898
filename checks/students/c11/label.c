/* label.c -- an independent labeller for the students' backward passes of
 * set c11.  Written from the mathematics only: it uses GSL, libdl and the
 * struct layouts of net.h / grads.h (to call the student's function), and
 * none of backprop's library code.
 *
 *   cc -O2 -I ../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label OUTDIR/s01_x.so [...]          (or: ./label -v ... for details)
 *
 * For every .so and every problem (seeds 1 and 2, nets 5-10-3 with batch 7
 * and 6-8-4 with batch 9, reg 0.1, random weights AND biases) it
 *   - fills all seven gradients with garbage, calls backward(),
 *   - compares each gradient with centred differences of the loss
 *     loss = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *     (for dz2, dp1 and dz1: with respect to the intermediate z2, p1, z1,
 *     the rest of the forward pass recomputed from it)  -> "numeric"
 *   - compares each gradient with its rule applied to the student's OWN
 *     upstream gradient (dW2 = p1' dz2 + 2 reg W2, db2 = colsum dz2,
 *     dp1 = dz2 W2', dz1 = dp1 * [z1 > 0], dW1 = X' dz1 + 2 reg W1,
 *     db1 = colsum dz1, dz2 = (prob - onehot(y)) / N)        -> "local"
 *     A gradient wrong locally is a root; wrong numerically but right
 *     locally is inherited.
 *   - calls backward() again over the first call's outputs (as training
 *     does) and reports any gradient that changed,
 *   - checks that the student left net, X and the cache untouched.
 * Prints, per file, "local:" (the roots, union over the problems, in
 * backprop order), "numeric:" (all gradients wrong against the loss) and
 * "recall:" (gradients that changed on the second call). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <dlfcn.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_blas.h>

#include "backprop/net.h"
#include "backprop/grads.h"

#define NG 7
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };
static const double TOL = 1e-6;       /* relative error above this is wrong */
static int verbose = 0;

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

/* ---- the objects, built by hand ---------------------------------------- */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t n = D * H + H + H * C + C;
  bp_net *net = calloc (1, sizeof *net + n * sizeof (double));
  double *p = net->data;
  net->D = D; net->H = H; net->C = C;
  net->theta_view = gsl_vector_view_array (p, n);
  net->theta = &net->theta_view.vector;
  net->W1_view = gsl_matrix_view_array (p, D, H);          p += D * H;
  net->b1_view = gsl_vector_view_array (p, H);             p += H;
  net->W2_view = gsl_matrix_view_array (p, H, C);          p += H * C;
  net->b2_view = gsl_vector_view_array (p, C);
  net->W1 = &net->W1_view.matrix;
  net->b1 = &net->b1_view.vector;
  net->W2 = &net->W2_view.matrix;
  net->b2 = &net->b2_view.vector;
  return net;
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

static void
cache_free (bp_cache *c)
{
  gsl_matrix_free (c->z1); gsl_matrix_free (c->p1);
  gsl_matrix_free (c->z2); gsl_matrix_free (c->prob);
  free (c);
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  double *p;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_calloc (D * H + H + H * C + C);
  p = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (p, D, H);           p += D * H;
  g->db1_view = gsl_vector_view_array (p, H);              p += H;
  g->dW2_view = gsl_matrix_view_array (p, H, C);           p += H * C;
  g->db2_view = gsl_vector_view_array (p, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_calloc (N, C);
  g->dp1 = gsl_matrix_calloc (N, H);
  g->dz1 = gsl_matrix_calloc (N, H);
  g->present = 0;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_vector_free (g->dtheta);
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  free (g);
}

/* Gradient k of g as a flat array of n doubles (all are contiguous). */
static double *
gptr (bp_grads *g, int k, size_t *n)
{
  switch (k)
    {
    case 0: *n = g->N * g->C; return g->dz2->data;
    case 1: *n = g->H * g->C; return g->dW2->data;
    case 2: *n = g->C;        return g->db2->data;
    case 3: *n = g->N * g->H; return g->dp1->data;
    case 4: *n = g->N * g->H; return g->dz1->data;
    case 5: *n = g->D * g->H; return g->dW1->data;
    default: *n = g->H;       return g->db1->data;
    }
}

/* ---- the forward pass and the loss, from the mathematics ---------------- */

static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b,
        gsl_matrix *Z)
{
  size_t i, j, k;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < W->size2; j++)
      {
        double s = gsl_vector_get (b, j);
        for (k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (W, k, j);
        gsl_matrix_set (Z, i, j, s);
      }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      {
        double z = gsl_matrix_get (Z, i, j);
        gsl_matrix_set (P, i, j, z > 0 ? z : 0.0);
      }
}

/* prob = softmax(Z) row by row; returns the mean cross-entropy. */
static double
softmax_xent (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  size_t i, j, N = Z->size1, C = Z->size2;
  double L = 0;
  for (i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (Z, i, 0), s = 0;
      for (j = 1; j < C; j++)
        if (gsl_matrix_get (Z, i, j) > m)
          m = gsl_matrix_get (Z, i, j);
      for (j = 0; j < C; j++)
        s += exp (gsl_matrix_get (Z, i, j) - m);
      for (j = 0; j < C; j++)
        if (prob)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (Z, i, j) - m) / s);
      L += -(gsl_matrix_get (Z, i, y[i]) - m - log (s));
    }
  return L / N;
}

static double
sqnorm (const gsl_matrix *A)
{
  size_t i, j;
  double s = 0;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      s += gsl_matrix_get (A, i, j) * gsl_matrix_get (A, i, j);
  return s;
}

static double
penalty (const bp_net *net, double reg)
{
  return reg * (sqnorm (net->W1) + sqnorm (net->W2));
}

/* Loss from a given stage: 0 from X (all), 1 from z1, 2 from p1, 3 from z2.
 * The work matrices z1, p1, z2 are used (and the given stage is read). */
static double
loss_from (int stage, const bp_net *net, const gsl_matrix *X, const size_t *y,
           double reg, gsl_matrix *z1, gsl_matrix *p1, gsl_matrix *z2)
{
  if (stage <= 0) affine (X, net->W1, net->b1, z1);
  if (stage <= 1) relu (z1, p1);
  if (stage <= 2) affine (p1, net->W2, net->b2, z2);
  return softmax_xent (z2, y, NULL) + penalty (net, reg);
}

/* Centred differences of the loss with respect to every entry of A (which
 * is one of net's parameters, or the work matrix of the given stage). */
static void
numdiff (double *a, size_t n, int stage, const bp_net *net,
         const gsl_matrix *X, const size_t *y, double reg,
         gsl_matrix *z1, gsl_matrix *p1, gsl_matrix *z2, double *out)
{
  const double h = 1e-5;
  size_t i;
  for (i = 0; i < n; i++)
    {
      double keep = a[i], lp, lm;
      a[i] = keep + h;
      lp = loss_from (stage, net, X, y, reg, z1, p1, z2);
      a[i] = keep - h;
      lm = loss_from (stage, net, X, y, reg, z1, p1, z2);
      a[i] = keep;
      out[i] = (lp - lm) / (2 * h);
    }
}

static double
relerr (const double *a, const double *b, size_t n)
{
  double d = 0, na = 0, nb = 0;
  size_t i;
  for (i = 0; i < n; i++)
    {
      if (!isfinite (a[i]))
        return INFINITY;
      d += (a[i] - b[i]) * (a[i] - b[i]);
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
  d = sqrt (d);
  if (d == 0)
    return 0;
  return d / (sqrt (na) + sqrt (nb));
}

/* ---- one problem -------------------------------------------------------- */

typedef struct result {
  int ok_call;                 /* backward returned 0 */
  int numeric_bad[NG];
  int local_bad[NG];
  int recall_changed[NG];
  int touched;                 /* net, X or cache modified */
  double num_err[NG], loc_err[NG];
} result;

static void
fill_garbage (bp_grads *g, gsl_rng *r)
{
  int k;
  for (k = 0; k < NG; k++)
    {
      size_t n, i;
      double *p = gptr (g, k, &n);
      for (i = 0; i < n; i++)
        p[i] = 3.0 * gsl_ran_gaussian (r, 1.0) + 1.0;
    }
}

static int
run_problem (backward_fn *fn, unsigned long seed, size_t D, size_t H,
             size_t C, size_t N, double reg, result *res)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  bp_net *net = net_new (D, H, C), *net0 = net_new (D, H, C);
  gsl_matrix *X = gsl_matrix_alloc (N, D), *X0 = gsl_matrix_alloc (N, D);
  size_t *y = malloc (N * sizeof *y);
  bp_cache *cache = cache_new (N, H, C), *cache0 = cache_new (N, H, C);
  bp_grads *g = grads_new (N, D, H, C);
  gsl_matrix *wz1 = gsl_matrix_alloc (N, H), *wp1 = gsl_matrix_alloc (N, H);
  gsl_matrix *wz2 = gsl_matrix_alloc (N, C);
  double *num[NG], *loc[NG], *first[NG];
  size_t i, j, n[NG];
  int k;

  memset (res, 0, sizeof *res);
  gsl_rng_set (r, seed * 7919 + D * 31 + N);
  for (i = 0; i < net->theta->size; i++)
    gsl_vector_set (net->theta, i, 0.5 * gsl_ran_gaussian (r, 1.0));
  for (i = 0; i < N; i++)
    for (j = 0; j < D; j++)
      gsl_matrix_set (X, i, j, gsl_ran_gaussian (r, 1.0));
  for (i = 0; i < N; i++)
    y[i] = gsl_rng_uniform_int (r, C);
  /* make sure no z1 sits within reach of the kink */
  for (k = 0, j = 1; j && k < 100; k++)
    {
      size_t jj;
      affine (X, net->W1, net->b1, cache->z1);
      j = 0;
      for (i = 0; i < N; i++)
        for (jj = 0; jj < H; jj++)
          if (fabs (gsl_matrix_get (cache->z1, i, jj)) < 1e-3)
            {
              gsl_vector_set (net->b1, jj, gsl_vector_get (net->b1, jj) + 0.01);
              j = 1;
            }
    }
  affine (X, net->W1, net->b1, cache->z1);
  relu (cache->z1, cache->p1);
  affine (cache->p1, net->W2, net->b2, cache->z2);
  softmax_xent (cache->z2, y, cache->prob);
  memcpy (net0->data, net->data, net->theta->size * sizeof (double));
  gsl_matrix_memcpy (X0, X);
  gsl_matrix_memcpy (cache0->z1, cache->z1);
  gsl_matrix_memcpy (cache0->p1, cache->p1);
  gsl_matrix_memcpy (cache0->z2, cache->z2);
  gsl_matrix_memcpy (cache0->prob, cache->prob);

  /* the student's call, over garbage */
  fill_garbage (g, r);
  res->ok_call = fn (net, X, y, reg, cache, g) == 0;

  if (memcmp (net0->data, net->data, net->theta->size * sizeof (double))
      || !gsl_matrix_equal (X0, X)
      || !gsl_matrix_equal (cache0->z1, cache->z1)
      || !gsl_matrix_equal (cache0->p1, cache->p1)
      || !gsl_matrix_equal (cache0->z2, cache->z2)
      || !gsl_matrix_equal (cache0->prob, cache->prob))
    {
      res->touched = 1;
      /* restore, so the checks below see the true problem */
      memcpy (net->data, net0->data, net->theta->size * sizeof (double));
      gsl_matrix_memcpy (X, X0);
      gsl_matrix_memcpy (cache->z1, cache0->z1);
      gsl_matrix_memcpy (cache->p1, cache0->p1);
      gsl_matrix_memcpy (cache->z2, cache0->z2);
      gsl_matrix_memcpy (cache->prob, cache0->prob);
    }

  for (k = 0; k < NG; k++)
    {
      double *p = gptr (g, k, &n[k]);
      num[k] = malloc (n[k] * sizeof (double));
      loc[k] = malloc (n[k] * sizeof (double));
      first[k] = malloc (n[k] * sizeof (double));
      memcpy (first[k], p, n[k] * sizeof (double));
    }

  /* (a) numeric: centred differences of the loss */
  gsl_matrix_memcpy (wz1, cache->z1);
  gsl_matrix_memcpy (wp1, cache->p1);
  gsl_matrix_memcpy (wz2, cache->z2);
  numdiff (wz2->data, N * C, 3, net, X, y, reg, wz1, wp1, wz2, num[0]);
  numdiff (net->W2->data, H * C, 2, net, X, y, reg, wz1, wp1, wz2, num[1]);
  numdiff (net->b2->data, C, 2, net, X, y, reg, wz1, wp1, wz2, num[2]);
  numdiff (wp1->data, N * H, 2, net, X, y, reg, wz1, wp1, wz2, num[3]);
  gsl_matrix_memcpy (wp1, cache->p1);
  numdiff (wz1->data, N * H, 1, net, X, y, reg, wz1, wp1, wz2, num[4]);
  numdiff (net->W1->data, D * H, 0, net, X, y, reg, wz1, wp1, wz2, num[5]);
  numdiff (net->b1->data, H, 0, net, X, y, reg, wz1, wp1, wz2, num[6]);

  /* (b) local: each rule over the student's own upstream */
  {
    const double *sdz2 = first[0], *sdp1 = first[3], *sdz1 = first[4];
    for (i = 0; i < N; i++)
      for (j = 0; j < C; j++)
        loc[0][i * C + j] = (gsl_matrix_get (cache->prob, i, j)
                             - (y[i] == j ? 1.0 : 0.0)) / N;
    for (i = 0; i < H; i++)
      for (j = 0; j < C; j++)
        {
          double s = 2 * reg * gsl_matrix_get (net->W2, i, j);
          size_t m;
          for (m = 0; m < N; m++)
            s += gsl_matrix_get (cache->p1, m, i) * sdz2[m * C + j];
          loc[1][i * C + j] = s;
        }
    for (j = 0; j < C; j++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += sdz2[i * C + j];
        loc[2][j] = s;
      }
    for (i = 0; i < N; i++)
      for (j = 0; j < H; j++)
        {
          double s = 0;
          size_t m;
          for (m = 0; m < C; m++)
            s += sdz2[i * C + m] * gsl_matrix_get (net->W2, j, m);
          loc[3][i * H + j] = s;
        }
    for (i = 0; i < N; i++)
      for (j = 0; j < H; j++)
        loc[4][i * H + j] = gsl_matrix_get (cache->z1, i, j) > 0
                            ? sdp1[i * H + j] : 0.0;
    for (i = 0; i < D; i++)
      for (j = 0; j < H; j++)
        {
          double s = 2 * reg * gsl_matrix_get (net->W1, i, j);
          size_t m;
          for (m = 0; m < N; m++)
            s += gsl_matrix_get (X, m, i) * sdz1[m * H + j];
          loc[5][i * H + j] = s;
        }
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += sdz1[i * H + j];
        loc[6][j] = s;
      }
  }

  for (k = 0; k < NG; k++)
    {
      res->num_err[k] = relerr (first[k], num[k], n[k]);
      res->loc_err[k] = relerr (first[k], loc[k], n[k]);
      res->numeric_bad[k] = !(res->num_err[k] <= TOL);
      res->local_bad[k] = !(res->loc_err[k] <= TOL);
    }

  /* the second call, over the first call's outputs (training does that) */
  fn (net, X, y, reg, cache, g);
  for (k = 0; k < NG; k++)
    {
      size_t nn;
      double *p = gptr (g, k, &nn);
      res->recall_changed[k] = relerr (p, first[k], nn) > 1e-12;
    }

  for (k = 0; k < NG; k++)
    {
      free (num[k]); free (loc[k]); free (first[k]);
    }
  gsl_matrix_free (wz1); gsl_matrix_free (wp1); gsl_matrix_free (wz2);
  grads_free (g);
  cache_free (cache); cache_free (cache0);
  gsl_matrix_free (X); gsl_matrix_free (X0);
  free (y);
  free (net); free (net0);
  gsl_rng_free (r);
  return 0;
}

/* ---- main --------------------------------------------------------------- */

static void
print_set (const char *tag, const int *set)
{
  int k, any = 0;
  printf (" %s", tag);
  for (k = 0; k < NG; k++)
    if (set[k])
      {
        printf ("%s%s", any ? "," : "", gname[k]);
        any = 1;
      }
  if (!any)
    printf ("-");
}

int
main (int argc, char **argv)
{
  static const struct { size_t D, H, C, N; } shape[2] = { { 5, 10, 3, 7 },
                                                          { 6, 8, 4, 9 } };
  const double reg = 0.1;
  int a, status = 0;

  for (a = 1; a < argc; a++)
    {
      void *h;
      backward_fn *fn;
      const char *path = argv[a], *base;
      int local[NG] = { 0 }, numeric[NG] = { 0 }, recall[NG] = { 0 };
      int touched = 0, failed = 0, s, seed, k;

      if (!strcmp (path, "-v"))
        {
          verbose = 1;
          continue;
        }
      base = strrchr (path, '/') ? strrchr (path, '/') + 1 : path;
      if (strchr (path, '/'))
        h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
      else
        {
          /* dlopen searches the library path for a bare name */
          char *rel = malloc (strlen (path) + 3);
          sprintf (rel, "./%s", path);
          h = dlopen (rel, RTLD_NOW | RTLD_LOCAL);
          free (rel);
        }
      if (!h)
        {
          printf ("%s: cannot load: %s\n", base, dlerror ());
          status = 2;
          continue;
        }
      fn = (backward_fn *) dlsym (h, "backward");
      if (!fn)
        {
          printf ("%s: no symbol backward\n", base);
          status = 2;
          continue;
        }
      for (seed = 1; seed <= 2; seed++)
        for (s = 0; s < 2; s++)
          {
            result res;
            run_problem (fn, seed, shape[s].D, shape[s].H, shape[s].C,
                         shape[s].N, reg, &res);
            failed |= !res.ok_call;
            touched |= res.touched;
            for (k = 0; k < NG; k++)
              {
                local[k] |= res.local_bad[k];
                numeric[k] |= res.numeric_bad[k];
                recall[k] |= res.recall_changed[k];
              }
            if (verbose)
              {
                printf ("  %s seed %d %zu-%zu-%zu N=%zu:", base, seed,
                        shape[s].D, shape[s].H, shape[s].C, shape[s].N);
                for (k = 0; k < NG; k++)
                  printf (" %s num=%.1e loc=%.1e%s", gname[k],
                          res.num_err[k], res.loc_err[k],
                          res.local_bad[k] ? " ROOT"
                          : res.numeric_bad[k] ? " inh" : "");
                printf ("\n");
              }
          }
      printf ("%s:", base);
      {
        int any = 0;
        for (k = 0; k < NG; k++)
          any |= numeric[k] | local[k];
        printf (" %s", any ? "WRONG" : "correct");
      }
      print_set ("local:", local);
      print_set ("numeric:", numeric);
      print_set ("recall:", recall);
      if (touched)
        printf (" TOUCHED-INPUTS");
      if (failed)
        printf (" NONZERO-RETURN");
      printf ("\n");
      /* the handle is kept open: a student's static state stays valid */
    }
  return status;
}
