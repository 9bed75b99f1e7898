/* IFT3395 - devoir 2 - backward.c
 * Mathieu Bélanger
 *
 * Notation du cours : la perte est une MOYENNE sur les exemples, donc il
 * faut diviser par N quelque part.
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
  const gsl_matrix *couche_cachee = cache->p1;

  if (nb_exemples != cache->N || X->size2 != net->D || g->N != nb_exemples)
    return 1;

  /* dL/dz2 */
  for (i = 0; i < nb_exemples; i++)
    for (j = 0; j < net->C; j++)
      {
        double v = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          v -= 1.0;
        gsl_matrix_set (g->dz2, i, j, v / nb_exemples);
      }

  /* dL/dW2 et dL/db2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, couche_cachee, g->dz2,
                  0.0, g->dW2);
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      *gsl_matrix_ptr (g->dW2, i, j) += 2.0 * reg * gsl_matrix_get (net->W2, i, j);

  gsl_vector_set_zero (g->db2);
  for (i = 0; i < nb_exemples; i++)
    for (j = 0; j < net->C; j++)
      *gsl_vector_ptr (g->db2, j) += gsl_matrix_get (g->dz2, i, j);

  /* dL/dp1, puis dL/dz1 a travers la ReLU */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < nb_exemples; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dL/dW1 : moyenne sur les exemples, + regularisation */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0 / nb_exemples, X, g->dz1,
                  0.0, g->dW1);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      *gsl_matrix_ptr (g->dW1, i, j) += 2.0 * reg * gsl_matrix_get (net->W1, i, j);

  /* dL/db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < nb_exemples; i++)
    for (j = 0; j < net->H; j++)
      *gsl_vector_ptr (g->db1, j) += gsl_matrix_get (g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
