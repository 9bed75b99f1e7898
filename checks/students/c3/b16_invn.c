/* backward.c -- Problem set 2.
 * Divisions are slow, so 1/N is computed once and multiplied in. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double invN = 1 / N;
  const double twoReg = 2 * reg;
  size_t n, d, h, c;

  for (n = 0; n < N; n++)
    {
      const double *prob = gsl_matrix_const_ptr (cache->prob, n, 0);
      double *dz2 = gsl_matrix_ptr (g->dz2, n, 0);
      for (c = 0; c < C; c++)
        dz2[c] = (prob[c] - (c == y[n] ? 1.0 : 0.0)) * invN;
    }

  for (h = 0; h < H; h++)
    {
      double *dW2 = gsl_matrix_ptr (g->dW2, h, 0);
      const double *W2 = gsl_matrix_const_ptr (net->W2, h, 0);
      for (c = 0; c < C; c++)
        {
          double s = twoReg * W2[c];
          for (n = 0; n < N; n++)
            s += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
          dW2[c] = s;
        }
    }

  for (c = 0; c < C; c++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, s);
    }

  for (n = 0; n < N; n++)
    {
      const double *dz2 = gsl_matrix_const_ptr (g->dz2, n, 0);
      const double *z1 = gsl_matrix_const_ptr (cache->z1, n, 0);
      double *dp1 = gsl_matrix_ptr (g->dp1, n, 0);
      double *dz1 = gsl_matrix_ptr (g->dz1, n, 0);
      for (h = 0; h < H; h++)
        {
          const double *W2 = gsl_matrix_const_ptr (net->W2, h, 0);
          double s = 0.0;
          for (c = 0; c < C; c++)
            s += dz2[c] * W2[c];
          dp1[h] = s;
          dz1[h] = z1[h] > 0.0 ? s : 0.0;
        }
    }

  for (d = 0; d < D; d++)
    {
      double *dW1 = gsl_matrix_ptr (g->dW1, d, 0);
      const double *W1 = gsl_matrix_const_ptr (net->W1, d, 0);
      for (h = 0; h < H; h++)
        {
          double s = twoReg * W1[h];
          for (n = 0; n < N; n++)
            s += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
          dW1[h] = s;
        }
    }

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
