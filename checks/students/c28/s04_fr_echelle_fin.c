/* TP 4 -- retropropagation dans le reseau a deux couches
 * Binome : Camille Lefevre & Yanis Benali
 *
 * Idee : on calcule tout SANS le 1/N (delta = prob - onehot), puis on
 * divise les sept gradients par N a la fin, et on ajoute la
 * regularisation en dernier.  Les poids sont accumules exemple par
 * exemple avec des produits exterieurs (dger), comme au tableau.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = somme_i a_i b_i^T  (a_i ligne i de A, b_i ligne i de B) */
static void
somme_exterieurs (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *dW)
{
  size_t i;
  gsl_matrix_set_zero (dW);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view a = gsl_matrix_const_row (A, i);
      gsl_vector_const_view b = gsl_matrix_const_row (B, i);
      gsl_blas_dger (1.0, &a.vector, &b.vector, dW);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nb_ex = X->size1;      /* nombre d'exemples */
  size_t i, j;
  double inv;
  gsl_vector *uns;

  if (nb_ex != cache->N || X->size2 != net->D || g->N != nb_ex)
    return 1;

  uns = gsl_vector_alloc (nb_ex);
  gsl_vector_set_all (uns, 1.0);

  /* delta de sortie, pas encore divise */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < nb_ex; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);

  /* couche 2 */
  somme_exterieurs (cache->p1, g->dz2, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, uns, 0.0, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* ReLU */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < nb_ex; i++)
    for (j = 0; j < net->H; j++)
      if (!(gsl_matrix_get (cache->z1, i, j) > 0.0))
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* couche 1 */
  somme_exterieurs (X, g->dz1, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, uns, 0.0, g->db1);

  /* maintenant la moyenne : tout divise par N */
  inv = 1.0 / (double) nb_ex;
  gsl_matrix_scale (g->dz2, inv);
  gsl_matrix_scale (g->dW2, inv);
  gsl_vector_scale (g->db2, inv);
  gsl_matrix_scale (g->dp1, inv);
  gsl_matrix_scale (g->dz1, inv);
  gsl_matrix_scale (g->dW1, inv);
  gsl_vector_scale (g->db1, inv);

  /* regularisation : d/dW de reg * ||W||^2 = 2 reg W */
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W2, i, j));
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W1, i, j));

  gsl_vector_free (uns);
  g->present = BP_GRADS_ALL;
  return 0;
}
