/* label.c -- an independent labeller for this set of student backward passes.
 *
 * Written from the mathematics alone (GSL and libdl; the backprop headers
 * are used only for the layout of bp_net, bp_cache and bp_grads, no
 * backprop library code).  For each shared object named on the command
 * line it loads `backward`, and on random nets (seeds 1 and 2, each on a
 * 5-10-3 net with a batch of 7 and a 6-8-4 net with a batch of 9, reg 0.1):
 *
 *   - fills every gradient with garbage and calls the student's backward;
 *   - compares each of the seven gradients with centred differences of the
 *     loss (for dz2, dp1, dz1 the derivative of the loss with respect to
 *     the intermediate z2, p1, z1): "fd" ok or wrong;
 *   - compares each gradient with the correct rule applied to the
 *     student's OWN upstream gradient ("local"):
 *       dz2 = (softmax(z2) - onehot(y)) / N
 *       dW2 = p1' dz2 + 2 reg W2     db2 = column sums of dz2
 *       dp1 = dz2 W2'                dz1 = dp1 * [z1 > 0]
 *       dW1 = X' dz1 + 2 reg W1      db1 = column sums of dz1
 *     a gradient that is locally wrong is a root; one that is wrong by
 *     finite differences but locally right is inherited;
 *   - calls backward a second time over the first call's outputs (as
 *     training does) and reports the gradients whose values changed.
 *
 * The loss is (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2).
 *
 * Usage: label [-v] FILE.so...
 * Prints, per file, one line: NAME: correct | NAME: local: g1,g2 ...
 * Exit status 0 unless a file could not be loaded or returned nonzero.
 *
 * Build: cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *          -Wl,--no-as-needed $(pkg-config --libs gsl) -ldl
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <dlfcn.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_errno.h>

#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

enum { G_DZ2, G_DW2, G_DB2, G_DP1, G_DZ1, G_DW1, G_DB1, NG };
static const char *gname[NG] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

#define FD_TOL 1e-5     /* relative error against centred differences */
#define LOCAL_TOL 1e-8  /* relative error against the rule, given upstream */
#define SAME_TOL 1e-12  /* second call against the first */
#define FD_H 1e-5

/* ---------------------------------------------------------------- net */

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  size_t bytes = sizeof (bp_net) + P * sizeof (double);
  bytes = (bytes + 63) / 64 * 64;
  bp_net *net = aligned_alloc (64, bytes);
  memset (net, 0, bytes);
  net->D = D; net->H = H; net->C = C;
  net->theta_view = gsl_vector_view_array (net->data, P);
  net->theta = &net->theta_view.vector;
  double *p = net->data;
  net->W1_view = gsl_matrix_view_array (p, D, H); p += D * H;
  net->b1_view = gsl_vector_view_array (p, H);    p += H;
  net->W2_view = gsl_matrix_view_array (p, H, C); p += H * C;
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
  size_t P = D * H + H + H * C + C;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_alloc (P);
  double *p = g->dtheta->data;
  g->dW1_view = gsl_matrix_view_array (p, D, H); p += D * H;
  g->db1_view = gsl_vector_view_array (p, H);    p += H;
  g->dW2_view = gsl_matrix_view_array (p, H, C); p += H * C;
  g->db2_view = gsl_vector_view_array (p, C);
  g->dW1 = &g->dW1_view.matrix;
  g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix;
  g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->present = BP_GRADS_ALL;
  return g;
}

static void
grads_free (bp_grads *g)
{
  gsl_vector_free (g->dtheta);
  gsl_matrix_free (g->dz2); gsl_matrix_free (g->dp1); gsl_matrix_free (g->dz1);
  free (g);
}

/* gradient k of g as a matrix view (biases as one row) */
static gsl_matrix_view
gview (bp_grads *g, int k)
{
  switch (k)
    {
    case G_DZ2: return gsl_matrix_submatrix (g->dz2, 0, 0, g->dz2->size1, g->dz2->size2);
    case G_DW2: return gsl_matrix_submatrix (g->dW2, 0, 0, g->dW2->size1, g->dW2->size2);
    case G_DB2: return gsl_matrix_view_vector (g->db2, 1, g->db2->size);
    case G_DP1: return gsl_matrix_submatrix (g->dp1, 0, 0, g->dp1->size1, g->dp1->size2);
    case G_DZ1: return gsl_matrix_submatrix (g->dz1, 0, 0, g->dz1->size1, g->dz1->size2);
    case G_DW1: return gsl_matrix_submatrix (g->dW1, 0, 0, g->dW1->size1, g->dW1->size2);
    default:    return gsl_matrix_view_vector (g->db1, 1, g->db1->size);
    }
}

