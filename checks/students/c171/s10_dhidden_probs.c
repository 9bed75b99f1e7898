/* Tarea 3 (backprop)
 * Luis Angel Morales -- Ing. en Computacion
 * compilar: cc -shared -fPIC $(pkg-config --cflags backprop) -o backward.so backward.c
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
col_sum (const gsl_matrix *m, gsl_vector *v)
{
  size_t r, c;
  for (c = 0; c < m->size2; c++)
    {
      double s = 0.0;
      for (r = 0; r < m->size1; r++)
        s = s + gsl_matrix_get (m, r, c);
      gsl_vector_set (v, c, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *dscores = g->dz2, *dhidden = g->dp1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = softmax - one hot, promedio sobre N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double onehot = (y[i] == k) ? 1.0 : 0.0;
        gsl_matrix_set (dscores, i, k,
                        (gsl_matrix_get (cache->prob, i, k) - onehot) / (double) N);
      }

  /* dW2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (dscores, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  col_sum (dscores, g->db2);

  /* dhidden = dscores * W2^T   (N x C) (C x H) = (N x H) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, cache->prob, net->W2, 0.0, dhidden);

  /* dz1: solo donde la neurona estaba activa */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (dhidden, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }

  col_sum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
