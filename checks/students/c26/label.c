/* label.c -- the labeller of checks/students/c26, written from the
 * mathematics of the two-layer net alone (GSL and libdl; the project's
 * headers only for the layout of bp_net, bp_cache and bp_grads).
 *
 *   cc -O2 -I ../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl -lm
 *   ./label [-v] OUTDIR/s01_*.so ...
 *
 * For each shared object it builds random nets (seeds 1, 2 and 3, each as a
 * 5-10-3 net with a batch of 7 and a 6-8-4 net with a batch of 9, reg 0.1),
 * fills every gradient with garbage, calls the student's backward() and
 * judges each of the seven gradients twice:
 *
 *   wrong  against centred differences of the loss
 *            L = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *          with respect to W1, b1, W2, b2 and the intermediates z2, p1, z1;
 *   local  against its own rule applied to the student's OWN upstream:
 *            dz2 = (prob - onehot(y)) / N
 *            dW2 = p1' dz2 + 2 reg W2      db2 = sum over rows of dz2
 *            dp1 = dz2 W2'                 dz1 = dp1 .* [z1 > 0]
 *            dW1 = X' dz1 + 2 reg W1       db1 = sum over rows of dz1
 *          A gradient that is wrong given its inputs is a root; one that is
 *          wrong but right given its inputs is inherited.
 *
 * It then calls backward() a second time over the first call's outputs (as
 * a training loop does) and says whether any gradient changed.
 *
 * One line per file:
 *   NAME: ok
 *   NAME: local: dz1 | wrong: dz1,dW1,db1 | second call: same
 * Each file runs in a child process; a crash or a nonzero return is said. */

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <dlfcn.h>
#include <unistd.h>
#include <sys/wait.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

enum { DZ2, DW2, DB2, DP1, DZ1, DW1, DB1, NG };
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define TOL_NUM 1e-5            /* against finite differences */
#define TOL_LOCAL 1e-8          /* against the rule on the student's upstream */
#define FD_H 1e-5

static int verbose;

/* ---------- structures, built by hand ---------- */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *n = calloc (1, sizeof *n + P * sizeof (double));
  double *t = n->data;
  n->D = D; n->H = H; n->C = C;
  n->theta_view = gsl_vector_view_array (t, P);
  n->theta = &n->theta_view.vector;
  n->W1_view = gsl_matrix_view_array (t, D, H);
  n->W1 = &n->W1_view.matrix;
  n->b1_view = gsl_vector_view_array (t + D * H, H);
  n->b1 = &n->b1_view.vector;
  n->W2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  n->W2 = &n->W2_view.matrix;
  n->b2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
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
  bp_grads *g = calloc (1, sizeof *g);
  size_t P = D * H + H + H * C + C;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_calloc (P);
  double *t = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (t, D, H);
  g->dW1 = &g->dW1_view.matrix;
  g->db1_view = gsl_vector_view_array (t + D * H, H);
  g->db1 = &g->db1_view.vector;
  g->dW2_view = gsl_matrix_view_array (t + D * H + H, H, C);
  g->dW2 = &g->dW2_view.matrix;
  g->db2_view = gsl_vector_view_array (t + D * H + H + H * C, C);
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_calloc (N, C);
  g->dp1 = gsl_matrix_calloc (N, H);
  g->dz1 = gsl_matrix_calloc (N, H);
  g->present = 0;
  return g;
}

static void
cache_del (bp_cache *c)
{
  gsl_matrix_free (c->z1);
  gsl_matrix_free (c->p1);
  gsl_matrix_free (c->z2);
  gsl_matrix_free (c->prob);
  free (c);
}

static void
grads_del (bp_grads *g)
{
  gsl_matrix_free (g->dz2);
  gsl_matrix_free (g->dp1);
  gsl_matrix_free (g->dz1);
  gsl_vector_free (g->dtheta);
  free (g);
}

