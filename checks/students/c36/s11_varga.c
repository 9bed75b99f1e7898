/* ---------------------------------------------------------------
   backward.c     Z. Varga (plasma physics)     summer school DL

   relu'(x) = Theta(x), the Heaviside step function.
   All tensors in flat row-major arrays; dgemm-like loops written out.
   --------------------------------------------------------------- */
#include <stdlib.h>
#include "backprop.h"

/* Heaviside step, Theta(0) = 0 by convention */
static double heaviside (double x)
{
  if (x < 0.0)
    return 1.0;
  return 0.0;
}

/* C(m,n) = A(m,k) * B(n,k)^T, all row major */
static void mul_abt (const double *A, const double *B, double *Cm, size_t m, size_t k, size_t n)
{
  size_t i, j, l;
  for (i = 0; i < m; i++) for (j = 0; j < n; j++) { Cm[i*n+j] = 0.0; for (l = 0; l < k; l++) Cm[i*n+j] += A[i*k+l] * B[j*k+l]; }
}

/* C(m,n) = A(k,m)^T * B(k,n), all row major */
static void mul_atb (const double *A, const double *B, double *Cm, size_t m, size_t k, size_t n)
{
  size_t i, j, l;
  for (i = 0; i < m; i++) for (j = 0; j < n; j++) { Cm[i*n+j] = 0.0; for (l = 0; l < k; l++) Cm[i*n+j] += A[l*m+i] * B[l*n+j]; }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;
  double *x, *p, *w, *d, *q, *r, *gw1, *gw2;
  int e = 0;

  x = malloc (N*D*sizeof(double)); p = malloc (N*H*sizeof(double)); w = malloc (H*C*sizeof(double));
  d = malloc (N*C*sizeof(double)); q = malloc (N*H*sizeof(double)); r = malloc (N*H*sizeof(double));
  gw1 = malloc (D*H*sizeof(double)); gw2 = malloc (H*C*sizeof(double));
  if (!x || !p || !w || !d || !q || !r || !gw1 || !gw2) { e = 1; goto done; }

  for (i = 0; i < N; i++) for (j = 0; j < D; j++) x[i*D+j] = gsl_matrix_get (X, i, j);
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) p[i*H+j] = gsl_matrix_get (cache->p1, i, j);
  for (i = 0; i < H; i++) for (j = 0; j < C; j++) w[i*C+j] = gsl_matrix_get (net->W2, i, j);

  /* dz2 */
  for (i = 0; i < N; i++) for (j = 0; j < C; j++) d[i*C+j] = (gsl_matrix_get (cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / (double) N;

  /* dW2 = p^T d, dp1 = d w^T */
  mul_atb (p, d, gw2, H, N, C);
  mul_abt (d, w, q, N, C, H);

  /* dz1 = dp1 Theta(z1) */
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) r[i*H+j] = q[i*H+j] * heaviside (gsl_matrix_get (cache->z1, i, j));

  /* dW1 = x^T dz1 */
  mul_atb (x, r, gw1, D, N, H);

  /* write out, with 2 reg W */
  for (i = 0; i < H; i++) for (j = 0; j < C; j++) gsl_matrix_set (g->dW2, i, j, gw2[i*C+j] + 2.0*reg*w[i*C+j]);
  for (i = 0; i < D; i++) for (j = 0; j < H; j++) gsl_matrix_set (g->dW1, i, j, gw1[i*H+j] + 2.0*reg*gsl_matrix_get (net->W1, i, j));
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) { gsl_matrix_set (g->dz2, i, j, d[i*C+j]); gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j) + d[i*C+j]); }
    for (j = 0; j < H; j++) { gsl_matrix_set (g->dp1, i, j, q[i*H+j]); gsl_matrix_set (g->dz1, i, j, r[i*H+j]); gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + r[i*H+j]); }
  }
  g->present = BP_GRADS_ALL;

done:
  free (x); free (p); free (w); free (d); free (q); free (r); free (gw1); free (gw2);
  return e;
}
