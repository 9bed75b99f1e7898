/* Backward pass, two-layer net.  Column-major habits from numerical
 * analysis: the outer loop of every product runs over columns. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nb = X->size1, ni = net->D, nh = net->H, no = net->C;
  size_t i, j, k;
  double t;

  /* output layer */
  for (j = 0; j < no; j++)
    for (i = 0; i < nb; i++)
      {
        t = gsl_matrix_get (cache->prob, i, j);
        if (y[i] == j)
          t -= 1;
        gsl_matrix_set (g->dz2, i, j, t / nb);
      }

  for (j = 0; j < no; j++)
    {
      t = 0;
      for (i = 0; i < nb; i++)
        t += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, t);
      for (k = 0; k < nh; k++)
        {
          t = 0;
          for (i = 0; i < nb; i++)
            t += gsl_matrix_get (cache->p1, i, k) * gsl_matrix_get (g->dz2, i, j);
          gsl_matrix_set (g->dW2, k, j, t + 2 * reg * gsl_matrix_get (net->W2, k, j));
        }
    }

  /* hidden layer */
  for (k = 0; k < nh; k++)
    for (i = 0; i < nb; i++)
      {
        t = 0;
        for (j = 0; j < no; j++)
          t += gsl_matrix_get (g->dz2, i, j) * gsl_matrix_get (net->W2, k, j);
        gsl_matrix_set (g->dp1, i, k, t);
        if (gsl_matrix_get (cache->z1, i, k) <= 0)
          t = 0;
        gsl_matrix_set (g->dz1, i, k, t);
      }

  /* input layer */
  for (k = 0; k < nh; k++)
    {
      t = 0;
      for (i = 0; i < nb; i++)
        t += gsl_matrix_get (g->dz1, i, k);
      gsl_vector_set (g->db1, k, t);
      for (j = 0; j < ni; j++)
        {
          t = 0;
          for (i = 0; i < nb; i++)
            t += gsl_matrix_get (X, i, j) * gsl_matrix_get (g->dz1, i, k);
          gsl_matrix_set (g->dW1, j, k, t);
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
