/* label.c -- measure a student's backward pass (a shared object exporting
 * `backward`) against finite differences of the loss (global) and against
 * each gradient's rule given the student's own upstream gradient (local).
 * GSL and libdl only; the net, cache and grads are allocated here as
 * src/backprop/net.h and grads.h describe.
 *
 *   cc -O1 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *      $(pkg-config --libs gsl) -ldl
 *   ./label OUT/x.so ...
 *
 * Per .so prints: file, correct (yes/no), the root (first locally wrong
 * gradient in backprop order, over all configs and both calls), the set of
 * locally wrong and globally wrong gradients. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <dlfcn.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static const char *names[BP_NGRADS] =
  { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };

static bp_net *
net_new (size_t D, size_t H, size_t C)
{
  bp_net *n = calloc (1, sizeof *n);
  size_t o = 0;
  n->D = D; n->H = H; n->C = C;
  n->theta = gsl_vector_calloc (D * H + H + H * C + C);
  n->W1_view = gsl_matrix_view_array (n->theta->data + o, D, H); o += D * H;
  n->b1_view = gsl_vector_view_array (n->theta->data + o, H); o += H;
  n->W2_view = gsl_matrix_view_array (n->theta->data + o, H, C); o += H * C;
  n->b2_view = gsl_vector_view_array (n->theta->data + o, C);
  n->W1 = &n->W1_view.matrix; n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix; n->b2 = &n->b2_view.vector;
  return n;
}

static bp_cache *
cache_new (size_t N, size_t H, size_t C)
{
  bp_cache *c = calloc (1, sizeof *c);
  c->N = N; c->H = H; c->C = C;
  c->z1 = gsl_matrix_alloc (N, H); c->p1 = gsl_matrix_alloc (N, H);
  c->z2 = gsl_matrix_alloc (N, C); c->prob = gsl_matrix_alloc (N, C);
  return c;
}

static bp_grads *
grads_new (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  size_t o = 0;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->dtheta = gsl_vector_alloc (D * H + H + H * C + C);
  g->dW1_view = gsl_matrix_view_array (g->dtheta->data + o, D, H); o += D * H;
  g->db1_view = gsl_vector_view_array (g->dtheta->data + o, H); o += H;
  g->dW2_view = gsl_matrix_view_array (g->dtheta->data + o, H, C); o += H * C;
  g->db2_view = gsl_vector_view_array (g->dtheta->data + o, C);
  g->dW1 = &g->dW1_view.matrix; g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix; g->db2 = &g->db2_view.vector;
  g->present = BP_GRADS_ALL;
  return g;
}

/* gradient id as a matrix (biases as one row) */
static gsl_matrix_view
gmat (bp_grads *g, int id)
{
  switch (id)
    {
    case BP_DZ2: return gsl_matrix_submatrix (g->dz2, 0, 0, g->N, g->C);
    case BP_DW2: return gsl_matrix_submatrix (g->dW2, 0, 0, g->H, g->C);
    case BP_DB2: return gsl_matrix_view_array (g->db2->data, 1, g->C);
    case BP_DP1: return gsl_matrix_submatrix (g->dp1, 0, 0, g->N, g->H);
    case BP_DZ1: return gsl_matrix_submatrix (g->dz1, 0, 0, g->N, g->H);
    case BP_DW1: return gsl_matrix_submatrix (g->dW1, 0, 0, g->D, g->H);
    default:     return gsl_matrix_view_array (g->db1->data, 1, g->H);
    }
}

/* forward stages */
static void
from_p1 (const bp_net *n, bp_cache *c)
{
  size_t i, j;
  for (i = 0; i < c->N; i++)
    for (j = 0; j < c->C; j++)
      gsl_matrix_set (c->z2, i, j, gsl_vector_get (n->b2, j));
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, c->p1, n->W2, 1.0, c->z2);
  for (i = 0; i < c->N; i++)
    {
      double m = -INFINITY, s = 0;
      for (j = 0; j < c->C; j++)
        if (gsl_matrix_get (c->z2, i, j) > m) m = gsl_matrix_get (c->z2, i, j);
      for (j = 0; j < c->C; j++)
        s += exp (gsl_matrix_get (c->z2, i, j) - m);
      for (j = 0; j < c->C; j++)
        gsl_matrix_set (c->prob, i, j, exp (gsl_matrix_get (c->z2, i, j) - m) / s);
    }
}
static void
from_z1 (const bp_net *n, bp_cache *c)
{
  size_t i, j;
  for (i = 0; i < c->N; i++)
    for (j = 0; j < c->H; j++)
      gsl_matrix_set (c->p1, i, j, fmax (0.0, gsl_matrix_get (c->z1, i, j)));
  from_p1 (n, c);
}
static void
forward (const bp_net *n, const gsl_matrix *X, bp_cache *c)
{
  size_t i, j;
  for (i = 0; i < c->N; i++)
    for (j = 0; j < c->H; j++)
      gsl_matrix_set (c->z1, i, j, gsl_vector_get (n->b1, j));
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, X, n->W1, 1.0, c->z1);
  from_z1 (n, c);
}
static double
data_loss_z2 (const gsl_matrix *z2, const size_t *y)
{
  size_t i, j;
  double L = 0;
  for (i = 0; i < z2->size1; i++)
    {
      double m = -INFINITY, s = 0;
      for (j = 0; j < z2->size2; j++)
        if (gsl_matrix_get (z2, i, j) > m) m = gsl_matrix_get (z2, i, j);
      for (j = 0; j < z2->size2; j++)
        s += exp (gsl_matrix_get (z2, i, j) - m);
      L += m + log (s) - gsl_matrix_get (z2, i, y[i]);
    }
  return L / z2->size1;
}
static double
reg_loss (const bp_net *n, double reg)
{
  double a, b;
  gsl_vector_const_view v1 = gsl_vector_const_view_array (n->W1->data, n->D * n->H);
  gsl_vector_const_view v2 = gsl_vector_const_view_array (n->W2->data, n->H * n->C);
  gsl_blas_ddot (&v1.vector, &v1.vector, &a);
  gsl_blas_ddot (&v2.vector, &v2.vector, &b);
  return reg * (a + b);
}

