/* Projet IA -- partie 2 : backward()
 * Auteur : Amine Haddad (L3 info, groupe 2)
 *
 * J'ai decoupe en petites fonctions, une par couche, comme dans le
 * poly (affine_retro, relu_retro, softmax_retro).
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dZ = (prob - indicatrice) / N */
static void
softmax_retro (const gsl_matrix *prob, const size_t *etiq, gsl_matrix *dZ)
{
  size_t n = prob->size1, i;
  gsl_matrix_memcpy (dZ, prob);
  for (i = 0; i < n; i++)
    gsl_matrix_set (dZ, i, etiq[i], gsl_matrix_get (dZ, i, etiq[i]) - 1.0);
  gsl_matrix_scale (dZ, 1.0 / (double) n);
}

/* couche affine Z = A W + b : dW = A^T dZ + 2 reg W, db = somme des lignes
 * de dZ, dA = dZ W^T (si dA != NULL) */
static void
affine_retro (const gsl_matrix *dZ, const gsl_matrix *A, const gsl_matrix *W,
              double reg, gsl_matrix *dW, gsl_vector *db, gsl_matrix *dA)
{
  size_t i, j;
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
  for (j = 0; j < dZ->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < dZ->size1; i++)
        s += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (db, j, s);
    }
  if (dA)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, dA);
}

/* dZ = dA * 1[Z > 0] ; arguments : (gradient qui arrive, pre-activation, sortie) */
static void
relu_retro (const gsl_matrix *dA, const gsl_matrix *Z, gsl_matrix *dZ)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (dZ, i, j, gsl_matrix_get (Z, i, j) > 0.0
                      ? gsl_matrix_get (dA, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
    return 1;

  softmax_retro (cache->prob, y, g->dz2);
  affine_retro (g->dz2, cache->p1, net->W2, reg, g->dW2, g->db2, g->dp1);
  relu_retro (cache->z1, g->dp1, g->dz1);
  affine_retro (g->dz1, X, net->W1, reg, g->dW1, g->db1, NULL);

  g->present = BP_GRADS_ALL;
  return 0;
}
