/* backward.c
 * Tarea 3: Redes neuronales (gradientes a mano)
 * Paulina Herrera Cantu
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* v[j] = escala * (suma de la columna j de A) */
static void
suma_columnas (const gsl_matrix *A, gsl_vector *v, double escala)
{
  size_t i;
  gsl_vector_set_zero (v);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (v, &r.vector);
    }
  gsl_vector_scale (v, escala);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = (probs - 1{y}) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double p = gsl_matrix_get (cache->prob, i, k);
        gsl_matrix_set (g->dz2, i, k, (k == y[i] ? p - 1.0 : p) / N);
      }

  /* dW2 = hidden^T dscores + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }

  /* db2 */
  suma_columnas (g->dz2, g->db2, 1.0);

  /* dhidden = dscores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0.0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1: promedio de dz1 sobre los ejemplos */
  suma_columnas (g->dz1, g->db1, 1.0 / N);

  g->present = BP_GRADS_ALL;
  return 0;
}
