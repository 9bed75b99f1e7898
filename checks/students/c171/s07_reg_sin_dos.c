/*  backward.c
 *  Tarea de retropropagacion -- Sofia Navarro Pena
 *
 *  El termino de regularizacion lo puse en un macro para usarlo en
 *  las dos capas.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

/* derivada de la regularizacion: d/dW (reg * W^2) */
#define DREG(W, a, b)  (reg * gsl_matrix_get ((W), (a), (b)))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;
  double acc;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* gradiente de los scores */
  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        gsl_matrix_set (g->dz2, n, c, gsl_matrix_get (cache->prob, n, c) / N);
      gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0 / N);
    }

  /* W2 y b2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        acc = 0.0;
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, acc + DREG (net->W2, h, c));
      }
  for (c = 0; c < C; c++)
    {
      acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, acc);
    }

  /* dhidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h,
                      gsl_matrix_get (cache->z1, n, h) > 0.0
                      ? gsl_matrix_get (g->dp1, n, h) : 0.0);

  /* W1 y b1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        acc = 0.0;
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, acc + DREG (net->W1, d, h));
      }
  for (h = 0; h < H; h++)
    {
      acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
