/* backward.c -- lab 4, backpropagation for the two-layer network.
 *
 * Notation of the lecture notes (chapter 4):
 *   delta_out[i][k]     error signal of output unit k for sample i (dz2)
 *   err_hidden[i][j]    error arriving at hidden unit j (dp1)
 *   delta_hidden[i][j]  error signal of hidden unit j (dz1)
 *   grad_w_out, grad_b_out, grad_w_hidden, grad_b_hidden
 * Sums are written out as loops with an accumulator, as in the notes.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, d;
  double sum;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* delta_out[i][k] = (y_hat[i][k] - t[i][k]) / N, t is the one-hot target */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double t = (k == y[i]) ? 1.0 : 0.0;
        double y_hat = gsl_matrix_get (cache->prob, i, k);
        gsl_matrix_set (g->dz2, i, k, (y_hat - t) / (double) N);
      }

  /* grad_w_out[j][k] = sum_i a_hidden[i][j] * delta_out[i][k] + 2 reg W2[j][k] */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        sum = 0.0;
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k,
                        sum + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* grad_b_out[k] = sum_i delta_out[i][k] */
  for (k = 0; k < C; k++)
    {
      sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, sum);
    }

  /* err_hidden[i][j] = sum_k delta_out[i][k] * w_out[j][k] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        sum = 0.0;
        for (k = 0; k < C; k++)
          sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, sum);
      }

  /* delta_hidden = err_hidden * f'(z1), with f'(z) = 1 if z > 0 else 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double fprime = gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j) * fprime);
      }

  /* grad_w_hidden[d][j] = sum_i x[i][d] * delta_hidden[i][j] + 2 reg W1[d][j] */
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      {
        sum = 0.0;
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, d, j,
                        sum + 2.0 * reg * gsl_matrix_get (net->W1, d, j));
      }

  /* grad_b_hidden[j] = sum_i delta_hidden[i][j] */
  for (j = 0; j < H; j++)
    {
      sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
