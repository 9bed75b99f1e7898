/* backprop for the 2-layer network
 * I. Petrov, condensed matter
 *
 * notation: d = dL/dz2 (N x C), q = dL/dp1, r = dL/dz1 (N x H)
 * index i = sample, a = hidden, c = class, l = input
 */
#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, L = net->D, A = net->H, K = net->C;
  size_t i, a, c, l;
  double *d, *q, *r, s;

  d = malloc (N*K*sizeof(double)); q = malloc (N*A*sizeof(double)); r = malloc (N*A*sizeof(double));
  if (!d || !q || !r) { free (d); free (q); free (r); return 1; }

  /* d_ic = (P_ic - delta_{c,y_i}) / N */
  for (i = 0; i < N; i++) for (c = 0; c < K; c++) d[i*K+c] = (gsl_matrix_get (cache->prob, i, c) - (c == y[i])) / N;

  /* dW2_ac = sum_i p1_ia d_ic + 2 reg W2_ac */
  for (a = 0; a < A; a++) for (c = 0; c < K; c++) {
    s = 2.0*reg*gsl_matrix_get (net->W2, a, c);
    for (i = 0; i < N; i++) s += gsl_matrix_get (cache->p1, i, a) * d[i*K+c];
    gsl_matrix_set (g->dW2, a, c, s);
  }

  /* db2_c = sum_i d_ic */
  for (c = 0; c < K; c++) {
    s = 0.0;
    for (i = 0; i < K; i++) s += d[c*K+i];
    gsl_vector_set (g->db2, c, s);
  }

  /* q_ia = sum_c d_ic W2_ac ;  r_ia = q_ia theta(z1_ia) */
  for (i = 0; i < N; i++) for (a = 0; a < A; a++) {
    s = 0.0;
    for (c = 0; c < K; c++) s += d[i*K+c] * gsl_matrix_get (net->W2, a, c);
    q[i*A+a] = s;
    r[i*A+a] = gsl_matrix_get (cache->z1, i, a) > 0.0 ? s : 0.0;
  }

  /* dW1_la = sum_i X_il r_ia + 2 reg W1_la */
  for (l = 0; l < L; l++) for (a = 0; a < A; a++) {
    s = 2.0*reg*gsl_matrix_get (net->W1, l, a);
    for (i = 0; i < N; i++) s += gsl_matrix_get (X, i, l) * r[i*A+a];
    gsl_matrix_set (g->dW1, l, a, s);
  }

  /* db1_a = sum_i r_ia */
  for (a = 0; a < A; a++) {
    s = 0.0;
    for (i = 0; i < N; i++) s += r[i*A+a];
    gsl_vector_set (g->db1, a, s);
  }

  for (i = 0; i < N; i++) {
    for (c = 0; c < K; c++) gsl_matrix_set (g->dz2, i, c, d[i*K+c]);
    for (a = 0; a < A; a++) { gsl_matrix_set (g->dp1, i, a, q[i*A+a]); gsl_matrix_set (g->dz1, i, a, r[i*A+a]); }
  }
  g->present = BP_GRADS_ALL;

  free (d); free (q); free (r);
  return 0;
}
