#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* backward pass of the 2 layer net (hw4)
   loss = mean cross entropy + reg*(|W1|^2+|W2|^2) */
int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  // ---- dz2 = softmax - onehot, averaged over the batch
  {
    double v;
    for (size_t i = 0; i < N; i++)
      for (size_t c = 0; c < C; c++)
      {
        v = gsl_matrix_get (cache->prob, i, c);
        gsl_matrix_set (g->dz2, i, c, c == y[i] ? v - 1.0 : v);
      }
  }

  // ---- dW2 = p1^T dz2 + 2 reg W2
  {
    double v;
    for (size_t r = 0; r < H; r++)
      for (size_t c = 0; c < C; c++)
      {
        v = 0;
        for (size_t i = 0; i < N; i++)
          v += gsl_matrix_get (cache->p1, i, r) * gsl_matrix_get (g->dz2, i, c);
        gsl_matrix_set (g->dW2, r, c, v + 2 * reg * gsl_matrix_get (net->W2, r, c));
      }
  }

  // ---- db2
  {
    double v;
    for (size_t c = 0; c < C; c++)
    {
      v = 0;
      for (size_t i = 0; i < N; i++)
        v += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, v);
    }
  }

  // ---- dp1 = dz2 W2^T
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // ---- dz1 = dp1 * (z1 > 0)
  {
    double v;
    for (size_t i = 0; i < N; i++)
      for (size_t c = 0; c < H; c++)
      {
        v = gsl_matrix_get (cache->z1, i, c) > 0 ? gsl_matrix_get (g->dp1, i, c) : 0.0;
        gsl_matrix_set (g->dz1, i, c, v);
      }
  }

  // ---- dW1 = X^T dz1 + 2 reg W1
  {
    double v;
    for (size_t r = 0; r < D; r++)
      for (size_t c = 0; c < H; c++)
      {
        v = 0;
        for (size_t i = 0; i < N; i++)
          v += gsl_matrix_get (X, i, r) * gsl_matrix_get (g->dz1, i, c);
        gsl_matrix_set (g->dW1, r, c, v + 2 * reg * gsl_matrix_get (net->W1, r, c));
      }
  }

  // ---- db1
  {
    double v;
    for (size_t c = 0; c < H; c++)
    {
      v = 0;
      for (size_t i = 0; i < N; i++)
        v += gsl_matrix_get (g->dz1, i, c);
      gsl_vector_set (g->db1, c, v);
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
