/* Odev 2: iki katmanli sinir agi, geri yayilim
 * Cem Erdogan
 *
 * Same formula for both layers, so one helper:
 *   dW = A^T * dZ + reg * W      (L2 regularization)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* A (N, K), dZ (N, M), W (K, M) -> out (K, M) */
static void
katman_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *out, gsl_vector *db)
{
  size_t i, j;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 0.0, out);
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (out, i, j, gsl_matrix_get (out, i, j) + reg * gsl_matrix_get (W, i, j));

  /* bias: column sums */
  for (j = 0; j < dZ->size2; j++)
    {
      double toplam = 0.0;
      for (i = 0; i < dZ->size1; i++)
        toplam += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (db, j, toplam);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t ornek_sayisi = X->size1;
  size_t i, j;

  if (ornek_sayisi != cache->N || X->size2 != net->D || g->N != ornek_sayisi)
    return 1;

  /* softmax + cross-entropy */
  for (i = 0; i < ornek_sayisi; i++)
    for (j = 0; j < net->C; j++)
      {
        double v = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          v -= 1;
        gsl_matrix_set (g->dz2, i, j, v / ornek_sayisi);
      }

  /* layer 2 */
  katman_grad (cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2);

  /* back through W2 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* back through relu */
  for (i = 0; i < ornek_sayisi; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->p1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0);

  /* layer 1 */
  katman_grad (X, g->dz1, net->W1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
