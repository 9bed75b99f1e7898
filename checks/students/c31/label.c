/* label.c -- an independent labeller for the students of this set.
 *
 * Written from the mathematics only (GSL and libdl; no backprop library
 * code is linked, only the struct layouts of net.h and grads.h are used).
 *
 *   z1 = X W1 + 1 b1'   p1 = relu(z1)   z2 = p1 W2 + 1 b2'
 *   loss = (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 * For every student's shared object and every problem (2 seeds x
 * {5-10-3 batch 7, 6-8-4 batch 9}, reg 0.1) it fills the gradients with
 * garbage, calls the student's backward and judges each gradient twice:
 *
 *   (a) against centred differences of the loss: with respect to the
 *       parameters for dW2, db2, dW1, db1, and with respect to the
 *       intermediates z2, p1, z1 (the loss as a function of them) for
 *       dz2, dp1, dz1;
 *   (b) against its own rule applied to the student's OWN upstream
 *       gradients ("local"): dz2 = (prob - onehot)/N, dW2 = p1' dz2 +
 *       2 reg W2, db2 = colsum dz2, dp1 = dz2 W2', dz1 = dp1 * [z1 > 0],
 *       dW1 = X' dz1 + 2 reg W1, db1 = colsum dz1.
 *
 * A gradient wrong by (b) is a root; wrong by (a) only, inherited.  Then
 * it calls backward a second time over the first call's outputs (as a
 * training loop does) and reports any gradient that changes.
 *
 *   cc -O2 -I../../../src -o label label.c $(pkg-config --cflags --libs gsl) -ldl
 *   ./label [-v] DIR/s01_x.so ...
 *
 * Each student runs in a child process, so a crash is reported, not
 * fatal.  Output, one line per file:
 *   s05_x: wrong: dz2,dW2,... local: dz2 [2nd call changes: ...]
 *   s01_x: correct
 */

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

static const char *gname[7] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define TOL_NUM 1e-5            /* vs centred differences */
#define TOL_LOC 1e-7            /* vs own rule on the student's upstream */
#define EPS 1e-5

/* ------------------------------------------------------------------ */
/* The problem: a net, a batch, a cache and gradients, all built here. */

static bp_net *
net_new (size_t D, size_t H, size_t C, gsl_rng *r)
{
  size_t P = D * H + H + H * C + C, k;
  bp_net *n = calloc (1, sizeof (bp_net) + P * sizeof (double));
  double *d = n->data;
  n->D = D; n->H = H; n->C = C;
  n->theta_view = gsl_vector_view_array (d, P);
  n->theta = &n->theta_view.vector;
  n->W1_view = gsl_matrix_view_array (d, D, H);
  n->b1_view = gsl_vector_view_array (d + D * H, H);
  n->W2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  n->b2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  n->W1 = &n->W1_view.matrix;
  n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix;
  n->b2 = &n->b2_view.vector;
  for (k = 0; k < D * H; k++) d[k] = gsl_ran_gaussian (r, 0.6);
  for (; k < D * H + H; k++) d[k] = gsl_ran_gaussian (r, 0.2);
  for (; k < D * H + H + H * C; k++) d[k] = gsl_ran_gaussian (r, 0.6);
  for (; k < P; k++) d[k] = gsl_ran_gaussian (r, 0.2);
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
  double *d;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (D * H + H + H * C + C);
  d = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (d, D, H);
  g->db1_view = gsl_vector_view_array (d + D * H, H);
  g->dW2_view = gsl_matrix_view_array (d + D * H + H, H, C);
  g->db2_view = gsl_vector_view_array (d + D * H + H + H * C, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->present = BP_GRADS_ALL;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  gsl_vector_free (g->dtheta);
  free (g);
}

/* Gradient k as a matrix view (biases as one row). */
static gsl_matrix_view
gview (bp_grads *g, int k)
{
  switch (k)
    {
    case 0: return gsl_matrix_submatrix (g->dz2, 0, 0, g->N, g->C);
    case 1: return gsl_matrix_submatrix (g->dW2, 0, 0, g->H, g->C);
    case 2: return gsl_matrix_view_array (g->db2->data, 1, g->C);
    case 3: return gsl_matrix_submatrix (g->dp1, 0, 0, g->N, g->H);
    case 4: return gsl_matrix_submatrix (g->dz1, 0, 0, g->N, g->H);
    case 5: return gsl_matrix_submatrix (g->dW1, 0, 0, g->D, g->H);
    default: return gsl_matrix_view_array (g->db1->data, 1, g->H);
    }
}

static void
grads_garbage (bp_grads *g, gsl_rng *r)
{
  size_t i, j;
  gsl_matrix *m[3] = { g->dz2, g->dp1, g->dz1 };
  for (i = 0; i < 3; i++)
    for (j = 0; j < m[i]->size1 * m[i]->size2; j++)
      m[i]->data[j] = 1e3 * (gsl_rng_uniform (r) - 0.5);
  for (j = 0; j < g->dtheta->size; j++)
    g->dtheta->data[j] = 1e3 * (gsl_rng_uniform (r) - 0.5);
}

/* ------------------------------------------------------------------ */
/* Forward pass and loss pieces. */

/* Z = A W + 1 b' */
static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b,
        gsl_matrix *Z)
{
  size_t i, j;
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, W, 0.0, Z);
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (Z, i, j, gsl_matrix_get (Z, i, j) + gsl_vector_get (b, j));
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      {
        double v = gsl_matrix_get (Z, i, j);
        gsl_matrix_set (P, i, j, v > 0 ? v : 0.0);
      }
}

