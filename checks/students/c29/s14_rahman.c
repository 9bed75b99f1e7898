/* backward.c  (Aisha Rahman, ML 2, homework 3)
 *
 *  I go through the samples one by one and add each sample's gradient.
 *  The regularization gradient 2*reg*W is put in together with the data
 *  part so there is only one update per weight.
 *
 *  TODO: try the dgemm version later
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
zero (bp_grads *g)
{
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, a, b, k;
  double tmp;

  zero (g);

  for (n = 0; n < N; n++)
    {
      /* --- output --- */
      for (k = 0; k < C; k++)
        {
          tmp = gsl_matrix_get (cache->prob, n, k);
          if (k == y[n])
            tmp = tmp - 1;
          gsl_matrix_set (g->dz2, n, k, tmp / N);
        }
      for (b = 0; b < H; b++)
        for (k = 0; k < C; k++)
          {
            tmp = gsl_matrix_get (g->dW2, b, k)
                  + gsl_matrix_get (cache->p1, n, b) * gsl_matrix_get (g->dz2, n, k);
            gsl_matrix_set (g->dW2, b, k, tmp);
          }
      for (k = 0; k < C; k++)
        gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + gsl_matrix_get (g->dz2, n, k));

      /* --- hidden --- */
      for (b = 0; b < H; b++)
        {
          tmp = 0;
          for (k = 0; k < C; k++)
            tmp += gsl_matrix_get (g->dz2, n, k) * gsl_matrix_get (net->W2, b, k);
          gsl_matrix_set (g->dp1, n, b, tmp);
          if (gsl_matrix_get (cache->z1, n, b) <= 0)
            tmp = 0;
          gsl_matrix_set (g->dz1, n, b, tmp);
        }

      /* --- input layer --- */
      for (a = 0; a < D; a++)
        for (b = 0; b < H; b++)
          {
            tmp = gsl_matrix_get (g->dW1, a, b)
                  + gsl_matrix_get (X, n, a) * gsl_matrix_get (g->dz1, n, b)
                  + 2 * reg * gsl_matrix_get (net->W1, a, b);
            gsl_matrix_set (g->dW1, a, b, tmp);
          }
      for (b = 0; b < H; b++)
        gsl_vector_set (g->db1, b, gsl_vector_get (g->db1, b) + gsl_matrix_get (g->dz1, n, b));
    }

  /* reg for W2 */
  for (b = 0; b < H; b++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dW2, b, k, gsl_matrix_get (g->dW2, b, k)
                      + 2 * reg * gsl_matrix_get (net->W2, b, k));

  g->present = BP_GRADS_ALL;
  return 0;
}
