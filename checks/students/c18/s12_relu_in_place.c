/* backward.c -- Intro to ML, programming assignment 3
 *
 * Lucia M. (layer 2, written in C-style loops)
 * Arjun S. (layer 1, numpy-style: "dhidden[hidden <= 0] = 0" in place)
 *
 * Lucia: I compute dp1 = dz2 W2^T at the end of my part, because it is
 * the last thing that uses W2; Arjun starts from g->dp1.
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
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* ===== Lucia ===== */

  /* dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double t = (j == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, j, (gsl_matrix_get (cache->prob, i, j) - t) / N);
      }

  /* dW2 and db2 in the same loop */
  for (j = 0; j < C; j++)
    {
      double sb = 0.0;
      for (k = 0; k < H; k++)
        {
          double sw = 2.0 * reg * gsl_matrix_get (net->W2, k, j);
          for (i = 0; i < N; i++)
            sw += gsl_matrix_get (cache->p1, i, k) * gsl_matrix_get (g->dz2, i, j);
          gsl_matrix_set (g->dW2, k, j, sw);
        }
      for (i = 0; i < N; i++)
        sb += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, sb);
    }

  /* dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      {
        double s = 0.0;
        for (j = 0; j < C; j++)
          s += gsl_matrix_get (g->dz2, i, j) * gsl_matrix_get (net->W2, k, j);
        gsl_matrix_set (g->dp1, i, k, s);
      }

  /* ===== Arjun ===== */
  {
    gsl_matrix *dhidden = g->dp1;

    /* dhidden[hidden <= 0] = 0 */
    for (i = 0; i < N; i++)
      for (k = 0; k < H; k++)
        if (gsl_matrix_get (cache->p1, i, k) <= 0.0)
          gsl_matrix_set (dhidden, i, k, 0.0);
    gsl_matrix_memcpy (g->dz1, dhidden);

    /* grads['W1'] = X.T.dot(dhidden) + 2*reg*W1 */
    gsl_matrix_memcpy (g->dW1, net->W1);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                    g->dW1);

    /* grads['b1'] = np.sum(dhidden, axis=0) */
    for (k = 0; k < H; k++)
      {
        gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, k);
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_vector_get (&col.vector, i);
        gsl_vector_set (g->db1, k, s);
      }
  }
  (void) D;

  g->present = BP_GRADS_ALL;
  return 0;
}
