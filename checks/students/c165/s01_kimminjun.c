/* backward.c -- HW3, backward pass of the two-layer net
 * Kim Minjun
 *
 * z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2, softmax loss + L2 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out[j] = sum_i A[i][j] (sum over the batch) */
static void
bias_sum (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;

  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_vector_set (out, j, gsl_vector_get (out, j) + gsl_matrix_get (A, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double d = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          d -= 1.0;
        gsl_matrix_set (g->dz2, i, j, d / N);
      }

  /* 2. dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* 3. db2 */
  bias_sum (g->dz2, g->db2);

  /* 4. dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 = dp1 * [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double v = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j,
                        gsl_matrix_get (cache->z1, i, j) > 0 ? v : 0.0);
      }

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* 7. db1 */
  bias_sum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
