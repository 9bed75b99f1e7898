/* Two-layer net backward pass (HW3).
 * "The ReLU passes the gradient through where it is positive." */

/* A very long comment line, as a student pastes a whole paragraph of the assignment into one line. A very long comment line, as a student pastes a whole paragraph of the assignment into one line. A very long comment line, as a student pastes a whole paragraph of the assignment into one line. A very long comment line, as a student pastes a whole paragraph of the assignment into one line. A very long comment line, as a student pastes a whole paragraph of the assignment into one line. A very long comment line, as a student pastes a whole paragraph of the assignment into one line. A very long comment line, as a student pastes a whole paragraph of the assignment into one line. A very long comment line, as a student pastes a whole paragraph of the assignment into one line.  */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* 1. scores gradient */
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      {
        double t = (c == y[n]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, n, c, (gsl_matrix_get (cache->prob, n, c) - t) / N);
      }

  /* 2. dW2 */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double sum = 0;
        for (size_t n = 0; n < N; n++)
          sum += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        sum += 2 * reg * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dW2, h, c, sum);
      }

  /* 3. db2 */
  gsl_vector_set_zero (g->db2);
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + gsl_matrix_get (g->dz2, n, c));

  /* 4. dp1 */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double sum = 0;
        for (size_t c = 0; c < C; c++)
          sum += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, sum);
      }

  /* 5. through the relu */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double up = gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dz1, n, h, up > 0 ? up : 0.0);
      }

  /* 6. dW1 */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double sum = 0;
        for (size_t n = 0; n < N; n++)
          sum += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        sum += 2 * reg * gsl_matrix_get (net->W1, d, h);
        gsl_matrix_set (g->dW1, d, h, sum);
      }

  /* 7. db1 */
  gsl_vector_set_zero (g->db1);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + gsl_matrix_get (g->dz1, n, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
