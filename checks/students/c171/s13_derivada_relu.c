/* Tarea 3 - Backpropagation
 * Alumno: Diego Armando Sanchez Cruz
 * Hice funciones chiquitas para la ReLU y su derivada.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* ReLU (no la uso aqui, es del forward) */
static double
relu (double x)
{
  return x > 0 ? x : 0;
}

/* derivada de la ReLU */
static double
relu_deriv (double x)
{
  return relu (x);
}

/* suma de columnas para los bias */
static void
suma_col (const gsl_matrix *A, gsl_vector *b)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (b, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - (y[i] == k ? 1 : 0)) / N);

  /* dW2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* db2 */
  suma_col (g->dz2, g->db2);

  /* dhidden */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* dz1 = dhidden * relu'(z1) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (g->dp1, i, j) * relu_deriv (gsl_matrix_get (cache->z1, i, j)));

  /* dW1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s + 2 * reg * gsl_matrix_get (net->W1, k, j));
      }

  /* db1 */
  suma_col (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
