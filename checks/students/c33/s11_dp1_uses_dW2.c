/* Retropropagation -- TP noté 2
 * Auteur : Camille Nguyen
 *
 * dz2 -> (dW2, db2, dp1) -> dz1 -> (dW1, db1), une etape par bloc. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* b = A^T 1 : somme sur les echantillons */
static void
sum_rows (const gsl_matrix *A, gsl_vector *b)
{
  gsl_vector *u = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (u, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, u, 0.0, b);
  gsl_vector_free (u);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;

  /* dz2 = (P - Y)/N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* db2 */
  sum_rows (g->dz2, g->db2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, g->dW2, 0.0, g->dp1);

  /* dz1 = dp1 .* 1(z1 > 0) */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, n, h) <= 0)
        gsl_matrix_set (g->dz1, n, h, 0.0);

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
