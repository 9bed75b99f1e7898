/* backward pass, lab 4 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;
  size_t i, j, k;
  double temp;

  /* step 1: dz2 */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        {
          temp = gsl_matrix_get (cache->prob, i, j);
          if (y[i] == j)
            temp = temp - 1;
          temp = temp / N;
          gsl_matrix_set (g->dz2, i, j, temp);
        }
    }

  /* step 2: dW2 = p1^T dz2 + reg part */
  for (j = 0; j < H; j++)
    {
      for (k = 0; k < C; k++)
        {
          temp = 0;
          for (i = 0; i < N; i++)
            {
              temp = temp + gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
              temp = temp + 2 * reg * gsl_matrix_get (net->W2, j, k);
            }
          gsl_matrix_set (g->dW2, j, k, temp);
        }
    }

  /* step 3: db2 */
  for (k = 0; k < C; k++)
    {
      temp = 0;
      for (i = 0; i < N; i++)
        {
          temp = temp + gsl_matrix_get (g->dz2, i, k);
        }
      gsl_vector_set (g->db2, k, temp);
    }

  /* step 4: dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          temp = 0;
          for (k = 0; k < C; k++)
            {
              temp = temp + gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
            }
          gsl_matrix_set (g->dp1, i, j, temp);
        }
    }

  /* step 5: dz1 */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          temp = 0;
          if (gsl_matrix_get (cache->z1, i, j) > 0)
            temp = gsl_matrix_get (g->dp1, i, j);
          gsl_matrix_set (g->dz1, i, j, temp);
        }
    }

  /* step 6: dW1 -- reg part first then add X^T dz1 */
  for (j = 0; j < D; j++)
    {
      for (k = 0; k < H; k++)
        {
          temp = 2 * reg * gsl_matrix_get (net->W1, j, k);
          for (i = 0; i < N; i++)
            {
              temp = temp + gsl_matrix_get (X, i, j) * gsl_matrix_get (g->dz1, i, k);
            }
          gsl_matrix_set (g->dW1, j, k, temp);
        }
    }

  /* step 7: db1 */
  for (k = 0; k < H; k++)
    {
      temp = 0;
      for (i = 0; i < N; i++)
        {
          temp = temp + gsl_matrix_get (g->dz1, i, k);
        }
      gsl_vector_set (g->db1, k, temp);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
