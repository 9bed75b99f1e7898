/* backward.c -- Li Wei
 *
 * One pass over the samples: for each sample i I rebuild its ReLU gate
 * from x_i W1 + b1 myself (mask[i][j] = 1 if the hidden unit fired), then
 * push its gradient through, adding its share to dW2, db2, dW1, db1 as I
 * go.  The penalty terms are put in before the loop so the loop only adds.
 * C99, variable-length arrays for the per-sample rows.
 */
#include <math.h>
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (cache->N != N || X->size2 != D)
    return 1;

  unsigned char mask[N][H];
  const double invN = 1.0 / (double) N;

  /* my own gate: z1 = x W1 + b1, recomputed, only its sign is kept */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double z = gsl_vector_get (net->b1, j);
        for (size_t k = 0; k < D; k++)
          z += gsl_matrix_get (X, i, k) * gsl_matrix_get (net->W1, k, j);
        mask[i][j] = z > 0.0;
      }

  /* penalty part first */
  for (size_t j = 0; j < H; j++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, j, c, 2.0 * reg * gsl_matrix_get (net->W2, j, c));
  for (size_t k = 0; k < D; k++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, k, j, 2.0 * reg * gsl_matrix_get (net->W1, k, j));
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (size_t i = 0; i < N; i++)
    {
      double d2[C], d1[H];

      /* scores gradient of sample i */
      for (size_t c = 0; c < C; c++)
        {
          d2[c] = gsl_matrix_get (cache->prob, i, c) * invN;
          if (c == y[i])
            d2[c] -= invN;
          gsl_matrix_set (g->dz2, i, c, d2[c]);
        }

      /* its share of dW2 and db2 */
      for (size_t j = 0; j < H; j++)
        {
          double a = gsl_matrix_get (cache->p1, i, j);
          for (size_t c = 0; c < C; c++)
            gsl_matrix_set (g->dW2, j, c, gsl_matrix_get (g->dW2, j, c) + a * d2[c]);
        }
      for (size_t c = 0; c < C; c++)
        gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + d2[c]);

      /* back into the hidden layer */
      for (size_t j = 0; j < H; j++)
        {
          double s = 0.0;
          for (size_t c = 0; c < C; c++)
            s += gsl_matrix_get (net->W2, j, c) * d2[c];
          gsl_matrix_set (g->dp1, i, j, s);
          d1[j] = mask[i][j] ? s : 0.0;
          gsl_matrix_set (g->dz1, i, j, d1[j]);
        }

      /* its share of dW1 and db1 */
      for (size_t k = 0; k < D; k++)
        {
          double xk = gsl_matrix_get (X, i, k);
          for (size_t j = 0; j < H; j++)
            gsl_matrix_set (g->dW1, k, j, gsl_matrix_get (g->dW1, k, j) + xk * d1[j]);
        }
      for (size_t j = 0; j < H; j++)
        gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + d1[j]);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
