/*
 * Odev 2 - geri yayilim (backpropagation)
 * Mehmet Can Kaya
 *
 * Her ornek icin ayri ayri (sample by sample) hesapliyorum, slayttaki
 * "outer product" formulu ile: dW += x_i^T * delta_i
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* sutun toplami: sonuc[j] = sum_i A[i][j] */
static void
sutun_topla (const gsl_matrix *A, gsl_vector *sonuc)
{
  size_t i;
  gsl_vector_set_zero (sonuc);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view satir = gsl_matrix_const_row (A, i);
      gsl_vector_add (sonuc, &satir.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t ornek_sayisi = X->size1, i, j;
  double olcek = 1.0 / (double) ornek_sayisi;

  /* regularization part first: dW = 2 reg W */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);

  for (i = 0; i < ornek_sayisi; i++)
    {
      gsl_vector_const_view olasilik = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view hata2 = gsl_matrix_row (g->dz2, i);
      gsl_vector_const_view gizli_katman = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_view hata_p1 = gsl_matrix_row (g->dp1, i);
      gsl_vector_view hata1 = gsl_matrix_row (g->dz1, i);
      gsl_vector_const_view girdi = gsl_matrix_const_row (X, i);

      /* delta2 = (p - e_y) / N */
      gsl_vector_memcpy (&hata2.vector, &olasilik.vector);
      gsl_vector_set (&hata2.vector, y[i], gsl_vector_get (&hata2.vector, y[i]) - 1.0);
      gsl_vector_scale (&hata2.vector, olcek);

      /* dW2 += h_i^T delta2 */
      gsl_blas_dger (1.0, &gizli_katman.vector, &hata2.vector, g->dW2);

      /* dh = W2 delta2 */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &hata2.vector, 0.0, &hata_p1.vector);

      /* relu: h > 0 ise gecir (same as z1 > 0) */
      for (j = 0; j < net->H; j++)
        {
          double maske = gsl_vector_get (&gizli_katman.vector, j) > 0.0 ? 1.0 : 0.0;
          gsl_vector_set (&hata1.vector, j, maske * gsl_vector_get (&hata_p1.vector, j));
        }

      /* dW1 += x_i^T delta1 */
      gsl_blas_dger (1.0, &girdi.vector, &hata1.vector, g->dW1);
    }

  sutun_topla (g->dz2, g->db2);
  sutun_topla (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