/* ------------------------------------------------------------ forward */

static void
affine (const gsl_matrix *A, const gsl_matrix *W, const gsl_vector *b, gsl_matrix *Z)
{
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, W, 0.0, Z);
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      *gsl_matrix_ptr (Z, i, j) += gsl_vector_get (b, j);
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

/* mean cross-entropy of scores Z against y; softmax into prob if not NULL */
static double
xent (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  size_t N = Z->size1, C = Z->size2;
  double L = 0.0;
  for (size_t i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (Z, i, 0);
      for (size_t c = 1; c < C; c++)
        m = fmax (m, gsl_matrix_get (Z, i, c));
      double s = 0.0;
      for (size_t c = 0; c < C; c++)
        s += exp (gsl_matrix_get (Z, i, c) - m);
      double lse = m + log (s);
      L += lse - gsl_matrix_get (Z, i, y[i]);
      if (prob)
        for (size_t c = 0; c < C; c++)
          gsl_matrix_set (prob, i, c, exp (gsl_matrix_get (Z, i, c) - lse));
    }
  return L / N;
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

static double
reg_loss (const bp_net *net, double reg)
{
  return reg * (sumsq (net->W1) + sumsq (net->W2));
}

/* full forward into c; returns the loss */
static double
forward (const bp_net *net, const gsl_matrix *X, const size_t *y, double reg,
         bp_cache *c)
{
  affine (X, net->W1, net->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, net->W2, net->b2, c->z2);
  return xent (c->z2, y, c->prob) + reg_loss (net, reg);
}

/* the loss as a function of z2, p1 or z1 (the rest fixed) */
static double
loss_from_z2 (const bp_net *net, const gsl_matrix *z2, const size_t *y, double reg)
{
  return xent (z2, y, NULL) + reg_loss (net, reg);
}

static double
loss_from_p1 (const bp_net *net, const gsl_matrix *p1, const size_t *y, double reg)
{
  gsl_matrix *z2 = gsl_matrix_alloc (p1->size1, net->C);
  affine (p1, net->W2, net->b2, z2);
  double L = loss_from_z2 (net, z2, y, reg);
  gsl_matrix_free (z2);
  return L;
}

static double
loss_from_z1 (const bp_net *net, const gsl_matrix *z1, const size_t *y, double reg)
{
  gsl_matrix *p1 = gsl_matrix_alloc (z1->size1, z1->size2);
  relu (z1, p1);
  double L = loss_from_p1 (net, p1, y, reg);
  gsl_matrix_free (p1);
  return L;
}

/* ------------------------------------------------- finite differences */

static void
fd_params (bp_net *net, const gsl_matrix *X, const size_t *y, double reg,
           bp_grads *num)
{
  bp_cache *c = cache_new (X->size1, net->H, net->C);
  for (size_t k = 0; k < net->theta->size; k++)
    {
      double *t = gsl_vector_ptr (net->theta, k);
      double keep = *t;
      *t = keep + FD_H;
      double Lp = forward (net, X, y, reg, c);
      *t = keep - FD_H;
      double Lm = forward (net, X, y, reg, c);
      *t = keep;
      gsl_vector_set (num->dtheta, k, (Lp - Lm) / (2 * FD_H));
    }
  cache_free (c);
}

typedef double loss_of (const bp_net *, const gsl_matrix *, const size_t *, double);

static void
fd_matrix (const bp_net *net, const gsl_matrix *M0, loss_of *f,
           const size_t *y, double reg, gsl_matrix *out)
{
  gsl_matrix *M = gsl_matrix_alloc (M0->size1, M0->size2);
  gsl_matrix_memcpy (M, M0);
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      {
        double keep = gsl_matrix_get (M, i, j);
        gsl_matrix_set (M, i, j, keep + FD_H);
        double Lp = f (net, M, y, reg);
        gsl_matrix_set (M, i, j, keep - FD_H);
        double Lm = f (net, M, y, reg);
        gsl_matrix_set (M, i, j, keep);
        gsl_matrix_set (out, i, j, (Lp - Lm) / (2 * FD_H));
      }
  gsl_matrix_free (M);
}

/* ----------------------------------------------------- the rules, local */

static void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (v, j, s);
    }
}