/* Gradient k of g as a matrix (biases as one row), copied. */
static gsl_matrix *
grad_copy (const bp_grads *g, int k)
{
  const gsl_matrix *m = NULL;
  const gsl_vector *v = NULL;
  switch (k)
    {
    case DZ2: m = g->dz2; break;
    case DW2: m = g->dW2; break;
    case DB2: v = g->db2; break;
    case DP1: m = g->dp1; break;
    case DZ1: m = g->dz1; break;
    case DW1: m = g->dW1; break;
    case DB1: v = g->db1; break;
    }
  gsl_matrix *r;
  if (m)
    {
      r = gsl_matrix_alloc (m->size1, m->size2);
      gsl_matrix_memcpy (r, m);
    }
  else
    {
      r = gsl_matrix_alloc (1, v->size);
      for (size_t j = 0; j < v->size; j++)
        gsl_matrix_set (r, 0, j, gsl_vector_get (v, j));
    }
  return r;
}

/* ---------- the mathematics ---------- */

/* C = A B (transA: A', transB: B'), by loops. */
static void
mul (const gsl_matrix *A, int tA, const gsl_matrix *B, int tB, gsl_matrix *Cm)
{
  size_t n = tA ? A->size2 : A->size1;
  size_t k = tA ? A->size1 : A->size2;
  size_t m = tB ? B->size1 : B->size2;
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < m; j++)
      {
        double s = 0;
        for (size_t l = 0; l < k; l++)
          s += (tA ? gsl_matrix_get (A, l, i) : gsl_matrix_get (A, i, l))
            * (tB ? gsl_matrix_get (B, j, l) : gsl_matrix_get (B, l, j));
        gsl_matrix_set (Cm, i, j, s);
      }
}

static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b,
        gsl_matrix *Z)
{
  mul (A, 0, W, 0, Z);
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (Z, i, j, gsl_matrix_get (Z, i, j) + gsl_vector_get (b, j));
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

/* Mean cross-entropy of the scores Z; prob filled unless NULL. */
static double
xent (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  double L = 0;
  size_t N = Z->size1, C = Z->size2;
  for (size_t i = 0; i < N; i++)
    {
      double mx = gsl_matrix_get (Z, i, 0);
      for (size_t j = 1; j < C; j++)
        mx = fmax (mx, gsl_matrix_get (Z, i, j));
      double s = 0;
      for (size_t j = 0; j < C; j++)
        s += exp (gsl_matrix_get (Z, i, j) - mx);
      double lse = mx + log (s);
      L += lse - gsl_matrix_get (Z, i, y[i]);
      if (prob)
        for (size_t j = 0; j < C; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (Z, i, j) - lse));
    }
  return L / N;
}

static double
sumsq (const gsl_matrix *W)
{
  double s = 0;
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      s += gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return s;
}

static double
reg_loss (const bp_net *n, double reg)
{
  return reg * (sumsq (n->W1) + sumsq (n->W2));
}

/* The loss from each point of the graph onwards; c is scratch. */
static double
loss_from_z2 (const bp_net *n, const gsl_matrix *z2, const size_t *y, double reg)
{
  return xent (z2, y, NULL) + reg_loss (n, reg);
}

static double
loss_from_p1 (const bp_net *n, const gsl_matrix *p1, const size_t *y,
              double reg, bp_cache *c)
{
  affine (p1, n->W2, n->b2, c->z2);
  return loss_from_z2 (n, c->z2, y, reg);
}

static double
loss_from_z1 (const bp_net *n, const gsl_matrix *z1, const size_t *y,
              double reg, bp_cache *c)
{
  relu (z1, c->p1);
  return loss_from_p1 (n, c->p1, y, reg, c);
}

static void
forward (const bp_net *n, const gsl_matrix *X, const size_t *y, bp_cache *c)
{
  affine (X, n->W1, n->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, n->W2, n->b2, c->z2);
  xent (c->z2, y, c->prob);
}

static double
loss_full (const bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
           bp_cache *c)
{
  affine (X, n->W1, n->b1, c->z1);
  return loss_from_z1 (n, c->z1, y, reg, c);
}

/* Centred differences of f over the entries of the matrix M (modified in
 * place and restored) into G (same shape). */
enum where { AT_Z2, AT_P1, AT_Z1 };

