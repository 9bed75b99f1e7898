/* backward.c -- backprop for the two-layer net.
 *
 * Written for L layers (arrays indexed by layer) so that the same loop
 * works for the deeper net of assignment 3.  Layer l computes
 *   Z[l] = A[l] W[l] + b[l]        A[l+1] = relu(Z[l])   (no relu on the last)
 * and the loss is softmax cross-entropy on Z[L-1].
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define L 2   /* number of layers */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  int l;

  const gsl_matrix *W[L] = { net->W1, net->W2 };
  const gsl_matrix *A[L] = { X, cache->p1 };          /* input of layer l */
  const gsl_matrix *Z[L] = { cache->z1, cache->z2 };
  gsl_matrix *dW[L] = { g->dW1, g->dW2 };
  gsl_vector *db[L] = { g->db1, g->db2 };
  gsl_matrix *dZ[L] = { g->dz1, g->dz2 };

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dZ of the last layer: (softmax - onehot) / N */
  gsl_matrix_memcpy (dZ[L - 1], cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dZ[L - 1], i, y[i], gsl_matrix_get (dZ[L - 1], i, y[i]) - 1.0);
  gsl_matrix_scale (dZ[L - 1], 1.0 / (double) N);

  for (l = L - 1; l >= 0; l--)
    {
      /* dW = A^T dZ + 2 reg W */
      gsl_matrix_memcpy (dW[l], W[l]);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A[l], dZ[l], 2.0 * reg, dW[l]);

      /* db = sum of dZ over the samples */
      gsl_vector_set_zero (db[l]);
      for (i = 0; i < N; i++)
        {
          gsl_vector_const_view row = gsl_matrix_const_row (dZ[l], i);
          gsl_vector_add (db[l], &row.vector);
        }

      if (l == 0)
        break;                  /* nothing below the first layer */

      /* dA for the layer below, straight into dZ[l-1] */
      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ[l], W[l], 0.0, dZ[l - 1]);
      if (l == 1)
        gsl_matrix_memcpy (g->dp1, dZ[l - 1]);

      /* relu: the layer below is hidden */
      for (i = 0; i < N; i++)
        for (j = 0; j < dZ[l - 1]->size2; j++)
          if (gsl_matrix_get (Z[l - 1], i, j) <= 0.0)
            gsl_matrix_set (dZ[l - 1], i, j, 0.0);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
