/* backward.c -- backprop, written as a loop over layers.
 *
 * LAYER TABLE (l = 0 is the hidden layer, l = 1 the output layer):
 *   IN[l]  the input the layer multiplies by W[l]
 *   PRE[l] its pre-activation
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define NL 2
#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *IN[NL] = { X, cache->z1 };
  const gsl_matrix *PRE[NL] = { cache->z1, cache->z2 };
  const gsl_matrix *W[NL] = { net->W1, net->W2 };
  gsl_matrix *DW[NL] = { g->dW1, g->dW2 };
  gsl_vector *DB[NL] = { g->db1, g->db2 };
  gsl_matrix *DZ[NL] = { g->dz1, g->dz2 };
  size_t N = X->size1, i, j;
  int l;

  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      SET (DZ[NL - 1], i, j, (GET (cache->prob, i, j) - (y[i] == j ? 1 : 0)) / N);

  for (l = NL - 1; l >= 0; l--)
    {
      /* weights: IN^T DZ + 2 reg W */
      gsl_matrix_memcpy (DW[l], W[l]);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, IN[l], DZ[l], 2.0 * reg, DW[l]);

      /* bias */
      for (j = 0; j < DB[l]->size; j++)
        {
          double s = 0;
          for (i = 0; i < N; i++)
            s += GET (DZ[l], i, j);
          gsl_vector_set (DB[l], j, s);
        }

      if (l == 0)
        continue;

      /* gradient for the layer below: DZ W^T, through relu'(PRE) */
      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, DZ[l], W[l], 0.0, DZ[l - 1]);
      if (l == 1)
        gsl_matrix_memcpy (g->dp1, DZ[l - 1]);
      for (i = 0; i < N; i++)
        for (j = 0; j < DZ[l - 1]->size2; j++)
          if (GET (PRE[l - 1], i, j) <= 0)
            SET (DZ[l - 1], i, j, 0.0);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
