/* backward.c -- loop over the layers l = L-1 ... 0, raw pointers for speed.
 * dZ of the output layer is softmax - onehot; then for every layer
 *   dW = A^T dZ + 2 reg W,  db = colsum(dZ),  dZ_below = (dZ W^T) .* [Z_below > 0] */
#include "backprop.h"

#define L 2

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *W[L] = { net->W1, net->W2 };
  const gsl_matrix *A[L] = { X, cache->p1 };
  const gsl_matrix *Z[L] = { cache->z1, cache->z2 };
  gsl_matrix *dW[L] = { g->dW1, g->dW2 };
  gsl_vector *db[L] = { g->db1, g->db2 };
  gsl_matrix *dZ[L] = { g->dz1, g->dz2 };
  size_t N = X->size1, i, j, k;
  int l;

  {
    const gsl_matrix *P = cache->prob;
    gsl_matrix *D = dZ[L - 1];
    for (i = 0; i < N; i++)
      for (k = 0; k < D->size2; k++)
        D->data[i * D->tda + k] = P->data[i * P->tda + k] - (k == y[i]);
  }

  for (l = L - 1; l >= 0; l--)
    {
      gsl_matrix *dz = dZ[l], *dw = dW[l];
      const gsl_matrix *a = A[l], *w = W[l];

      for (j = 0; j < dw->size1; j++)
        for (k = 0; k < dw->size2; k++)
          {
            double s = 2.0 * reg * w->data[j * w->tda + k];
            for (i = 0; i < N; i++)
              s += a->data[i * a->tda + j] * dz->data[i * dz->tda + k];
            dw->data[j * dw->tda + k] = s;
          }

      for (k = 0; k < dz->size2; k++)
        {
          double s = 0.0;
          for (i = 0; i < N; i++)
            s += dz->data[i * dz->tda + k];
          db[l]->data[k * db[l]->stride] = s;
        }

      if (l == 0)
        continue;

      {
        gsl_matrix *below = dZ[l - 1];
        const gsl_matrix *zb = Z[l - 1];
        for (i = 0; i < N; i++)
          for (j = 0; j < below->size2; j++)
            {
              double s = 0.0;
              for (k = 0; k < dz->size2; k++)
                s += dz->data[i * dz->tda + k] * w->data[j * w->tda + k];
              if (l == 1)
                g->dp1->data[i * g->dp1->tda + j] = s;
              below->data[i * below->tda + j] = zb->data[i * zb->tda + j] > 0 ? s : 0.0;
            }
      }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