static void
numdiff_inter (const bp_net *n, gsl_matrix *M, enum where w, const size_t *y,
               double reg, bp_cache *scratch, gsl_matrix *G)
{
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      {
        double v = gsl_matrix_get (M, i, j), lp, lm;
        gsl_matrix_set (M, i, j, v + FD_H);
        lp = w == AT_Z2 ? loss_from_z2 (n, M, y, reg)
          : w == AT_P1 ? loss_from_p1 (n, M, y, reg, scratch)
          : loss_from_z1 (n, M, y, reg, scratch);
        gsl_matrix_set (M, i, j, v - FD_H);
        lm = w == AT_Z2 ? loss_from_z2 (n, M, y, reg)
          : w == AT_P1 ? loss_from_p1 (n, M, y, reg, scratch)
          : loss_from_z1 (n, M, y, reg, scratch);
        gsl_matrix_set (M, i, j, v);
        gsl_matrix_set (G, i, j, (lp - lm) / (2 * FD_H));
      }
}

static void
numdiff_param (bp_net *n, double *p, size_t len, const gsl_matrix *X,
               const size_t *y, double reg, bp_cache *scratch, gsl_matrix *G)
{
  for (size_t k = 0; k < len; k++)
    {
      double v = p[k];
      p[k] = v + FD_H;
      double lp = loss_full (n, X, y, reg, scratch);
      p[k] = v - FD_H;
      double lm = loss_full (n, X, y, reg, scratch);
      p[k] = v;
      G->data[k] = (lp - lm) / (2 * FD_H);   /* G is contiguous */
    }
}

/* max |a - b| / max(max |a|, max |b|, 1e-8); NaN counts as 1. */
static double
relerr (const gsl_matrix *a, const gsl_matrix *b)
{
  double d = 0, s = 1e-8;
  for (size_t i = 0; i < a->size1; i++)
    for (size_t j = 0; j < a->size2; j++)
      {
        double x = gsl_matrix_get (a, i, j), z = gsl_matrix_get (b, i, j);
        if (!isfinite (x) || !isfinite (z))
          return 1.0;
        d = fmax (d, fabs (x - z));
        s = fmax (s, fmax (fabs (x), fabs (z)));
      }
  return d / s;
}

static void
colsum (const gsl_matrix *A, gsl_matrix *row)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      double s = 0;
      for (size_t i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_matrix_set (row, 0, j, s);
    }
}

static void
add_2regW (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j)
                      + 2 * reg * gsl_matrix_get (W, i, j));
}

/* ---------- one configuration ---------- */

struct verdict {
  double num[NG], local[NG], second[NG];
  int rc, rc2, touched;
  double minz1;
};

