/* ===========================================================
 *  Redes Neuronales - Tarea 3: backward pass
 *  Autor: Ricardo Villanueva M.
 *  Notas: uso macros para no escribir tanto gsl_matrix_get.
 *         La mascara de la ReLU la guardo en una matriz aparte
 *         y multiplico elemento a elemento.
 * =========================================================== */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define GET(A, i, j)     gsl_matrix_get ((A), (i), (j))
#define SET(A, i, j, v)  gsl_matrix_set ((A), (i), (j), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t n, h, c;
  gsl_matrix *mascara;
  gsl_vector *unos;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- capa de salida ---- */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      SET (g->dz2, n, c, (GET (cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0)) / N);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      SET (g->dW2, h, c, GET (g->dW2, h, c) + 2 * reg * GET (net->W2, h, c));

  /* db2 = dscores^T * unos */
  unos = gsl_vector_alloc (N);
  gsl_vector_set_all (unos, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, unos, 0.0, g->db2);

  /* ---- capa oculta ---- */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double t = 0;
        for (c = 0; c < C; c++)
          t += GET (g->dz2, n, c) * GET (net->W2, h, c);
        SET (g->dp1, n, h, t);
      }

  /* mascara[n][h] = 1 si z1 > 0, si no 0 */
  mascara = gsl_matrix_alloc (N, H);
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      SET (mascara, n, h, GET (cache->z1, n, h) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mascara);
  gsl_matrix_free (mascara);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* db1 = dz1^T * unos */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, unos, 0.0, g->db1);
  gsl_vector_free (unos);

  g->present = BP_GRADS_ALL;
  return 0;
}
