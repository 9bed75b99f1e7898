/* backward.c -- backprop, pointer version.
 * Names: err_out (N x C), err_hid (N x H), delta_hid (N x H). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  double *err_out, *err_hid;
  const double *row;

  /* err_out = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    {
      err_out = g->dz2->data + i * g->dz2->tda;
      row = cache->prob->data + i * cache->prob->tda;
      for (k = 0; k < C; k++)
        err_out[k] = row[k] / (double) N;
      err_out[y[i]] -= 1.0 / (double) N;
    }

  /* grad_w_out = p1^T err_out + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* grad_b_out */
  for (k = 0; k < C; k++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  /* err_hid[i][j] = sum_k err_out[i][k] W2[j][k] */
  err_out = g->dz2->data;
  for (i = 0; i < N; i++)
    {
      err_hid = g->dp1->data + i * g->dp1->tda;
      for (j = 0; j < H; j++)
        {
          const double *w = net->W2->data + j * net->W2->tda;
          double acc = 0.0;
          for (k = 0; k < C; k++)
            acc += err_out[k] * w[k];
          err_hid[j] = acc;
        }
    }

  /* delta_hid = err_hid where the unit was on */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* grad_w_hid = X^T delta_hid + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  for (j = 0; j < H; j++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
