/* backward.c -- two layer net, backward (exercise 3)
 *
 * hidden_grad (N x H) receives dp1, relu_grad (N x H) dz1, acc_DxH is
 * the accumulator for dW1.  relu_grad is given back as soon as dz1 is
 * stored in g (peak memory!); everything else is freed at the "out"
 * label, which every error path jumps to.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;
  gsl_matrix *hidden_grad = NULL, *relu_grad = NULL, *acc_DxH = NULL;
  int ret = GSL_ENOMEM;

  if (N != cache->N || X->size2 != D || g->N != N)
    return GSL_EBADLEN;

  hidden_grad = gsl_matrix_alloc (N, H);
  if (hidden_grad == NULL)
    goto out;
  relu_grad = gsl_matrix_alloc (N, H);
  if (relu_grad == NULL)
    goto out;
  acc_DxH = gsl_matrix_calloc (D, H);
  if (acc_DxH == NULL)
    goto out;

  /* 1. dz2 */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c,
                      (gsl_matrix_get (cache->prob, n, c)
                       - (c == y[n] ? 1.0 : 0.0)) / (double) N);

  /* 2. dW2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* 3. db2 */
  for (c = 0; c < C; c++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, s);
    }

  /* 4. dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  hidden_grad);
  gsl_matrix_memcpy (g->dp1, hidden_grad);

  /* 5. dz1 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (relu_grad, n, h, gsl_matrix_get (cache->z1, n, h) > 0.0
                      ? gsl_matrix_get (hidden_grad, n, h) : 0.0);
  gsl_matrix_memcpy (g->dz1, relu_grad);
  gsl_matrix_free (relu_grad);      /* stored in g, not needed any more */
  relu_grad = NULL;

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (X, n, d) * gsl_matrix_get (hidden_grad, n, h);
        gsl_matrix_set (acc_DxH, d, h, s);
      }
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (acc_DxH, d, h)
                      + 2.0 * reg * gsl_matrix_get (net->W1, d, h));

  /* 7. db1 */
  for (h = 0; h < H; h++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  ret = 0;

 out:
  gsl_matrix_free (acc_DxH);
  gsl_matrix_free (relu_grad);
  gsl_matrix_free (hidden_grad);
  return ret;
}