/* numerical gradient of the total loss wrt: z2, p1, z1 (perturb the cache
 * and rerun the rest), or theta */
static void
numeric (bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
         bp_cache *c, bp_grads *ng)
{
  const double h = 1e-5;
  size_t k;
  gsl_matrix *m;
  double *p, o, fp, fm;
  /* z2 */
  m = c->z2;
  for (k = 0; k < m->size1 * m->size2; k++)
    {
      p = m->data + k; o = *p;
      *p = o + h; fp = data_loss_z2 (m, y);
      *p = o - h; fm = data_loss_z2 (m, y);
      *p = o; ng->dz2->data[k] = (fp - fm) / (2 * h);
    }
  /* p1 */
  for (k = 0; k < c->N * c->H; k++)
    {
      p = c->p1->data + k; o = *p;
      *p = o + h; from_p1 (n, c); fp = data_loss_z2 (c->z2, y);
      *p = o - h; from_p1 (n, c); fm = data_loss_z2 (c->z2, y);
      *p = o; ng->dp1->data[k] = (fp - fm) / (2 * h);
    }
  from_p1 (n, c);
  /* z1 */
  for (k = 0; k < c->N * c->H; k++)
    {
      p = c->z1->data + k; o = *p;
      *p = o + h; from_z1 (n, c); fp = data_loss_z2 (c->z2, y);
      *p = o - h; from_z1 (n, c); fm = data_loss_z2 (c->z2, y);
      *p = o; ng->dz1->data[k] = (fp - fm) / (2 * h);
    }
  from_z1 (n, c);
  /* theta */
  for (k = 0; k < n->theta->size; k++)
    {
      p = n->theta->data + k; o = *p;
      *p = o + h; forward (n, X, c); fp = data_loss_z2 (c->z2, y) + reg_loss (n, reg);
      *p = o - h; forward (n, X, c); fm = data_loss_z2 (c->z2, y) + reg_loss (n, reg);
      *p = o; ng->dtheta->data[k] = (fp - fm) / (2 * h);
    }
  forward (n, X, c);
}

static void
colsum (const gsl_matrix *A, gsl_vector *s)
{
  size_t i, j;
  gsl_vector_set_zero (s);
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      *gsl_vector_ptr (s, j) += gsl_matrix_get (A, i, j);
}

/* local rule of each gradient given the student's upstream (in s) */
static void
local (const bp_net *n, const gsl_matrix *X, double reg, const bp_cache *c,
       bp_grads *s, bp_grads *L, const bp_grads *num)
{
  size_t i, j;
  gsl_matrix_memcpy (L->dz2, num->dz2);
  gsl_matrix_memcpy (L->dW2, n->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, c->p1, s->dz2, 2 * reg, L->dW2);
  colsum (s->dz2, L->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, s->dz2, n->W2, 0.0, L->dp1);
  for (i = 0; i < c->N; i++)
    for (j = 0; j < c->H; j++)
      gsl_matrix_set (L->dz1, i, j, gsl_matrix_get (c->z1, i, j) > 0
                      ? gsl_matrix_get (s->dp1, i, j) : 0.0);
  gsl_matrix_memcpy (L->dW1, n->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, s->dz1, 2 * reg, L->dW1);
  colsum (s->dz1, L->db1);
}

static double
relerr (bp_grads *a, bp_grads *b, int id)
{
  gsl_matrix_view A = gmat (a, id), B = gmat (b, id);
  size_t i, j;
  double d = 0, ma = 0, mb = 0;
  for (i = 0; i < A.matrix.size1; i++)
    for (j = 0; j < A.matrix.size2; j++)
      {
        double x = gsl_matrix_get (&A.matrix, i, j), z = gsl_matrix_get (&B.matrix, i, j);
        if (!isfinite (x)) return INFINITY;
        d = fmax (d, fabs (x - z)); ma = fmax (ma, fabs (x)); mb = fmax (mb, fabs (z));
      }
  return d / fmax (1e-8, ma + mb);
}

