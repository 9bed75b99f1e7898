/* Practica 3 -- Retropropagacion (Aprendizaje Automatico, curso 2023/24)
 * Autora: Lucia Fernandez Gil
 *
 * Perdida: L = (1/N) sum -log p_{y_i} + reg * (||W1||^2 + ||W2||^2)
 * Uso dgemm para los productos y bucles para lo demas.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, K = net->C, H = net->H, D = net->D;
  size_t i, j;
  /* derivada de reg * ||W||^2  ->  factor_reg * W  (el mismo para W1 y W2) */
  const double factor_reg = reg;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* gradiente de los scores */
  for (i = 0; i < N; i++)
    for (j = 0; j < K; j++)
      {
        double p = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          p -= 1.0;
        gsl_matrix_set (g->dz2, i, j, p / N);
      }

  /* capa de salida */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < H; i++)
    for (j = 0; j < K; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j)
                      + factor_reg * gsl_matrix_get (net->W2, i, j));
  /* TODO: probar con reg = 0 que sale lo mismo que sin regularizar */

  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < K; j++)
      gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j) + gsl_matrix_get (g->dz2, i, j));

  /* hacia la capa oculta */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* capa oculta */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + factor_reg * gsl_matrix_get (net->W1, i, j));

  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + gsl_matrix_get (g->dz1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
