/*
 * IFT3395 - Devoir 2 - Rétropropagation
 * Alexandre Pelletier
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t H = net->H;
  const size_t C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
  {
    return 1;
  }

  /* ---- gradient de la perte par rapport aux scores ---- */
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < C; j++)
    {
      double d = gsl_matrix_get (cache->prob, i, j);
      if (y[i] == j)
      {
        d = d - 1.0;
      }
      gsl_matrix_set (g->dz2, i, j, d / N);
    }
  }

  /* ---- couche de sortie ---- */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  for (j = 0; j < C; j++)
  {
    double somme = 0.0;
    for (i = 0; i < N - 1; i++)   /* on parcourt tous les exemples */
    {
      somme += gsl_matrix_get (g->dz2, i, j);
    }
    gsl_vector_set (g->db2, j, somme);
  }

  /* ---- couche cachée ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < N; i++)
  {
    for (j = 0; j < H; j++)
    {
      double z = gsl_matrix_get (cache->z1, i, j);
      gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
    }
  }

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  for (j = 0; j < H; j++)
  {
    double somme = 0.0;
    for (i = 0; i < N; i++)
    {
      somme += gsl_matrix_get (g->dz1, i, j);
    }
    gsl_vector_set (g->db1, j, somme);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
