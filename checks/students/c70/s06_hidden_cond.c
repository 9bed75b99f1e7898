// backward.c  --  generic backprop through a stack of affine(+relu) layers
// layer struct keeps pointers into net / cache / grads

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef struct
{
  const gsl_matrix *W, *input, *pre;
  gsl_matrix *dW, *dpre;
  gsl_vector *db;
} Layer;

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  Layer layers[] = {
    { net->W1, X, cache->z1, g->dW1, g->dz1, g->db1 },
    { net->W2, cache->p1, cache->z2, g->dW2, g->dz2, g->db2 },
  };
  const int L = sizeof layers / sizeof layers[0];
  size_t N = X->size1, i, j;
  int l;

  if (N != g->N)
    return 1;

  // gradient of the mean cross-entropy w.r.t. the scores
  gsl_matrix_memcpy (layers[L - 1].dpre, cache->prob);
  for (i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (layers[L - 1].dpre, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (layers[L - 1].dpre, 1.0 / (double) N);

  for (l = L - 1; l >= 0; l--)
    {
      Layer *cur = &layers[l];

      // hidden layers: multiply by relu'(pre)
      if (l > 0)
        for (i = 0; i < N; i++)
          for (j = 0; j < cur->dpre->size2; j++)
            if (gsl_matrix_get (cur->pre, i, j) <= 0.0)
              gsl_matrix_set (cur->dpre, i, j, 0.0);

      // weights, with the L2 term
      gsl_matrix_memcpy (cur->dW, cur->W);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cur->input, cur->dpre,
                      2.0 * reg, cur->dW);

      // bias
      for (j = 0; j < cur->db->size; j++)
        {
          gsl_vector_const_view c = gsl_matrix_const_column (cur->dpre, j);
          double s = 0.0;
          for (i = 0; i < N; i++)
            s += gsl_vector_get (&c.vector, i);
          gsl_vector_set (cur->db, j, s);
        }

      // send the gradient down: d(input) = dpre W^T
      if (l > 0)
        {
          gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, cur->dpre, cur->W,
                          0.0, layers[l - 1].dpre);
          if (l == 1)
            gsl_matrix_memcpy (g->dp1, layers[l - 1].dpre);
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
