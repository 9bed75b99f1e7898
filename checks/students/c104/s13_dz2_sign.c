/* backward.c
 *
 * Backward pass of the 2-layer net for the C track.  Same three functions
 * as the example.  dL/dscores = (y_onehot - softmax) / N  (derived on paper)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
output_backward (const bp_net *net, const size_t *y, double reg,
                 const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N;
  size_t i, k;
  gsl_vector *ones = gsl_vector_alloc (N);

  for (i = 0; i < N; i++)
    for (k = 0; k < net->C; k++)
      {
        double onehot = (k == y[i]) ? 1.0 : 0.0;
        double p = gsl_matrix_get (cache->prob, i, k);
        gsl_matrix_set (g->dz2, i, k, (onehot - p) / N);
      }

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  gsl_vector_free (ones);
}

static void
hidden_backward (const bp_net *net, const bp_cache *cache, bp_grads *g)
{
  size_t i, j;
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < cache->N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);
}

static void
input_backward (const bp_net *net, const gsl_matrix *X, double reg,
                bp_grads *g)
{
  size_t N = X->size1;
  gsl_vector *ones = gsl_vector_alloc (N);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  gsl_vector_free (ones);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  output_backward (net, y, reg, cache, g);
  hidden_backward (net, cache, g);
  input_backward (net, X, reg, g);

  g->present = BP_GRADS_ALL;
  return 0;
}
