/* Devoir 2 (IFT3395) -- backward.c
 * Camille Lapointe
 *
 * Decoupage en fonctions : une par couche.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* gradient de l'entropie croisee moyenne par rapport aux scores */
static void
erreur_sortie (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t i, j, nb_exemples = prob->size1;

  for (i = 0; i < nb_exemples; i++)
    {
      for (j = 0; j < prob->size2; j++)
        {
          double bonne_classe = (y[i] == i) ? 1.0 : 0.0;
          gsl_matrix_set (dz2, i, j,
                          (gsl_matrix_get (prob, i, j) - bonne_classe) / nb_exemples);
        }
    }
}

/* gradient d'une couche lineaire : dW = A^T dZ + 2 reg W, db = somme(dZ) */
static void
grad_lineaire (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
               double reg, gsl_matrix *dW, gsl_vector *db)
{
  size_t i, j;

  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
  for (j = 0; j < dZ->size2; j++)
    {
      double somme = 0.0;
      for (i = 0; i < dZ->size1; i++)
        somme += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (db, j, somme);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t i, j;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  erreur_sortie (cache->prob, y, g->dz2);
  grad_lineaire (cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < g->dp1->size1; i++)
    for (j = 0; j < g->dp1->size2; j++)
      {
        double masque = gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, masque * gsl_matrix_get (g->dp1, i, j));
      }

  grad_lineaire (X, g->dz1, net->W1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
