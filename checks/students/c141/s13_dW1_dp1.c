/* hw3 backward pass */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* ---- dz2 ---- */
  {
    double acc;
    for (size_t i = 0; i < N; i++)
    {
      for (size_t c = 0; c < C; c++)
      {
        acc = gsl_matrix_get (cache->prob, i, c);
        if (c == y[i])
          acc -= 1.0;
        gsl_matrix_set (g->dz2, i, c, acc / (double) N);
      }
    }
  }

  /* ---- dW2 ---- */
  {
    double acc;
    for (size_t r = 0; r < H; r++)
    {
      for (size_t c = 0; c < C; c++)
      {
        acc = 0.0;
        for (size_t i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, r) * gsl_matrix_get (g->dz2, i, c);
        gsl_matrix_set (g->dW2, r, c, acc + 2.0 * reg * gsl_matrix_get (net->W2, r, c));
      }
    }
  }

  /* ---- db2 ---- */
  {
    double acc;
    for (size_t c = 0; c < C; c++)
    {
      acc = 0.0;
      for (size_t i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, acc);
    }
  }

  /* ---- dp1 ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* ---- dz1 ---- */
  {
    for (size_t i = 0; i < N; i++)
    {
      for (size_t c = 0; c < H; c++)
      {
        if (gsl_matrix_get (cache->z1, i, c) > 0.0)
          gsl_matrix_set (g->dz1, i, c, gsl_matrix_get (g->dp1, i, c));
        else
          gsl_matrix_set (g->dz1, i, c, 0.0);
      }
    }
  }

  /* ---- dW1 ---- (same as dW2 with X in place of p1) */
  {
    double acc;
    for (size_t r = 0; r < D; r++)
    {
      for (size_t c = 0; c < H; c++)
      {
        acc = 0.0;
        for (size_t i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, r) * gsl_matrix_get (g->dp1, i, c);
        gsl_matrix_set (g->dW1, r, c, acc + 2.0 * reg * gsl_matrix_get (net->W1, r, c));
      }
    }
  }

  /* ---- db1 ---- */
  {
    double acc;
    for (size_t c = 0; c < H; c++)
    {
      acc = 0.0;
      for (size_t i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, c);
      gsl_vector_set (g->db1, c, acc);
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