/* mean cross-entropy of scores Z; prob (optional) gets softmax(Z) */
static double
xent (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  size_t i, j, N = Z->size1, C = Z->size2;
  double L = 0;
  for (i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (Z, i, 0), s = 0;
      for (j = 1; j < C; j++)
        if (gsl_matrix_get (Z, i, j) > m) m = gsl_matrix_get (Z, i, j);
      for (j = 0; j < C; j++)
        s += exp (gsl_matrix_get (Z, i, j) - m);
      L += -(gsl_matrix_get (Z, i, y[i]) - m - log (s));
      if (prob)
        for (j = 0; j < C; j++)
          gsl_matrix_set (prob, i, j, exp (gsl_matrix_get (Z, i, j) - m) / s);
    }
  return L / N;
}

static double
penalty (const bp_net *n, double reg)
{
  size_t i, j;
  double s = 0, v;
  for (i = 0; i < n->D; i++)
    for (j = 0; j < n->H; j++)
      { v = gsl_matrix_get (n->W1, i, j); s += v * v; }
  for (i = 0; i < n->H; i++)
    for (j = 0; j < n->C; j++)
      { v = gsl_matrix_get (n->W2, i, j); s += v * v; }
  return reg * s;
}

static void
forward (const bp_net *n, const gsl_matrix *X, bp_cache *c, const size_t *y)
{
  affine (X, n->W1, n->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, n->W2, n->b2, c->z2);
  xent (c->z2, y, c->prob);
}

static double
loss_full (const bp_net *n, const gsl_matrix *X, const size_t *y, double reg)
{
  bp_cache *c = cache_new (X->size1, n->H, n->C);
  double L;
  forward (n, X, c, y);
  L = xent (c->z2, y, NULL) + penalty (n, reg);
  cache_free (c);
  return L;
}

/* loss as a function of z1 (which = 1), p1 (2) or z2 (3), given in M */
static double
loss_from (const bp_net *n, const size_t *y, int which, const gsl_matrix *M)
{
  size_t N = M->size1;
  gsl_matrix *p1 = gsl_matrix_alloc (N, n->H), *z2 = gsl_matrix_alloc (N, n->C);
  double L;
  if (which == 3)
    gsl_matrix_memcpy (z2, M);
  else
    {
      if (which == 1) relu (M, p1); else gsl_matrix_memcpy (p1, M);
      affine (p1, n->W2, n->b2, z2);
    }
  L = xent (z2, y, NULL);
  gsl_matrix_free (p1); gsl_matrix_free (z2);
  return L;
}

/* ------------------------------------------------------------------ */
/* The expected gradients. */