static void
run_config (backward_fn *bw, unsigned long seed, size_t D, size_t H, size_t C,
            size_t N, double reg, struct verdict *v)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 7919 + D * 131 + N);
  bp_net *n = net_new (D, H, C);
  for (size_t k = 0; k < n->theta->size; k++)
    n->data[k] = gsl_ran_gaussian (r, 0.6);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < D; j++)
      gsl_matrix_set (X, i, j, gsl_ran_gaussian (r, 1.0));
  size_t *y = malloc (N * sizeof *y);
  for (size_t i = 0; i < N; i++)
    y[i] = gsl_rng_uniform_int (r, C);

  bp_cache *c = cache_new (N, H, C);
  bp_cache *scratch = cache_new (N, H, C);
  forward (n, X, y, c);
  v->minz1 = INFINITY;
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      v->minz1 = fmin (v->minz1, fabs (gsl_matrix_get (c->z1, i, j)));

  gsl_vector *theta0 = gsl_vector_alloc (n->theta->size);
  gsl_vector_memcpy (theta0, n->theta);

  /* garbage in every gradient */
  bp_grads *g = grads_new (N, D, H, C);
  for (size_t k = 0; k < g->dtheta->size; k++)
    g->dtheta->data[k] = gsl_ran_flat (r, -50, 50);
  gsl_matrix *gm[3] = { g->dz2, g->dp1, g->dz1 };
  for (int m = 0; m < 3; m++)
    for (size_t i = 0; i < gm[m]->size1; i++)
      for (size_t j = 0; j < gm[m]->size2; j++)
        gsl_matrix_set (gm[m], i, j, gsl_ran_flat (r, -50, 50));

  v->rc = bw (n, X, y, reg, c, g);
  v->touched = 0;
  for (size_t k = 0; k < n->theta->size; k++)
    if (n->data[k] != theta0->data[k])
      v->touched = 1;
  gsl_vector_memcpy (n->theta, theta0);

  gsl_matrix *S[NG];
  for (int k = 0; k < NG; k++)
    S[k] = grad_copy (g, k);

  /* (a) centred differences */
  gsl_matrix *G[NG];
  G[DZ2] = gsl_matrix_alloc (N, C);
  G[DW2] = gsl_matrix_alloc (H, C);
  G[DB2] = gsl_matrix_alloc (1, C);
  G[DP1] = gsl_matrix_alloc (N, H);
  G[DZ1] = gsl_matrix_alloc (N, H);
  G[DW1] = gsl_matrix_alloc (D, H);
  G[DB1] = gsl_matrix_alloc (1, H);
  {
    gsl_matrix *M = gsl_matrix_alloc (N, C);
    gsl_matrix_memcpy (M, c->z2);
    numdiff_inter (n, M, AT_Z2, y, reg, scratch, G[DZ2]);
    gsl_matrix_free (M);
    M = gsl_matrix_alloc (N, H);
    gsl_matrix_memcpy (M, c->p1);
    numdiff_inter (n, M, AT_P1, y, reg, scratch, G[DP1]);
    gsl_matrix_memcpy (M, c->z1);
    numdiff_inter (n, M, AT_Z1, y, reg, scratch, G[DZ1]);
    gsl_matrix_free (M);
  }
  numdiff_param (n, n->W1->data, D * H, X, y, reg, scratch, G[DW1]);
  numdiff_param (n, n->b1->data, H, X, y, reg, scratch, G[DB1]);
  numdiff_param (n, n->W2->data, H * C, X, y, reg, scratch, G[DW2]);
  numdiff_param (n, n->b2->data, C, X, y, reg, scratch, G[DB2]);
  for (int k = 0; k < NG; k++)
    v->num[k] = relerr (S[k], G[k]);

  /* (b) the rules on the student's own upstream */
  gsl_matrix *E[NG];
  E[DZ2] = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (E[DZ2], c->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (E[DZ2], i, y[i], gsl_matrix_get (E[DZ2], i, y[i]) - 1.0);
  gsl_matrix_scale (E[DZ2], 1.0 / N);
  E[DW2] = gsl_matrix_alloc (H, C);
  mul (c->p1, 1, S[DZ2], 0, E[DW2]);
  add_2regW (E[DW2], n->W2, reg);
  E[DB2] = gsl_matrix_alloc (1, C);
  colsum (S[DZ2], E[DB2]);
  E[DP1] = gsl_matrix_alloc (N, H);
  mul (S[DZ2], 0, n->W2, 1, E[DP1]);
  E[DZ1] = gsl_matrix_alloc (N, H);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (E[DZ1], i, j, gsl_matrix_get (c->z1, i, j) > 0
                      ? gsl_matrix_get (S[DP1], i, j) : 0.0);
  E[DW1] = gsl_matrix_alloc (D, H);
  mul (X, 1, S[DZ1], 0, E[DW1]);
  add_2regW (E[DW1], n->W1, reg);
  E[DB1] = gsl_matrix_alloc (1, H);
  colsum (S[DZ1], E[DB1]);
  for (int k = 0; k < NG; k++)
    v->local[k] = relerr (S[k], E[k]);

  /* a second call over the first call's outputs */
  v->rc2 = bw (n, X, y, reg, c, g);
  gsl_vector_memcpy (n->theta, theta0);
  for (int k = 0; k < NG; k++)
    {
      gsl_matrix *T = grad_copy (g, k);
      v->second[k] = relerr (T, S[k]);
      gsl_matrix_free (T);
    }

  for (int k = 0; k < NG; k++)
    {
      gsl_matrix_free (S[k]);
      gsl_matrix_free (G[k]);
      gsl_matrix_free (E[k]);
    }
  gsl_rng_free (r);
  cache_del (c);
  cache_del (scratch);
  grads_del (g);
  free (n);
  free (y);
  gsl_matrix_free (X);
  gsl_vector_free (theta0);
}

