/* backward.c
 * Burak Ozturk - YSA odev 2
 *
 * Softmax + cross entropy gradient (slide 23):
 *   dL/dz = p - y_onehot
 * then the usual chain rule for the two affine layers and the ReLU.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1;
  size_t d, h, c, i;
  double toplam;

  if (n != cache->N || X->size2 != net->D || g->N != n)
    return 1;

  /* 1. output layer error: dz2 = p - y */
  for (i = 0; i < n; i++)
    {
      for (c = 0; c < net->C; c++)
        {
          double p = gsl_matrix_get (cache->prob, i, c);
          double hedef = (c == y[i]) ? 1.0 : 0.0;
          gsl_matrix_set (g->dz2, i, c, p - hedef);
        }
    }

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  for (h = 0; h < net->H; h++)
    {
      for (c = 0; c < net->C; c++)
        {
          toplam = 0.0;
          for (i = 0; i < n; i++)
            toplam += gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (g->dz2, i, c);
          gsl_matrix_set (g->dW2, h, c, toplam + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
        }
    }

  /* 3. db2 */
  for (c = 0; c < net->C; c++)
    {
      toplam = 0.0;
      for (i = 0; i < n; i++)
        toplam += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, toplam);
    }

  /* 4. dp1 = dz2 W2^T */
  for (i = 0; i < n; i++)
    {
      for (h = 0; h < net->H; h++)
        {
          toplam = 0.0;
          for (c = 0; c < net->C; c++)
            toplam += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, i, h, toplam);
        }
    }

  /* 5. relu */
  for (i = 0; i < n; i++)
    {
      for (h = 0; h < net->H; h++)
        {
          double z = gsl_matrix_get (cache->z1, i, h);
          gsl_matrix_set (g->dz1, i, h, z > 0.0 ? gsl_matrix_get (g->dp1, i, h) : 0.0);
        }
    }

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  for (d = 0; d < net->D; d++)
    {
      for (h = 0; h < net->H; h++)
        {
          toplam = 0.0;
          for (i = 0; i < n; i++)
            toplam += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
          gsl_matrix_set (g->dW1, d, h, toplam + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
        }
    }

  /* 7. db1 */
  for (h = 0; h < net->H; h++)
    {
      toplam = 0.0;
      for (i = 0; i < n; i++)
        toplam += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, toplam);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