/* Numerical: ref[k] gets the centred-difference gradient k. */
static void
numeric (bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
         const bp_cache *c, bp_grads *ref)
{
  size_t k, i, j, P = n->theta->size;
  gsl_vector *dth = ref->dtheta;
  const gsl_matrix *src[3] = { c->z2, c->p1, c->z1 };
  gsl_matrix *dst[3] = { ref->dz2, ref->dp1, ref->dz1 };
  int which[3] = { 3, 2, 1 };

  for (k = 0; k < P; k++)
    {
      double t = n->data[k], lp, lm;
      n->data[k] = t + EPS; lp = loss_full (n, X, y, reg);
      n->data[k] = t - EPS; lm = loss_full (n, X, y, reg);
      n->data[k] = t;
      gsl_vector_set (dth, k, (lp - lm) / (2 * EPS));
    }
  for (k = 0; k < 3; k++)
    {
      gsl_matrix *M = gsl_matrix_alloc (src[k]->size1, src[k]->size2);
      gsl_matrix_memcpy (M, src[k]);
      for (i = 0; i < M->size1; i++)
        for (j = 0; j < M->size2; j++)
          {
            double t = gsl_matrix_get (M, i, j), lp, lm;
            gsl_matrix_set (M, i, j, t + EPS); lp = loss_from (n, y, which[k], M);
            gsl_matrix_set (M, i, j, t - EPS); lm = loss_from (n, y, which[k], M);
            gsl_matrix_set (M, i, j, t);
            gsl_matrix_set (dst[k], i, j, (lp - lm) / (2 * EPS));
          }
      gsl_matrix_free (M);
    }
}

static void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0;
      for (i = 0; i < A->size1; i++) s += gsl_matrix_get (A, i, j);
      gsl_vector_set (v, j, s);
    }
}

/* Local: each rule applied to the student's own upstream gradients in s. */
static void
local (const bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
       const bp_cache *c, const bp_grads *s, bp_grads *ref)
{
  size_t i, j, N = X->size1;
  for (i = 0; i < N; i++)
    for (j = 0; j < n->C; j++)
      gsl_matrix_set (ref->dz2, i, j,
                      (gsl_matrix_get (c->prob, i, j) - (j == y[i])) / N);
  gsl_matrix_memcpy (ref->dW2, n->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, c->p1, s->dz2, 2 * reg, ref->dW2);
  colsum (s->dz2, ref->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, s->dz2, n->W2, 0.0, ref->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < n->H; j++)
      gsl_matrix_set (ref->dz1, i, j, gsl_matrix_get (c->z1, i, j) > 0
                      ? gsl_matrix_get (s->dp1, i, j) : 0.0);
  gsl_matrix_memcpy (ref->dW1, n->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, s->dz1, 2 * reg, ref->dW1);
  colsum (s->dz1, ref->db1);
}

/* ||a - b|| / (||a|| + ||b||), 0 when both are 0; NaN counts as wrong. */
static double
relerr (bp_grads *a, bp_grads *b, int k)
{
  gsl_matrix_view va = gview (a, k), vb = gview (b, k);
  size_t i, j;
  double d = 0, na = 0, nb = 0;
  for (i = 0; i < va.matrix.size1; i++)
    for (j = 0; j < va.matrix.size2; j++)
      {
        double x = gsl_matrix_get (&va.matrix, i, j);
        double z = gsl_matrix_get (&vb.matrix, i, j);
        d += (x - z) * (x - z); na += x * x; nb += z * z;
      }
  if (!isfinite (d) || !isfinite (na))
    return INFINITY;
  if (na + nb == 0)
    return 0;
  return sqrt (d) / (sqrt (na) + sqrt (nb));
}

/* ------------------------------------------------------------------ */

