/* Backward pass, accumulating the parameter gradients sample by sample. */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double *P = cache->prob->data, *Z1 = cache->z1->data, *A1 = cache->p1->data;
  double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;

  /* regularisation first, then the data part is added per sample */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_vector_set_zero (g->db2);

  for (size_t n = 0; n < N; n++)
    {
      for (size_t c = 0; c < C; c++)
        {
          dz2[n * C + c] = (P[n * C + c] - (c == y[n])) / N;
          g->db2->data[c] += dz2[n * C + c];
          for (size_t h = 0; h < H; h++)
            g->dW2->data[h * C + c] += A1[n * H + h] * dz2[n * C + c];
        }
      for (size_t h = 0; h < H; h++)
        {
          double s = 0;
          for (size_t c = 0; c < C; c++)
            s += dz2[n * C + c] * net->W2->data[h * C + c];
          dp1[n * H + h] = s;
          dz1[n * H + h] = Z1[n * H + h] > 0 ? s : 0;
          g->db1->data[h] += dz1[n * H + h];
          for (size_t d = 0; d < D; d++)
            g->dW1->data[d * H + h] += X->data[n * D + d] * dz1[n * H + h];
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
