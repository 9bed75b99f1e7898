/* NN assignment -- backward()         Lucas Ferreira, group B
 *
 * I rewrote the pseudocode from the lecture (backprop, slide 27):
 *
 *   for each sample n:
 *       delta2[n] = (prob[n] - e_{y_n}) / N
 *       grad_W2  += a1[n]^T delta2[n]         grad_b2 += delta2[n]
 *       da1[n]    = delta2[n] W2^T
 *       delta1[n] = da1[n] * relu'(z1[n])
 *       grad_W1  += x[n]^T delta1[n]          grad_b1 += delta1[n]
 *   grad_W += 2 reg W
 *
 * but with the sums over n as the inner loop.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* my copies (row-major) */
  double *xs = malloc (N * D * sizeof *xs);
  double *zs = malloc (N * H * sizeof *zs);
  double *as = malloc (N * H * sizeof *as);
  double *w2 = malloc (H * C * sizeof *w2);
  for (n = 0; n < N; n++)
    {
      memcpy (xs + n * D, gsl_matrix_const_ptr (X, n, 0), D * sizeof (double));
      memcpy (zs + n * H, gsl_matrix_const_ptr (cache->z1, n, 0), H * sizeof (double));
      memcpy (as + n * H, gsl_matrix_const_ptr (cache->p1, n, 0), H * sizeof (double));
    }
  for (h = 0; h < H; h++)
    memcpy (w2 + h * C, gsl_matrix_const_ptr (net->W2, h, 0), C * sizeof (double));

  double *delta2 = malloc (N * C * sizeof (double));
  double *da1 = malloc (N * H * sizeof (double));
  double *delta1 = malloc (N * H * sizeof (double));
  double *grad_W2 = malloc (H * C * sizeof (double));
  double *grad_W1 = malloc (D * H * sizeof (double));
  double *grad_b2 = malloc (C * sizeof (double));
  double *grad_b1 = malloc (H * sizeof (double));

  /* delta2 */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      delta2[n * C + c] = (gsl_matrix_get (cache->prob, n, c)
                           - (c == y[n] ? 1.0 : 0.0)) / (double) N;

  /* grad_W2, grad_b2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double s = 0;
        for (n = 0; n < N; n++)
          s += as[n * H + h] * delta2[n * C + c];
        grad_W2[h * C + c] = s + 2 * reg * w2[h * C + c];
      }
  for (c = 0; c < C; c++)
    {
      double s = 0;
      for (n = 0; n < N; n++)
        s += delta2[n * C + c];
      grad_b2[c] = s;
    }

  /* da1, delta1 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0;
        for (c = 0; c < C; c++)
          s += delta2[n * C + c] * w2[h * C + c];
        da1[n * H + h] = s;
        delta1[n * H + h] = zs[n * H + h] > 0 ? s : 0;
      }

  /* grad_W1, grad_b1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = 0;
        for (n = 0; n < N; n++)
          s += xs[d * N + n] * delta1[n * H + h];
        grad_W1[d * H + h] = s + 2 * reg * gsl_matrix_get (net->W1, d, h);
      }
  for (h = 0; h < H; h++)
    {
      double s = 0;
      for (n = 0; n < N; n++)
        s += delta1[n * H + h];
      grad_b1[h] = s;
    }

  /* back into g */
  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        gsl_matrix_set (g->dz2, n, c, delta2[n * C + c]);
      for (h = 0; h < H; h++)
        {
          gsl_matrix_set (g->dp1, n, h, da1[n * H + h]);
          gsl_matrix_set (g->dz1, n, h, delta1[n * H + h]);
        }
    }
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, grad_W2[h * C + c]);
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, grad_W1[d * H + h]);
  for (c = 0; c < C; c++)
    gsl_vector_set (g->db2, c, grad_b2[c]);
  for (h = 0; h < H; h++)
    gsl_vector_set (g->db1, h, grad_b1[h]);
  g->present = BP_GRADS_ALL;

  free (xs); free (zs); free (as); free (w2);
  free (delta2); free (da1); free (delta1);
  free (grad_W2); free (grad_W1); free (grad_b2); free (grad_b1);
  return 0;
}
