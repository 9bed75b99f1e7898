/* backward.c  --  N. Adeyemi
 * Layout follows the forward pass in reverse. Pointer-walking over the
 * row-major storage for the elementwise parts, BLAS for the products.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
add_penalty (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    {
      double *d = dW->data + i * dW->tda;
      const double *w = W->data + i * W->tda;
      for (size_t j = 0; j < W->size2; j++)
        d[j] += 2.0 * reg * w[j];
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax-xent */
  for (size_t i = 0; i < N; i++)
    {
      const double *p = cache->prob->data + i * cache->prob->tda;
      double *d = g->dz2->data + i * g->dz2->tda;
      for (size_t c = 0; c < C; c++)
        d[c] = p[c] / (double) N;
      d[y[i]] -= 1.0 / (double) N;
    }

  /* fc2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  add_penalty (g->dW2, net->W2, reg);
  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu: derivative of max(0, z) */
  for (size_t i = 0; i < N; i++)
    {
      const double *a = cache->p1->data + i * cache->p1->tda;
      const double *dp = g->dp1->data + i * g->dp1->tda;
      double *dz = g->dz1->data + i * g->dz1->tda;
      for (size_t h = 0; h < H; h++)
        dz[h] = dp[h] * a[h];
    }

  /* fc1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_penalty (g->dW1, net->W1, reg);
  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