/* Judge one student on one problem; sets bits in *wrong, *root, *chg. */
static int
judge (backward_fn *bw, size_t D, size_t H, size_t C, size_t N,
       unsigned long seed, int verbose, unsigned *wrong, unsigned *root,
       unsigned *chg)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  bp_net *n;
  gsl_matrix *X;
  size_t *y, i, j;
  bp_cache *c;
  bp_grads *g, *g2, *num, *loc;
  double reg = 0.1;
  int k, call;

  gsl_rng_set (r, seed);
  n = net_new (D, H, C, r);
  X = gsl_matrix_alloc (N, D);
  y = malloc (N * sizeof *y);
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < D; j++)
        gsl_matrix_set (X, i, j, gsl_ran_gaussian (r, 1.0));
      y[i] = gsl_rng_uniform_int (r, C);
    }
  c = cache_new (N, H, C);
  forward (n, X, c, y);
  g = grads_new (N, D, H, C);
  g2 = grads_new (N, D, H, C);
  num = grads_new (N, D, H, C);
  loc = grads_new (N, D, H, C);
  numeric (n, X, y, reg, c, num);

  grads_garbage (g, r);
  for (call = 0; call < 2; call++)
    {
      if (bw (n, X, y, reg, c, g) != 0)
        {
          printf ("    returned nonzero\n");
          return 1;
        }
      local (n, X, y, reg, c, g, loc);
      if (verbose)
        printf ("    %zu-%zu-%zu N=%zu seed %lu call %d:", D, H, C, N, seed, call + 1);
      for (k = 0; k < 7; k++)
        {
          double en = relerr (g, num, k), el = relerr (g, loc, k);
          int w = en > TOL_NUM, l = el > TOL_LOC;
          if (w) *wrong |= 1u << k;
          if (l) *root |= 1u << k;
          if (verbose)
            printf (" %s %s(%.1e/%.1e)", gname[k],
                    l ? "ROOT" : w ? "inh" : "ok", en, el);
        }
      if (verbose)
        printf ("\n");
      if (call == 0)
        {
          /* keep the first results; the second call runs over them */
          gsl_matrix_memcpy (g2->dz2, g->dz2);
          gsl_matrix_memcpy (g2->dp1, g->dp1);
          gsl_matrix_memcpy (g2->dz1, g->dz1);
          gsl_vector_memcpy (g2->dtheta, g->dtheta);
        }
    }
  for (k = 0; k < 7; k++)
    if (relerr (g, g2, k) > 1e-12)
      *chg |= 1u << k;

  grads_free (g); grads_free (g2); grads_free (num); grads_free (loc);
  cache_free (c);
  gsl_matrix_free (X);
  free (y);
  free (n);
  gsl_rng_free (r);
  return 0;
}

static void
list (const char *what, unsigned bits)
{
  int k, first = 1;
  printf (" %s ", what);
  for (k = 0; k < 7; k++)
    if (bits & (1u << k))
      {
        printf ("%s%s", first ? "" : ",", gname[k]);
        first = 0;
      }
  if (first)
    printf ("-");
}

static int
run_one (const char *path, int verbose)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  backward_fn *bw;
  unsigned wrong = 0, root = 0, chg = 0;
  static const size_t shapes[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  unsigned long seeds[2] = { 1, 2 };
  int s, t;

  if (!h)
    {
      printf ("dlopen: %s\n", dlerror ());
      return 2;
    }
  bw = (backward_fn *) dlsym (h, "backward");
  if (!bw)
    {
      printf ("no symbol backward\n");
      return 2;
    }
  for (s = 0; s < 2; s++)
    for (t = 0; t < 2; t++)
      if (judge (bw, shapes[t][0], shapes[t][1], shapes[t][2], shapes[t][3],
                 seeds[s], verbose, &wrong, &root, &chg))
        return 2;
  if (!wrong && !root)
    printf ("correct");
  else
    {
      list ("wrong:", wrong);
      list ("local:", root);
    }
  if (chg)
    list ("[2nd call changes:", chg), printf ("]");
  printf ("\n");
  return 0;
}

int
main (int argc, char **argv)
{
  int i, verbose = 0, st = 0;
  gsl_set_error_handler_off ();
  for (i = 1; i < argc; i++)
    {
      const char *b;
      pid_t pid;
      int ws;
      if (!strcmp (argv[i], "-v"))
        {
          verbose = 1;
          continue;
        }
      b = strrchr (argv[i], '/');
      b = b ? b + 1 : argv[i];
      printf ("%.*s:", (int) (strcspn (b, ".")), b);
      fflush (stdout);
      pid = fork ();
      if (pid == 0)
        {
          alarm (60);
          gsl_set_error_handler (NULL);   /* a GSL error aborts the child */
          int rc = run_one (argv[i], verbose);
          fflush (stdout);
          _exit (rc);
        }
      waitpid (pid, &ws, 0);
      if (!WIFEXITED (ws))
        {
          printf (" CRASHED (signal %d)\n", WTERMSIG (ws));
          st = 1;
        }
      else if (WEXITSTATUS (ws))
        st = 1;
      fflush (stdout);
    }
  return st;
}
