/* backward.c -- Problem set 3, Q2
 * Samuel Oyelaran
 *
 * Sample by sample.  I keep the raw error e = p - onehot of each sample in
 * a small array and put the 1/N in where it is needed.
 */
#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, i, j, k;
  double *e = malloc (C * sizeof *e);

  if (e == NULL)
    return 1;

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      for (k = 0; k < C; k++)
        {
          e[k] = gsl_matrix_get (cache->prob, n, k);
          if (k == y[n])
            e[k] -= 1.0;
          gsl_matrix_set (g->dz2, n, k, e[k] / N);
        }

      /* output layer params */
      for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
          gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                          + gsl_matrix_get (cache->p1, n, j) * e[k] / N);
      for (k = 0; k < C; k++)
        gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + e[k]);
      gsl_vector_scale (g->db2, 1.0 / N);   /* mean over the batch */

      /* hidden layer */
      for (j = 0; j < H; j++)
        {
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += e[k] * gsl_matrix_get (net->W2, j, k);
          s /= N;
          gsl_matrix_set (g->dp1, n, j, s);
          gsl_matrix_set (g->dz1, n, j,
                          gsl_matrix_get (cache->z1, n, j) > 0 ? s : 0.0);
        }

      /* input layer params */
      for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
          gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                          + gsl_matrix_get (X, n, i) * gsl_matrix_get (g->dz1, n, j));
      for (j = 0; j < H; j++)
        gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j)
                        + gsl_matrix_get (g->dz1, n, j));
    }

  /* L2 penalty reg*||W||^2 -> 2*reg*W */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k)
                      + 2 * reg * gsl_matrix_get (net->W2, j, k));
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2 * reg * gsl_matrix_get (net->W1, i, j));

  free (e);
  g->present = BP_GRADS_ALL;
  return 0;
}
