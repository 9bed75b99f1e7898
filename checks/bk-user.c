/* bk-user.c -- a backward pass written the way a student would, in plain
 * loops, with the report's mistake: dz1 masked on the sign of dp1.  Built
 * as a shared object for `gradcheck --backward`.  A second one,
 * from_library, hands the work to the library's own backward pass, as a
 * student who has written only part of it may: the program that loads the
 * object must offer the library's functions to it.  A third,
 * second_call_wrong, does the same but doubles db2 from its second call
 * on, as a static left over from the last call would: a check must call
 * it as training does, more than once in one process.  A fourth,
 * float_sums, keeps its sums for dp1 and dW1 in float, as students do:
 * right to float's rounding, it must pass. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);
int from_library (const bp_net *net, const gsl_matrix *X, const size_t *y,
                  double reg, const bp_cache *cache, bp_grads *g);

int second_call_wrong (const bp_net *net, const gsl_matrix *X,
                       const size_t *y, double reg, const bp_cache *cache,
                       bp_grads *g);

int float_sums (const bp_net *net, const gsl_matrix *X, const size_t *y,
                double reg, const bp_cache *cache, bp_grads *g);

int
float_sums (const bp_net *net, const gsl_matrix *X, const size_t *y,
            double reg, const bp_cache *cache, bp_grads *g)
{
  int status = bp_net_backward (net, X, y, reg, cache, g);

  for (size_t n = 0; n < X->size1; n++)
    for (size_t j = 0; j < net->H; j++)
      {
        float s = 0.0f;
        for (size_t c = 0; c < net->C; c++)
          s += (float) (gsl_matrix_get (g->dz2, n, c)
                        * gsl_matrix_get (net->W2, j, c));
        gsl_matrix_set (g->dp1, n, j, s);
        gsl_matrix_set (g->dz1, n, j,
                        gsl_matrix_get (cache->z1, n, j) > 0 ? s : 0.0);
      }
  for (size_t k = 0; k < net->D; k++)
    for (size_t j = 0; j < net->H; j++)
      {
        float s = 0.0f;
        for (size_t n = 0; n < X->size1; n++)
          s += (float) (gsl_matrix_get (X, n, k)
                        * gsl_matrix_get (g->dz1, n, j));
        gsl_matrix_set (g->dW1, k, j, s + 2 * reg
                        * gsl_matrix_get (net->W1, k, j));
      }
  return status;
}

int
second_call_wrong (const bp_net *net, const gsl_matrix *X, const size_t *y,
                   double reg, const bp_cache *cache, bp_grads *g)
{
  static int calls;
  int status = bp_net_backward (net, X, y, reg, cache, g);

  if (calls++ > 0)
    gsl_vector_scale (g->db2, 2.0);
  return status;
}

int
from_library (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  return bp_net_backward (net, X, y, reg, cache, g);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c, (gsl_matrix_get (cache->prob, n, c)
                                     - (y[n] == c)) / (double) N);
  for (size_t j = 0; j < H; j++)
    for (size_t c = 0; c < C; c++)
      {
        double s = 0.0;
        for (size_t n = 0; n < N; n++)
          s += gsl_matrix_get (cache->p1, n, j) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, j, c, s + 2 * reg * gsl_matrix_get (net->W2, j, c));
      }
  for (size_t c = 0; c < C; c++)
    {
      double s = 0.0;
      for (size_t n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, s);
    }
  for (size_t n = 0; n < N; n++)
    for (size_t j = 0; j < H; j++)
      {
        double s = 0.0;
        for (size_t c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, j, c);
        gsl_matrix_set (g->dp1, n, j, s);
        /* the mistake: the mask should be on z1 */
        gsl_matrix_set (g->dz1, n, j, s > 0 ? s : 0.0);
      }
  for (size_t k = 0; k < D; k++)
    for (size_t j = 0; j < H; j++)
      {
        double s = 0.0;
        for (size_t n = 0; n < N; n++)
          s += gsl_matrix_get (X, n, k) * gsl_matrix_get (g->dz1, n, j);
        gsl_matrix_set (g->dW1, k, j, s + 2 * reg * gsl_matrix_get (net->W1, k, j));
      }
  for (size_t j = 0; j < H; j++)
    {
      double s = 0.0;
      for (size_t n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz1, n, j);
      gsl_vector_set (g->db1, j, s);
    }
  g->present = BP_GRADS_ALL;
  return 0;
}