/* loc = each rule applied to the student's upstream gradients in s */
static void
local_rules (const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *c, const bp_grads *s, bp_grads *loc)
{
  size_t N = X->size1;
  gsl_matrix_memcpy (loc->dz2, c->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (loc->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (loc->dz2, 1.0 / (double) N);

  gsl_matrix_memcpy (loc->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, c->p1, s->dz2, 2.0 * reg, loc->dW2);
  colsum (s->dz2, loc->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, s->dz2, net->W2, 0.0, loc->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      gsl_matrix_set (loc->dz1, i, j, gsl_matrix_get (c->z1, i, j) > 0.0
                      ? gsl_matrix_get (s->dp1, i, j) : 0.0);
  gsl_matrix_memcpy (loc->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, s->dz1, 2.0 * reg, loc->dW1);
  colsum (s->dz1, loc->db1);
}

/* max |a - b| / max (max |a|, max |b|, 1e-12); NaN or Inf gives +Inf */
static double
relerr (const gsl_matrix *a, const gsl_matrix *b)
{
  double d = 0.0, m = 1e-12;
  for (size_t i = 0; i < a->size1; i++)
    for (size_t j = 0; j < a->size2; j++)
      {
        double x = gsl_matrix_get (a, i, j), z = gsl_matrix_get (b, i, j);
        if (!isfinite (x) || !isfinite (z))
          return INFINITY;
        d = fmax (d, fabs (x - z));
        m = fmax (m, fmax (fabs (x), fabs (z)));
      }
  return d / m;
}

/* -------------------------------------------------------------- driver */

static void
fill_garbage (bp_grads *g, gsl_rng *r)
{
  for (int k = 0; k < NG; k++)
    {
      gsl_matrix_view v = gview (g, k);
      for (size_t i = 0; i < v.matrix.size1; i++)
        for (size_t j = 0; j < v.matrix.size2; j++)
          gsl_matrix_set (&v.matrix, i, j, 3.0 + 5.0 * gsl_rng_uniform (r));
    }
}

static void
copy_grads (bp_grads *dst, bp_grads *src)
{
  for (int k = 0; k < NG; k++)
    {
      gsl_matrix_view a = gview (dst, k), b = gview (src, k);
      gsl_matrix_memcpy (&a.matrix, &b.matrix);
    }
}

struct result
{
  int failed;                   /* load or return failure */
  unsigned fd_wrong, local_wrong, changed;
  double fd_max[NG], local_max[NG];
};

static int verbose = 0;

static void
run_one (backward_fn *bw, unsigned long seed, size_t D, size_t H, size_t C,
         size_t N, double reg, struct result *res)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 1000 + D * 100 + H * 10 + C);

  bp_net *net = net_new (D, H, C);
  for (size_t k = 0; k < net->theta->size; k++)
    gsl_vector_set (net->theta, k, gsl_ran_gaussian (r, 0.5));
  for (size_t j = 0; j < H; j++)           /* biases smaller */
    gsl_vector_set (net->b1, j, gsl_ran_gaussian (r, 0.1));
  for (size_t j = 0; j < C; j++)
    gsl_vector_set (net->b2, j, gsl_ran_gaussian (r, 0.1));

  gsl_matrix *X = gsl_matrix_alloc (N, D);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < D; j++)
      gsl_matrix_set (X, i, j, gsl_ran_gaussian (r, 1.0));
  size_t *y = malloc (N * sizeof *y);
  for (size_t i = 0; i < N; i++)
    y[i] = gsl_rng_uniform_int (r, C);

  bp_cache *c = cache_new (N, H, C);
  forward (net, X, y, reg, c);

  /* the numeric gradients */
  bp_grads *num = grads_new (N, D, H, C);
  fd_params (net, X, y, reg, num);
  fd_matrix (net, c->z2, loss_from_z2, y, reg, num->dz2);
  fd_matrix (net, c->p1, loss_from_p1, y, reg, num->dp1);
  fd_matrix (net, c->z1, loss_from_z1, y, reg, num->dz1);
  forward (net, X, y, reg, c);    /* the cache as it was */

  /* the student, over garbage */
  bp_grads *s = grads_new (N, D, H, C);
  fill_garbage (s, r);
  if (bw (net, X, y, reg, c, s) != 0)
    res->failed = 1;

  bp_grads *loc = grads_new (N, D, H, C);
  local_rules (net, X, y, reg, c, s, loc);

  for (int k = 0; k < NG; k++)
    {
      gsl_matrix_view a = gview (s, k), b = gview (num, k), l = gview (loc, k);
      double ef = relerr (&a.matrix, &b.matrix);
      double el = relerr (&a.matrix, &l.matrix);
      if (ef > res->fd_max[k]) res->fd_max[k] = ef;
      if (el > res->local_max[k]) res->local_max[k] = el;
      if (ef > FD_TOL) res->fd_wrong |= 1u << k;
      if (el > LOCAL_TOL) res->local_wrong |= 1u << k;
    }

  /* a second call over the first call's outputs */
  bp_grads *first = grads_new (N, D, H, C);
  copy_grads (first, s);
  if (bw (net, X, y, reg, c, s) != 0)
    res->failed = 1;
  for (int k = 0; k < NG; k++)
    {
      gsl_matrix_view a = gview (s, k), b = gview (first, k);
      if (relerr (&a.matrix, &b.matrix) > SAME_TOL)
        res->changed |= 1u << k;
    }

  if (verbose)
    {
      printf ("    seed %lu %zu-%zu-%zu batch %zu:", seed, D, H, C, N);
      for (int k = 0; k < NG; k++)
        {
          gsl_matrix_view a = gview (first, k), b = gview (num, k), l = gview (loc, k);
          printf (" %s fd=%.1e loc=%.1e", gname[k], relerr (&a.matrix, &b.matrix),
                  relerr (&a.matrix, &l.matrix));
        }
      printf ("\n");
    }

  grads_free (first); grads_free (loc); grads_free (s); grads_free (num);
  cache_free (c); free (y); gsl_matrix_free (X); free (net); gsl_rng_free (r);
}

