/**
 * Odev 2 -- Geri yayilim
 * Ali Riza Koc
 *
 * Yardimci fonksiyonlar ile (helper functions), hocanin onerdigi gibi.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* agirlik_grad = A^T * hata + 2 * reg * W */
static void agirlik_grad (const gsl_matrix *A, const gsl_matrix *hata,
                          const gsl_matrix *W, double reg, gsl_matrix *sonuc)
{
  gsl_matrix_memcpy (sonuc, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, hata, 2.0 * reg, sonuc);
}

/* bias gradient = average of the error over the batch */
static void bias_grad (const gsl_matrix *hata, gsl_vector *sonuc)
{
  size_t i, j;
  size_t ornek_sayisi = hata->size1;
  for (j = 0; j < hata->size2; j++) {
    double toplam = 0.0;
    for (i = 0; i < ornek_sayisi; i++)
      toplam += gsl_matrix_get (hata, i, j);
    gsl_vector_set (sonuc, j, toplam / ornek_sayisi);
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (g->dz2, i, j,
                      (gsl_matrix_get (cache->prob, i, j) - (y[i] == j)) / N);

  /* 2-3. output layer parameters */
  agirlik_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  bias_grad (g->dz2, g->db2);

  /* 4. dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, (gsl_matrix_get (cache->z1, i, j) > 0)
                      * gsl_matrix_get (g->dp1, i, j));

  /* 6. dW1 */
  agirlik_grad (X, g->dz1, net->W1, reg, g->dW1);

  /* 7. db1: same thing as db2 but on dz1, sum over the columns */
  for (j = 0; j < net->H; j++) {
    gsl_vector_const_view sutun = gsl_matrix_const_column (g->dz1, j);
    double toplam = 0.0;
    for (i = 0; i < N; i++)
      toplam += gsl_vector_get (&sutun.vector, i);
    gsl_vector_set (g->db1, j, toplam);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
