/* Backpropagation for the two-layer network -- homework 2.
 *
 * Names of the temporaries follow my notes:
 *   output_error          = dL/dz2
 *   hidden_gradient_before_relu = dL/dp1
 *   hidden_gradient_after_relu  = dL/dz1  (what goes back into the first layer)
 *   W1_gradient, W2_gradient    = weight gradients incl. regularisation */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* output_error = (P - Y) / N */
  gsl_matrix *output_error = gsl_matrix_alloc (N, C);
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      {
        double y_nc = (y[n] == c);
        gsl_matrix_set (output_error, n, c,
                        (gsl_matrix_get (cache->prob, n, c) - y_nc) / N);
      }
  gsl_matrix_memcpy (g->dz2, output_error);

  /* W2_gradient = p1^T output_error + 2 reg W2 */
  gsl_matrix *W2_gradient = gsl_matrix_alloc (H, C);
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
          acc += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (output_error, n, c);
        gsl_matrix_set (W2_gradient, h, c, acc + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
      }
  gsl_matrix_memcpy (g->dW2, W2_gradient);
  gsl_matrix_free (W2_gradient);

  /* b2 gradient = column sums of output_error */
  gsl_vector_set_zero (g->db2);
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + gsl_matrix_get (output_error, n, c));

  /* hidden_gradient_before_relu = output_error W2^T */
  gsl_matrix *hidden_gradient_before_relu = gsl_matrix_alloc (N, H);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (size_t c = 0; c < C; c++)
          acc += gsl_matrix_get (output_error, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (hidden_gradient_before_relu, n, h, acc);
      }
  gsl_matrix_memcpy (g->dp1, hidden_gradient_before_relu);
  gsl_matrix_free (output_error);

  /* hidden_gradient_after_relu = hidden_gradient_before_relu * 1[z1 > 0] */
  gsl_matrix *hidden_gradient_after_relu = gsl_matrix_alloc (N, H);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double mask = gsl_matrix_get (cache->z1, n, h) > 0 ? 1.0 : 0.0;
        gsl_matrix_set (hidden_gradient_after_relu, n, h,
                        mask * gsl_matrix_get (hidden_gradient_before_relu, n, h));
      }
  gsl_matrix_memcpy (g->dz1, hidden_gradient_after_relu);
  gsl_matrix_free (hidden_gradient_before_relu);

  /* W1_gradient = X^T hidden_gradient_after_relu */
  gsl_matrix *W1_gradient = gsl_matrix_alloc (D, H);
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
          acc += gsl_matrix_get (X, n, d) * gsl_matrix_get (hidden_gradient_after_relu, n, h);
        gsl_matrix_set (W1_gradient, d, h, acc);
      }
  /* ... + 2 reg W1 (regularisation) */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (hidden_gradient_after_relu, d, h, gsl_matrix_get (hidden_gradient_after_relu, d, h) + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
  gsl_matrix_memcpy (g->dW1, W1_gradient);
  gsl_matrix_free (W1_gradient);

  /* b1 gradient = column sums of dz1 */
  gsl_vector_set_zero (g->db1);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + gsl_matrix_get (g->dz1, n, h));
  gsl_matrix_free (hidden_gradient_after_relu);

  g->present = BP_GRADS_ALL;
  return 0;
}
