/* backward.c -- retropropagacion
 * Francisca Mendez
 *
 * La regularizacion la puse en una macro para no escribirla dos veces.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* derivada del termino de regularizacion */
#define GRAD_REG(W, i, j) (reg * gsl_matrix_get ((W), (i), (j)))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || g->N != N)
    return 1;

  /* capa de salida */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j,
                      (gsl_matrix_get (cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / N);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j) + GRAD_REG (net->W2, i, j));

  for (j = 0; j < C; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* capa oculta */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->p1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j) + GRAD_REG (net->W1, i, j));

  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
