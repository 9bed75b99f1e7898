/* 
 * Soft Computing Lab -- Program 9 : Backpropagation
 * Name : Rohit Sharma       Enrollment : 0801CS211093
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* STEP 1 : output error */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double e = gsl_matrix_get (cache->prob, n, c);
        if (c == y[n])
          e -= 1.0;
        gsl_matrix_set (g->dz2, n, c, e / N);
      }

  /* STEP 2 : dW2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double s = 0.0;
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, s + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
      }

  /* STEP 3 : db2 */
  for (c = 0; c < C; c++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, s);
    }

  /* STEP 4 : error at hidden layer */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, s);
      }

  /* STEP 5 : through relu */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        if (gsl_matrix_get (cache->z1, n, h) > 0.0)
          s = gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dz1, n, h, s);
      }

  /* STEP 6 : dW1 = X^T * (hidden error) + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dW1, d, h, s + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
      }

  /* STEP 7 : db1 */
  for (h = 0; h < H; h++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
