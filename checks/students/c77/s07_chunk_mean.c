/* Backward pass, chunked (3 samples per chunk) to keep the working set
 * small.  Each chunk: scores grad -> output layer grads -> hidden grads
 * -> input layer grads, all summed into g. */
#include "backprop.h"

#define CHUNK_ROWS 3

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t c0, n, i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_vector_set_zero (g->dtheta);   /* dW1 db1 dW2 db2 all live in here */

  for (c0 = 0; c0 < N; c0 += CHUNK_ROWS)
    {
      n = N - c0 < CHUNK_ROWS ? N - c0 : CHUNK_ROWS;

      for (i = c0; i < c0 + n; i++)
        {
          /* softmax loss grad: prob - onehot, then the mean */
          for (k = 0; k < C; k++)
            {
              double t = gsl_matrix_get (cache->prob, i, k);
              if (k == y[i])
                t -= 1.0;
              gsl_matrix_set (g->dz2, i, k, t / (double) n);
            }

          for (k = 0; k < C; k++)
            {
              double d = gsl_matrix_get (g->dz2, i, k);
              for (j = 0; j < H; j++)
                gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                                + gsl_matrix_get (cache->p1, i, j) * d);
              gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + d);
            }

          for (j = 0; j < H; j++)
            {
              double s = 0.0;
              for (k = 0; k < C; k++)
                s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
              gsl_matrix_set (g->dp1, i, j, s);
              gsl_matrix_set (g->dz1, i, j,
                              gsl_matrix_get (cache->z1, i, j) > 0 ? s : 0.0);
            }

          for (j = 0; j < H; j++)
            {
              double d = gsl_matrix_get (g->dz1, i, j);
              for (k = 0; k < D; k++)
                gsl_matrix_set (g->dW1, k, j, gsl_matrix_get (g->dW1, k, j)
                                + gsl_matrix_get (X, i, k) * d);
              gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + d);
            }
        }
    }

  /* regularization: d/dW of reg*sum(W^2) */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                      + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, k, j, gsl_matrix_get (g->dW1, k, j)
                      + 2.0 * reg * gsl_matrix_get (net->W1, k, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
