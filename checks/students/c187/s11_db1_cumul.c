/* ---------------------------------------------------------------
 *  Devoir 2 : retropropagation d'un reseau a 2 couches
 *  Cours IFT3395, automne -- Julie Morin & Thomas Girard
 * --------------------------------------------------------------- */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nb_exemples = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j;
  double *erreur, *entree_cachee;

  if (nb_exemples != cache->N || X->size2 != net->D || g->N != nb_exemples)
    return 1;

  /* -- 1. erreur de sortie (on ecrit directement dans ->data) -- */
  for (i = 0; i < nb_exemples; i++)
    {
      erreur = g->dz2->data + i * g->dz2->tda;
      for (j = 0; j < C; j++)
        erreur[j] = cache->prob->data[i * cache->prob->tda + j] / nb_exemples;
      erreur[y[i]] -= 1.0 / nb_exemples;
    }

  /* -- 2. et 3. couche de sortie -- */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (i = 0; i < nb_exemples; i++)
    for (j = 0; j < C; j++)
      gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j)
                                 + gsl_matrix_get (g->dz2, i, j));

  /* -- 4. et 5. couche cachee -- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < nb_exemples; i++)
    {
      entree_cachee = cache->z1->data + i * cache->z1->tda;
      for (j = 0; j < H; j++)
        gsl_matrix_set (g->dz1, i, j,
                        entree_cachee[j] > 0 ? gsl_matrix_get (g->dp1, i, j) : 0);
    }

  /* -- 6. et 7. premiere couche -- */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  for (i = 0; i < nb_exemples; i++)
    for (j = 0; j < H; j++)
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j)
                                 + gsl_matrix_get (g->dz1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
