/* backward.c
 * TP de retropropagation - Baptiste Girard
 *
 * Fonctions utilitaires en haut, passe arriere en bas.
 */

#include "backprop.h"

/* resultat = A^T * B */
static void
produit_At_B (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *resultat)
{
  size_t i, j, n;
  for (i = 0; i < A->size2; i++)
    for (j = 0; j < B->size2; j++)
      {
        double s = 0;
        for (n = 0; n < A->size1; n++)
          s += gsl_matrix_get (A, n, i) * gsl_matrix_get (B, n, j);
        gsl_matrix_set (resultat, i, j, s);
      }
}

/* resultat = A * B^T */
static void
produit_A_Bt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *resultat)
{
  size_t i, j, k;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < B->size1; j++)
      {
        double s = 0;
        for (k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (B, j, k);
        gsl_matrix_set (resultat, i, j, s);
      }
}

/* biais = somme des lignes de M */
static void
somme_lignes (const gsl_matrix *M, gsl_vector *biais)
{
  size_t i;
  gsl_vector_set_zero (biais);
  for (i = 0; i < M->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (M, i);
      gsl_vector_add (biais, &r.vector);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2, db2 */
  produit_At_B (cache->p1, g->dz2, g->dW2);
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j) + 2 * reg * gsl_matrix_get (net->W2, i, j));
  somme_lignes (g->dz2, g->db2);

  /* dp1 */
  produit_A_Bt (g->dz2, net->W2, g->dp1);

  /* dz1 : derivee de la relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1, db1 */
  produit_At_B (X, g->dp1, g->dW1);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j) + 2 * reg * gsl_matrix_get (net->W1, i, j));
  somme_lignes (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
