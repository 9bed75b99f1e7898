/* Odev 2 - backpropagation
 * Fatma Celik 
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t ornek_sayisi = X->size1;
  size_t gizli = net->H;
  size_t i, j;

  if (ornek_sayisi != cache->N || X->size2 != net->D)
    return 1;

  /* ---- output layer ---- */
  /* dz2 = (softmax(z2) - 1{y}) / N */
  for (i = 0; i < ornek_sayisi; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view hata = gsl_matrix_row (g->dz2, i);
      gsl_vector_memcpy (&hata.vector, &p.vector);
      gsl_vector_set (&hata.vector, y[i], gsl_vector_get (&p.vector, y[i]) - 1.0);
      gsl_vector_scale (&hata.vector, 1.0 / ornek_sayisi);
    }

  /* dW2 = p1^T dz2 + 2*reg*W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2: add up the rows of dz2 */
  for (i = 0; i < ornek_sayisi; i++)
    {
      gsl_vector_const_view satir = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &satir.vector);
    }

  /* ---- hidden layer ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu derivative is 1 for z1 > 0, else 0 */
  for (i = 0; i < ornek_sayisi; i++)
    for (j = 0; j < gizli; j++)
      {
        double maske = gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, maske * gsl_matrix_get (g->dp1, i, j));
      }

  /* dW1 = X^T dz1 + 2*reg*W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < ornek_sayisi; i++)
    {
      gsl_vector_const_view satir = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &satir.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
