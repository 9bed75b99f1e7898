/* Tarea 3 - Redes Neuronales
 * Retropropagacion de la red de dos capas (backward pass)
 * Alumno: Jose Luis Hernandez Rdz.
 *
 * Todo con ciclos for y gsl_matrix_get / gsl_matrix_set, como en clase.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* suma de cada columna de A, resultado en v (v debe tener A->size2) */
static void
suma_columnas (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (v, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dscores = (probs - 1 en la clase correcta) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double p = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          p -= 1.0;
        gsl_matrix_set (g->dz2, i, k, p / N);
      }

  /* 2. dW2 = hidden^T * dscores + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* 3. db2 = suma de dscores por columnas */
  suma_columnas (g->dz2, g->db2);

  /* 4. dhidden = dscores * W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* 5. ReLU: pasa el gradiente solo donde z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* 6. dW1 = X^T * dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }

  /* 7. db1 */
  suma_columnas (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
