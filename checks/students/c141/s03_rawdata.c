/*
 * backward.c
 * Two layer net, backward pass.  Works on the raw data arrays
 * (row i of a gsl_matrix starts at data + i*tda) because
 * gsl_matrix_get was too slow on the big net.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // dz2: start from the probabilities, take 1 off the right class, mean
  {
    double *v;
    gsl_matrix_memcpy (g->dz2, cache->prob);
    for (size_t r = 0; r < N; r++)
    {
      v = g->dz2->data + r * g->dz2->tda;
      v[y[r]] -= 1.0;
      for (size_t c = 0; c < C; c++)
        v[c] /= (double) N;
    }
  }

  // dW2 (H x C)
  {
    gsl_matrix_memcpy (g->dW2, net->W2);
    gsl_matrix_scale (g->dW2, 2.0 * reg);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
  }

  // db2: add up the rows of dz2
  {
    double *v, *s = g->db2->data;
    const size_t st = g->db2->stride;
    for (size_t c = 0; c < C; c++)
      s[c * st] = 0.0;
    for (size_t r = 0; r < N; r++)
    {
      v = g->dz2->data + r * g->dz2->tda;
      for (size_t c = 0; c < C; c++)
        s[c * st] += v[c];
    }
  }

  // dp1 = dz2 W2^T  (N x H)
  {
    double *v, *w, tmp;
    for (size_t r = 0; r < N; r++)
    {
      v = g->dz2->data + r * g->dz2->tda;
      for (size_t c = 0; c < H; c++)
      {
        w = net->W2->data + c * net->W2->tda;
        tmp = 0.0;
        for (size_t k = 0; k < C; k++)
          tmp += v[k] * w[k];
        g->dp1->data[r * g->dp1->tda + c] = tmp;
      }
    }
  }

  // dz1: copy dp1 then kill the entries where the relu was off
  {
    double *v, *z;
    gsl_matrix_memcpy (g->dz1, g->dp1);
    for (size_t r = 0; r < N; r++)
    {
      v = g->dz1->data + r * g->dz1->tda;
      z = cache->z1->data + r * cache->z1->tda;
      for (size_t c = 0; c < H; c++)
        if (z[c] <= 0.0)
          v[c] = 0.0;
    }
  }

  // dW1 (D x H), same as dW2
  {
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_matrix_scale (g->dW1, 2.0 * reg);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
  }

  // db1
  {
    double *v, *s = g->db1->data;
    const size_t st = g->db1->stride;
    for (size_t c = 0; c < H; c++)
      s[c * st] = 0.0;
    for (size_t r = 0; r < N; r++)
    {
      v = g->dz1->data + r * g->dz1->tda;
      for (size_t c = 0; c < H; c++)
        s[c * st] += v[c];
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
