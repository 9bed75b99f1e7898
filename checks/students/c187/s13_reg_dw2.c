/*
 * Devoir 2 - IFT3395
 * Rétropropagation à la main
 * Auteur : Félix-Antoine Dubé
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* on remet les gradients a zero avant d'accumuler */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dp1);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  /* exemple par exemple */
  for (n = 0; n < N; n++)
    {
      /* dz2 de l'exemple n */
      for (j = 0; j < C; j++)
        gsl_matrix_set (g->dz2, n, j, (gsl_matrix_get (cache->prob, n, j)
                                       - (j == y[n] ? 1.0 : 0.0)) / N);

      /* contributions a dW2, db2, dp1 */
      for (j = 0; j < C; j++)
        {
          double e = gsl_matrix_get (g->dz2, n, j);
          *gsl_vector_ptr (g->db2, j) += e;
          for (i = 0; i < H; i++)
            {
              *gsl_matrix_ptr (g->dW2, i, j) += gsl_matrix_get (cache->p1, n, i) * e;
              *gsl_matrix_ptr (g->dp1, n, i) += gsl_matrix_get (net->W2, i, j) * e;
            }
        }

      /* ReLU */
      for (i = 0; i < H; i++)
        gsl_matrix_set (g->dz1, n, i, gsl_matrix_get (cache->z1, n, i) > 0
                        ? gsl_matrix_get (g->dp1, n, i) : 0.0);

      /* contributions a dW1, db1 */
      for (i = 0; i < H; i++)
        {
          double e = gsl_matrix_get (g->dz1, n, i);
          *gsl_vector_ptr (g->db1, i) += e;
          for (j = 0; j < D; j++)
            *gsl_matrix_ptr (g->dW1, j, i) += gsl_matrix_get (X, n, j) * e;
        }
    }

  /* regularisation : d/dW de reg*W^2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      *gsl_matrix_ptr (g->dW2, i, j) += reg * gsl_matrix_get (net->W2, i, j);
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      *gsl_matrix_ptr (g->dW1, i, j) += 2 * reg * gsl_matrix_get (net->W1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
