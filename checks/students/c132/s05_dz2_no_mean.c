/* HW4 - backward pass for the 2-layer net
 * Names follow the slides: dZ2, dW2, db2, dA1, dZ1, dW1, db1.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1;          /* number of examples */
  size_t n_x = net->D, n_h = net->H, n_y = net->C;
  size_t i, j, k;
  gsl_matrix *dZ2 = g->dz2, *dW2 = g->dW2, *dA1 = g->dp1, *dZ1 = g->dz1;
  gsl_matrix *dW1 = g->dW1;
  gsl_vector *db2 = g->db2, *db1 = g->db1;

  if (m != cache->N || X->size2 != n_x || g->N != m)
    return 1;

  /* step 1: dZ2 = A2 - Y  (softmax with cross entropy) */
  for (i = 0; i < m; i++)
    for (k = 0; k < n_y; k++)
      {
        double yk = (k == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (dZ2, i, k, gsl_matrix_get (cache->prob, i, k) - yk);
      }

  /* step 2: dW2 = A1^T . dZ2 + 2 lambda W2 */
  for (j = 0; j < n_h; j++)
    for (k = 0; k < n_y; k++)
      {
        double sum = 0.0;
        for (i = 0; i < m; i++)
          sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (dZ2, i, k);
        gsl_matrix_set (dW2, j, k, sum + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* step 3: db2 = sum(dZ2, axis=0) */
  for (k = 0; k < n_y; k++)
    {
      double sum = 0.0;
      for (i = 0; i < m; i++)
        sum += gsl_matrix_get (dZ2, i, k);
      gsl_vector_set (db2, k, sum);
    }

  /* step 4: dA1 = dZ2 . W2^T */
  for (i = 0; i < m; i++)
    for (j = 0; j < n_h; j++)
      {
        double sum = 0.0;
        for (k = 0; k < n_y; k++)
          sum += gsl_matrix_get (dZ2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (dA1, i, j, sum);
      }

  /* step 5: dZ1 = dA1 * (Z1 > 0) */
  for (i = 0; i < m; i++)
    for (j = 0; j < n_h; j++)
      gsl_matrix_set (dZ1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (dA1, i, j) : 0.0);

  /* step 6: dW1 = X^T . dZ1 + 2 lambda W1 */
  for (i = 0; i < n_x; i++)
    for (j = 0; j < n_h; j++)
      {
        double sum = 0.0;
        for (k = 0; k < m; k++)
          sum += gsl_matrix_get (X, k, i) * gsl_matrix_get (dZ1, k, j);
        gsl_matrix_set (dW1, i, j, sum + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }

  /* step 7: db1 = sum(dZ1, axis=0) */
  for (j = 0; j < n_h; j++)
    {
      double sum = 0.0;
      for (i = 0; i < m; i++)
        sum += gsl_matrix_get (dZ1, i, j);
      gsl_vector_set (db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
