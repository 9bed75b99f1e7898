/* backward.c  --  Odev 2
 * Deniz Ozkan
 *
 * Everything with loops, no BLAS (we did not cover it in the lab yet).
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t ornek_sayisi = X->size1;
  size_t i, d, h, c;
  double toplam;

  if (ornek_sayisi != cache->N || X->size2 != net->D || g->N != ornek_sayisi)
    return 1;

  /* dL/dz2 */
  for (i = 0; i < ornek_sayisi; i++)
    for (c = 0; c < net->C; c++)
      {
        double hata = gsl_matrix_get (cache->prob, i, c);
        if (c == y[i])
          hata = hata - 1.0;
        gsl_matrix_set (g->dz2, i, c, hata / ornek_sayisi);
      }

  /* dL/dW2 */
  for (h = 0; h < net->H; h++)
    for (c = 0; c < net->C; c++)
      {
        toplam = 0.0;
        for (i = 0; i < ornek_sayisi; i++)
          toplam += gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (g->dz2, i, c);
        gsl_matrix_set (g->dW2, h, c, toplam + 2 * reg * gsl_matrix_get (net->W2, h, c));
      }

  /* dL/db2 */
  for (c = 0; c < net->C; c++)
    {
      toplam = 0.0;
      for (i = 0; i < ornek_sayisi; i++)
        toplam += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, toplam);
    }

  /* dL/dp1 and dL/dz1 in the same loop */
  for (i = 0; i < ornek_sayisi; i++)
    for (h = 0; h < net->H; h++)
      {
        toplam = 0.0;
        for (c = 0; c < net->C; c++)
          toplam += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, i, h, toplam);
        if (gsl_matrix_get (cache->z1, i, h) > 0)
          gsl_matrix_set (g->dz1, i, h, toplam);
        else
          gsl_matrix_set (g->dz1, i, h, 0.0);
      }

  /* dL/dW1 */
  toplam = 0.0;
  for (d = 0; d < net->D; d++)
    for (h = 0; h < net->H; h++)
      {
        for (i = 0; i < ornek_sayisi; i++)
          toplam += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
        gsl_matrix_set (g->dW1, d, h, toplam + 2 * reg * gsl_matrix_get (net->W1, d, h));
      }

  /* dL/db1 */
  for (h = 0; h < net->H; h++)
    {
      toplam = 0.0;
      for (i = 0; i < ornek_sayisi; i++)
        toplam += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, toplam);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
