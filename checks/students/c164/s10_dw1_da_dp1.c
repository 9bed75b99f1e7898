/* Rete neurale a due strati -- passo all'indietro
 * Lombardi Sara
 *
 * Nomi: grad_uscita = dz2, grad_nascosto = dp1, grad_pre = dz1
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N;
  size_t i, j;
  gsl_matrix *grad_uscita = g->dz2;
  gsl_matrix *grad_nascosto = g->dp1;
  gsl_matrix *grad_pre = g->dz1;

  if (X->size1 != N || X->size2 != net->D || g->N != N)
    return 1;

  /* grad_uscita = (softmax - y) / N */
  gsl_matrix_memcpy (grad_uscita, cache->prob);
  for (i = 0; i < N; i++)
    {
      double p = gsl_matrix_get (grad_uscita, i, y[i]);
      gsl_matrix_set (grad_uscita, i, y[i], p - 1.0);
    }
  gsl_matrix_scale (grad_uscita, 1.0 / (double) N);

  /* W2 e b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, grad_uscita,
                  2 * reg, g->dW2);
  for (j = 0; j < net->C; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (grad_uscita, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* grad_nascosto = grad_uscita * W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_uscita, net->W2,
                  0.0, grad_nascosto);

  /* grad_pre: passa solo dove z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double v = gsl_matrix_get (grad_nascosto, i, j);
        gsl_matrix_set (grad_pre, i, j,
                        gsl_matrix_get (cache->z1, i, j) > 0 ? v : 0.0);
      }

  /* W1: X^T * gradiente dello strato nascosto + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, grad_nascosto,
                  2 * reg, g->dW1);

  /* b1 */
  for (j = 0; j < net->H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (grad_pre, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