static void
fill_garbage (bp_grads *g, gsl_rng *r)
{
  size_t k;
  for (k = 0; k < g->dz2->size1 * g->dz2->size2; k++) g->dz2->data[k] = 3.0 + gsl_rng_uniform (r);
  for (k = 0; k < g->dp1->size1 * g->dp1->size2; k++) g->dp1->data[k] = -2.0 - gsl_rng_uniform (r);
  for (k = 0; k < g->dz1->size1 * g->dz1->size2; k++) g->dz1->data[k] = 5.0 * gsl_rng_uniform (r);
  for (k = 0; k < g->dtheta->size; k++) g->dtheta->data[k] = 7.0 - gsl_rng_uniform (r);
  g->present = 0;
}

int
main (int argc, char **argv)
{
  static const struct { size_t D, H, C, N; unsigned long seed; double reg; } cf[] = {
    { 5, 10, 3, 7, 1, 0.05 }, { 5, 10, 3, 7, 2, 0.1 }, { 4, 6, 5, 9, 3, 0.07 },
    { 3, 8, 4, 6, 4, 0.2 } };
  const size_t ncf = sizeof cf / sizeof cf[0];
  int a, rc = 0;

  printf ("file\tcorrect\troot\tlocal_wrong\tglobal_wrong\n");
  for (a = 1; a < argc; a++)
    {
      void *so = dlopen (argv[a], RTLD_NOW | RTLD_LOCAL);
      bp_backward_fn *fn;
      unsigned lw = 0, gw = 0;
      size_t q;
      int id, call;
      const char *base = strrchr (argv[a], '/') ? strrchr (argv[a], '/') + 1 : argv[a];
      if (!so || !(fn = (bp_backward_fn *) dlsym (so, "backward")))
        { fprintf (stderr, "%s: %s\n", argv[a], dlerror ()); rc = 2; continue; }
      for (q = 0; q < ncf; q++)
        {
          size_t D = cf[q].D, H = cf[q].H, C = cf[q].C, N = cf[q].N, i, k;
          gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
          bp_net *n = net_new (D, H, C);
          bp_cache *c = cache_new (N, H, C);
          bp_grads *s = grads_new (N, D, H, C), *ng = grads_new (N, D, H, C),
            *L = grads_new (N, D, H, C);
          gsl_matrix *X = gsl_matrix_alloc (N, D);
          size_t *y = malloc (N * sizeof *y);
          gsl_rng_set (r, cf[q].seed);
          for (k = 0; k < D * H; k++) n->W1->data[k] = gsl_ran_gaussian (r, 0.6);
          for (k = 0; k < H; k++) n->b1->data[k] = gsl_ran_gaussian (r, 0.3);
          for (k = 0; k < H * C; k++) n->W2->data[k] = gsl_ran_gaussian (r, 0.6);
          for (k = 0; k < C; k++) n->b2->data[k] = gsl_ran_gaussian (r, 0.3);
          for (k = 0; k < N * D; k++) X->data[k] = gsl_ran_gaussian (r, 1.0);
          for (i = 0; i < N; i++) y[i] = gsl_rng_uniform_int (r, C);
          forward (n, X, c);
          numeric (n, X, y, cf[q].reg, c, ng);
          fill_garbage (s, r);
          for (call = 0; call < 2; call++)
            {
              if (fn (n, X, y, cf[q].reg, c, s) != 0)
                { fprintf (stderr, "%s: returned nonzero\n", base); lw |= 1u << 7; }
              local (n, X, cf[q].reg, c, s, L, ng);
              for (id = 0; id < BP_NGRADS; id++)
                {
                  double el = relerr (s, L, id), eg = relerr (s, ng, id);
                  if (el > 1e-6) lw |= 1u << id;
                  if (eg > 1e-6) gw |= 1u << id;
                  if (getenv ("LABEL_VERBOSE"))
                    fprintf (stderr, "%s cfg%zu call%d %s local %.2e global %.2e\n",
                             base, q, call, names[id], el, eg);
                }
            }
          gsl_rng_free (r);
          gsl_matrix_free (X); free (y);
        }
      {
        const char *root = "-";
        char lbuf[64] = "", gbuf[64] = "";
        for (id = BP_NGRADS - 1; id >= 0; id--)
          if (lw & (1u << id)) root = names[id];
        for (id = 0; id < BP_NGRADS; id++)
          {
            if (lw & (1u << id)) { strcat (lbuf, names[id]); strcat (lbuf, ","); }
            if (gw & (1u << id)) { strcat (gbuf, names[id]); strcat (gbuf, ","); }
          }
        printf ("%s\t%s\t%s\t%s\t%s\n", base, gw || lw ? "no" : "yes", root,
                *lbuf ? lbuf : "-", *gbuf ? gbuf : "-");
      }
    }
  return rc;
}
