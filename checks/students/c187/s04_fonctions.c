/* Devoir 2 -- IFT3395 -- retropropagation
 * Samuel Côté
 *
 * J'ai fait une fonction pour la partie "affine" (elle sert deux fois) et
 * une pour la ReLU.  Les temporaires sont alloues puis liberes a chaque
 * appel.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* Retour d'une couche affine Z = A W + b :
 *   grad_poids = A^T dZ + 2 reg W
 *   grad_biais = somme des lignes de dZ */
static int
retour_affine (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
               double reg, gsl_matrix *grad_poids, gsl_vector *grad_biais)
{
  size_t i;
  gsl_matrix *terme_reg = gsl_matrix_alloc (W->size1, W->size2);
  if (!terme_reg)
    return -1;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 0.0, grad_poids);
  gsl_matrix_memcpy (terme_reg, W);
  gsl_matrix_scale (terme_reg, 2.0 * reg);
  gsl_matrix_add (grad_poids, terme_reg);
  gsl_matrix_free (terme_reg);

  gsl_vector_set_zero (grad_biais);
  for (i = 0; i < dZ->size1; i++)
    {
      gsl_vector_const_view ligne = gsl_matrix_const_row (dZ, i);
      gsl_vector_add (grad_biais, &ligne.vector);
    }
  return 0;
}

/* dZ = dP la ou z > 0, 0 ailleurs (sur place) */
static void
retour_relu (gsl_matrix *dZ, const gsl_matrix *z)
{
  size_t i, j;
  for (i = 0; i < dZ->size1; i++)
    for (j = 0; j < dZ->size2; j++)
      if (gsl_matrix_get (z, i, j) <= 0.0)
        gsl_matrix_set (dZ, i, j, 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nb_exemples = X->size1;
  size_t i;
  gsl_matrix *onehot;

  if (nb_exemples != cache->N || X->size2 != net->D || g->N != nb_exemples)
    return 1;

  /* dz2 = (prob - onehot) / N, avec une matrice onehot explicite */
  onehot = gsl_matrix_calloc (nb_exemples, net->C);
  if (!onehot)
    return 1;
  for (i = 0; i < nb_exemples; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, onehot);
  gsl_matrix_scale (g->dz2, 1.0 / (double) nb_exemples);
  gsl_matrix_free (onehot);

  /* couche 2 */
  if (retour_affine (cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2))
    return 1;

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 : on part de dp1 et on annule les neurones morts (z1 < 0) */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  retour_relu (g->dz1, cache->z1);

  /* couche 1 */
  if (retour_affine (X, g->dz1, net->W1, reg, g->dW1, g->db1))
    return 1;

  g->present = BP_GRADS_ALL;
  return 0;
}
