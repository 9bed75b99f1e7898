/*
 * backward(): general backprop, layers l = L-1 ... 0
 * switch(l) picks the tensors of each layer.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define NLAYER 2

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, n, c;
  int l;

  /* top layer delta */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  for (l = NLAYER - 1; l >= 0; l--)
    {
      const gsl_matrix *W, *Ain;
      gsl_matrix *dZ, *dW;
      gsl_vector *db;

      switch (l)
        {
        case 1:
          W = net->W2; Ain = cache->p1; dZ = g->dz2; dW = g->dW2; db = g->db2;
          break;
        case 0:
          W = net->W1; Ain = X; dZ = g->dz1; dW = g->dW1; db = g->db1;
          break;
        default:
          return 1;
        }

      /* dW = Ain^T dZ  (+ regularization) */
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, Ain, dZ, 0.0, dW);
      if (l == NLAYER - 1)
        for (n = 0; n < dW->size1; n++)
          for (c = 0; c < dW->size2; c++)
            *gsl_matrix_ptr (dW, n, c) += 2.0 * reg * gsl_matrix_get (W, n, c);

      /* db = column sums of dZ */
      gsl_vector_set_zero (db);
      for (n = 0; n < N; n++)
        for (c = 0; c < db->size; c++)
          *gsl_vector_ptr (db, c) += gsl_matrix_get (dZ, n, c);

      if (l > 0)
        {
          /* back to the previous layer: dA = dZ W^T, then relu */
          gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, g->dp1);
          for (n = 0; n < N; n++)
            for (c = 0; c < g->dz1->size2; c++)
              gsl_matrix_set (g->dz1, n, c, gsl_matrix_get (cache->z1, n, c) > 0.0
                              ? gsl_matrix_get (g->dp1, n, c) : 0.0);
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