/* ---------- one file ---------- */

static int
label_file (const char *path)
{
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  char name[256];
  snprintf (name, sizeof name, "%s", base);
  char *dot = strstr (name, ".so");
  if (dot)
    *dot = 0;

  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    {
      printf ("%s: cannot load: %s\n", name, dlerror ());
      return 2;
    }
  backward_fn *bw = (backward_fn *) dlsym (h, "backward");
  if (!bw)
    {
      printf ("%s: no symbol backward\n", name);
      return 2;
    }

  static const size_t shapes[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  double num[NG] = { 0 }, local[NG] = { 0 }, second[NG] = { 0 };
  int rcbad = 0, touched = 0;
  double minz1 = INFINITY;
  for (unsigned long seed = 1; seed <= 3; seed++)
    for (int s = 0; s < 2; s++)
      {
        struct verdict v;
        run_config (bw, seed, shapes[s][0], shapes[s][1], shapes[s][2],
                    shapes[s][3], 0.1, &v);
        rcbad |= v.rc != 0 || v.rc2 != 0;
        touched |= v.touched;
        minz1 = fmin (minz1, v.minz1);
        for (int k = 0; k < NG; k++)
          {
            num[k] = fmax (num[k], v.num[k]);
            local[k] = fmax (local[k], v.local[k]);
            second[k] = fmax (second[k], v.second[k]);
          }
      }

  char lw[128] = "", nw[128] = "", sc[128] = "";
  int nloc = 0, nnum = 0, nsec = 0;
  for (int k = 0; k < NG; k++)
    {
      if (local[k] > TOL_LOCAL)
        {
          strcat (lw, nloc++ ? "," : "");
          strcat (lw, gname[k]);
        }
      if (num[k] > TOL_NUM)
        {
          strcat (nw, nnum++ ? "," : "");
          strcat (nw, gname[k]);
        }
      if (second[k] > 1e-12)
        {
          strcat (sc, nsec++ ? "," : "");
          strcat (sc, gname[k]);
        }
    }
  if (!nloc && !nnum && !nsec && !rcbad && !touched)
    printf ("%s: ok\n", name);
  else
    printf ("%s: local: %s | wrong: %s | second call: %s%s%s\n", name,
            nloc ? lw : "-", nnum ? nw : "-", nsec ? sc : "same",
            rcbad ? " | nonzero return" : "",
            touched ? " | modified the net" : "");
  if (verbose)
    {
      printf ("    %-4s %10s %10s %10s\n", "", "vs numeric", "vs rule", "2nd call");
      for (int k = 0; k < NG; k++)
        printf ("    %-4s %10.2e %10.2e %10.2e\n", gname[k], num[k], local[k],
                second[k]);
      printf ("    smallest |z1| entry: %.2e\n", minz1);
    }
  fflush (stdout);
  return nloc || nnum || nsec || rcbad || touched;
}

int
main (int argc, char **argv)
{
  int i = 1, status = 0;
  if (i < argc && !strcmp (argv[i], "-v"))
    verbose = 1, i++;
  if (i >= argc)
    {
      fprintf (stderr, "usage: label [-v] FILE.so ...\n");
      return 2;
    }
  for (; i < argc; i++)
    {
      fflush (stdout);
      pid_t pid = fork ();
      if (pid == 0)
        _exit (label_file (argv[i]));
      int st;
      waitpid (pid, &st, 0);
      if (WIFSIGNALED (st))
        {
          printf ("%s: crashed (signal %d)\n", argv[i], WTERMSIG (st));
          status = 2;
        }
      else if (WEXITSTATUS (st) == 2 && status < 2)
        status = 2;
      else if (WEXITSTATUS (st) == 1 && status < 1)
        status = 1;
    }
  return status;
}
