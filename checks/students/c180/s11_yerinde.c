/* Odev 2 - geri yayilim
 * Ayse Kurt
 *
 * Not: ReLU backward is done in place to save memory (slide 31).
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t ornek_sayisi = X->size1, gizli = net->H, sinif = net->C;
  size_t i, j;
  double *satir;

  if (ornek_sayisi != cache->N || X->size2 != net->D || g->N != ornek_sayisi)
    return 1;

  /* dz2 = (P - Y) / N */
  for (i = 0; i < ornek_sayisi; i++)
    for (j = 0; j < sinif; j++)
      {
        double p = gsl_matrix_get (cache->prob, i, j);
        gsl_matrix_set (g->dz2, i, j, (j == y[i] ? p - 1.0 : p) / ornek_sayisi);
      }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg,
                  g->dW2);

  /* db2 = column sums of dz2 */
  for (j = 0; j < sinif; j++)
    {
      double toplam = 0.0;
      for (i = 0; i < ornek_sayisi; i++)
        toplam += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, toplam);
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu backward, in place: zero the gradient where z1 <= 0, then dz1 = dp1 */
  for (i = 0; i < ornek_sayisi; i++)
    {
      satir = gsl_matrix_ptr (g->dp1, i, 0);
      for (j = 0; j < gizli; j++)
        if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
          satir[j] = 0.0;
    }
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < gizli; j++)
    {
      double toplam = 0.0;
      for (i = 0; i < ornek_sayisi; i++)
        toplam += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, toplam);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