static void
print_set (const char *tag, unsigned bits)
{
  printf (" %s ", tag);
  int first = 1;
  for (int k = 0; k < NG; k++)
    if (bits & (1u << k))
      {
        printf ("%s%s", first ? "" : ",", gname[k]);
        first = 0;
      }
  if (first)
    printf ("-");
}

int
main (int argc, char **argv)
{
  int status = 0;
  gsl_set_error_handler_off ();
  for (int a = 1; a < argc; a++)
    {
      if (strcmp (argv[a], "-v") == 0)
        {
          verbose = 1;
          continue;
        }
      const char *path = argv[a];
      const char *base = strrchr (path, '/');
      base = base ? base + 1 : path;
      char name[256];
      snprintf (name, sizeof name, "%s", base);
      char *dot = strstr (name, ".so");
      if (dot)
        *dot = '\0';

      void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
      backward_fn *bw = h ? (backward_fn *) dlsym (h, "backward") : NULL;
      if (!bw)
        {
          printf ("%s: cannot load: %s\n", name, dlerror ());
          status = 1;
          continue;
        }
      if (verbose)
        printf ("%s\n", name);

      struct result res;
      memset (&res, 0, sizeof res);
      static const size_t shapes[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
      for (unsigned long seed = 1; seed <= 2; seed++)
        for (int s = 0; s < 2; s++)
          run_one (bw, seed, shapes[s][0], shapes[s][1], shapes[s][2],
                   shapes[s][3], 0.1, &res);

      if (res.failed)
        status = 1;
      if (!res.fd_wrong && !res.local_wrong)
        printf ("%s: correct", name);
      else
        {
          printf ("%s:", name);
          print_set ("local:", res.local_wrong);
          print_set ("inherited:", res.fd_wrong & ~res.local_wrong);
          printf (" [");
          for (int k = 0; k < NG; k++)
            if (res.local_wrong & (1u << k))
              printf (" %s local %.2g fd %.2g", gname[k], res.local_max[k], res.fd_max[k]);
          printf (" ]");
        }
      if (res.changed)
        print_set ("second-call-changes:", res.changed);
      if (res.failed)
        printf (" returned-nonzero");
      printf ("\n");
      dlclose (h);
    }
  return status;
}
