/* backward.c -- DL course, assignment 1, problem 4
 *
 *   Ines Ferreira : dz2 and dW2 (gsl_blas)
 *   Kofi Mensah   : the biases and the hidden layer (for loops)
 *
 * Ines: dscores is the raw (probs - 1 at the label) matrix; the /N is
 *       done when it goes into g->dz2.  dW2 reads g->dz2.
 * Kofi: I read dscores / dz2 for db2 and the hidden layer.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  gsl_matrix *dscores;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  dscores = gsl_matrix_alloc (N, net->C);
  if (!dscores)
    return 1;

  /* ---- Ines ---- */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);

  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* ---- Kofi ---- */

  // db2[k] = sum over examples of dscores[n][k]
  for (k = 0; k < net->C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dscores, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  // dp1 = dz2 . W2^T
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double s = 0.0;
        for (k = 0; k < net->C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  // dz1 = dp1 where z1 > 0
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  // dW1 = X^T dz1 + 2 reg W1
  for (k = 0; k < net->D; k++)
    for (j = 0; j < net->H; j++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }

  // db1
  for (j = 0; j < net->H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (dscores);
  g->present = BP_GRADS_ALL;
  return 0;
}
