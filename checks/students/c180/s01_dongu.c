/* backward.c -- YZM 3102 Odev 2, iki katmanli ag, geri yayilim
 * Ogrenci: Ahmet Yilmaz
 *
 * Backward pass of the two layer net with plain loops (get/set).
 * loss = (1/N) sum_i -log prob[i][y_i] + reg (|W1|^2 + |W2|^2)
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t ornek_sayisi = X->size1;   /* N */
  size_t girdi = net->D;            /* D */
  size_t gizli = net->H;            /* H */
  size_t sinif = net->C;            /* C */
  size_t i, j, k;
  double toplam;

  if (ornek_sayisi != cache->N || X->size2 != net->D || g->N != ornek_sayisi)
    return 1;

  /* 1. dz2 = (softmax - onehot) / N */
  for (i = 0; i < ornek_sayisi; i++) {
    for (j = 0; j < sinif; j++) {
      double hata = gsl_matrix_get (cache->prob, i, j);
      if (j == y[i])
        hata -= 1.0;
      gsl_matrix_set (g->dz2, i, j, hata / ornek_sayisi);
    }
  }

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < gizli; j++) {
    for (k = 0; k < sinif; k++) {
      toplam = 0.0;
      for (i = 0; i < ornek_sayisi; i++)
        toplam += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
      toplam += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dW2, j, k, toplam);
    }
  }

  /* 3. db2 = sum over samples of dz2 */
  for (k = 0; k < sinif; k++) {
    toplam = 0.0;
    for (i = 0; i < ornek_sayisi; i++)
      toplam += gsl_matrix_get (g->dz2, i, k);
    gsl_vector_set (g->db2, k, toplam);
  }

  /* 4. dp1 = dz2 W2^T */
  for (i = 0; i < ornek_sayisi; i++) {
    for (j = 0; j < gizli; j++) {
      toplam = 0.0;
      for (k = 0; k < sinif; k++)
        toplam += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, toplam);
    }
  }

  /* 5. dz1 = dp1 * relu'(z1) */
  for (i = 0; i < ornek_sayisi; i++) {
    for (j = 0; j < gizli; j++) {
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);
    }
  }

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  for (i = 0; i < girdi; i++) {
    for (j = 0; j < gizli; j++) {
      toplam = 0.0;
      for (k = 0; k < ornek_sayisi; k++)
        toplam += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
      gsl_matrix_set (g->dW1, i, j, toplam + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
    }
  }

  /* 7. db1 */
  for (j = 0; j < gizli; j++) {
    toplam = 0.0;
    for (i = 0; i < ornek_sayisi; i++)
      toplam += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, toplam);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
