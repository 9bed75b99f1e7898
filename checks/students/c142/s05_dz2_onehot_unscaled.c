/* backward.c -- two layer net, backward pass (hw 3)
 *
 * Notation as in the handout: N samples, D inputs, H hidden, C classes.
 * Small macros so that the loops read like the maths.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define M(A, i, j)        gsl_matrix_get ((A), (i), (j))
#define SET(A, i, j, v)   gsl_matrix_set ((A), (i), (j), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax gradient, (p - 1{j == y}) / N; db2 collected in the same pass */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double v = M (cache->prob, i, j) / N;
        if (j == y[i])
          v -= 1.0;
        SET (g->dz2, i, j, v);
        gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j) + v);
      }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* dp1, dz1 and db1 together: one pass over (i, j) */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += M (g->dz2, i, k) * M (net->W2, j, k);
        SET (g->dp1, i, j, s);
        if (M (cache->z1, i, j) > 0.0)
          {
            SET (g->dz1, i, j, s);
            gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + s);
          }
        else
          SET (g->dz1, i, j, 0.0);
      }

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
