/* HW3 backward pass -- Daniel R.
 * Following the lecture slides (slide 41, "vectorized backprop"):
 *   Y     = one-hot labels, C x N on the slide
 *   delta2 = (P - Y) / N
 *   grad_W2 = a1^T delta2 + 2 lambda W2      grad_b2 = sum over rows
 *   delta1 = (delta2 W2^T) .* 1[z1 > 0]
 *   grad_W1 = X^T delta1 + 2 lambda W1      grad_b1 = sum over rows
 * all buffers flat, row-major: A[i*cols + j]
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
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double lambda = reg;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double *Xb = malloc (N * D * sizeof (double));
  double *z1 = malloc (N * H * sizeof (double));
  double *a1 = malloc (N * H * sizeof (double));
  double *P = malloc (N * C * sizeof (double));
  double *W1 = malloc (D * H * sizeof (double));
  double *W2 = malloc (H * C * sizeof (double));
  double *delta2 = malloc (N * C * sizeof (double));
  double *grad_W2 = malloc (H * C * sizeof (double));
  double *grad_b2 = malloc (C * sizeof (double));
  double *da1 = malloc (N * H * sizeof (double));
  double *delta1 = malloc (N * H * sizeof (double));
  double *grad_W1 = malloc (D * H * sizeof (double));
  double *grad_b1 = malloc (H * sizeof (double));

  /* copy out of gsl */
  for (i = 0; i < N; i++)
    for (j = 0; j < D; j++)
      Xb[i * D + j] = gsl_matrix_get (X, i, j);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        z1[i * H + j] = gsl_matrix_get (cache->z1, i, j);
        a1[i * H + j] = gsl_matrix_get (cache->p1, i, j);
      }
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      P[i * C + j] = gsl_matrix_get (cache->prob, i, j);
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      W1[i * H + j] = gsl_matrix_get (net->W1, i, j);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      W2[i * C + j] = gsl_matrix_get (net->W2, i, j);

  /* delta2 = (P - Y) / N */
  memcpy (delta2, P, N * C * sizeof (double));
  for (i = 0; i < N; i++)
    delta2[y[i] * N + i] -= 1.0;          /* Y[y_i, i] = 1 */
  for (i = 0; i < N * C; i++)
    delta2[i] /= (double) N;

  /* grad_W2 = a1^T delta2 + 2 lambda W2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      {
        double s = 0.0;
        for (k = 0; k < N; k++)
          s += a1[k * H + i] * delta2[k * C + j];
        grad_W2[i * C + j] = s + 2.0 * lambda * W2[i * C + j];
      }
  /* grad_b2 */
  for (j = 0; j < C; j++)
    {
      grad_b2[j] = 0.0;
      for (k = 0; k < N; k++)
        grad_b2[j] += delta2[k * C + j];
    }
  /* da1 = delta2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += delta2[i * C + k] * W2[j * C + k];
        da1[i * H + j] = s;
      }
  /* delta1 = da1 .* 1[z1 > 0] */
  for (i = 0; i < N * H; i++)
    delta1[i] = z1[i] > 0.0 ? da1[i] : 0.0;
  /* grad_W1 = X^T delta1 + 2 lambda W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < N; k++)
          s += Xb[k * D + i] * delta1[k * H + j];
        grad_W1[i * H + j] = s + 2.0 * lambda * W1[i * H + j];
      }
  /* grad_b1 */
  for (j = 0; j < H; j++)
    {
      grad_b1[j] = 0.0;
      for (k = 0; k < N; k++)
        grad_b1[j] += delta1[k * H + j];
    }

  /* copy back into g */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, delta2[i * C + j]);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dW2, i, j, grad_W2[i * C + j]);
  for (j = 0; j < C; j++)
    gsl_vector_set (g->db2, j, grad_b2[j]);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        gsl_matrix_set (g->dp1, i, j, da1[i * H + j]);
        gsl_matrix_set (g->dz1, i, j, delta1[i * H + j]);
      }
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, grad_W1[i * H + j]);
  for (j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, grad_b1[j]);
  g->present = BP_GRADS_ALL;

  free (Xb); free (z1); free (a1); free (P); free (W1); free (W2);
  free (delta2); free (grad_W2); free (grad_b2); free (da1); free (delta1);
  free (grad_W1); free (grad_b1);
  return 0;
}
