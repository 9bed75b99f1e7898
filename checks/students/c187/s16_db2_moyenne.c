/* backward.c -- Devoir 2, IFT3395
 * Sarah Bergeron
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nb_exemples = X->size1;
  size_t i, j;
  gsl_vector *uns;

  if (nb_exemples != cache->N || X->size2 != net->D || g->N != nb_exemples)
    return 1;

  uns = gsl_vector_alloc (nb_exemples);
  if (uns == NULL)
    return 1;
  gsl_vector_set_all (uns, 1.0);

  /* dz2 = (P - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < nb_exemples; i++)
    {
      double *p = gsl_matrix_ptr (g->dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / nb_exemples);

  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 = moyenne de dz2 sur les exemples */
  gsl_blas_dgemv (CblasTrans, 1.0 / nb_exemples, g->dz2, uns, 0.0, g->db2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 la ou le neurone est actif */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < nb_exemples; i++)
    for (j = 0; j < net->H; j++)
      if (!(gsl_matrix_get (cache->z1, i, j) > 0))
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = somme de dz1 sur les exemples */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, uns, 0.0, g->db1);

  gsl_vector_free (uns);
  g->present = BP_GRADS_ALL;
  return 0;
}
