/* Backward pass -- lab 5.
 * One helper per layer, each a single loop over the samples.  I recompute
 * the softmax from the scores (stable, max subtracted) instead of reading
 * cache->prob; it is the same numbers.  dz1 is made in place: copy dp1,
 * then zero the dead units (p1 == 0 exactly when z1 <= 0). */

#include <math.h>
#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* acc (m x n, row-major) += u v^T */
static void
outer_acc (double *acc, const double *u, size_t m, const double *v, size_t n)
{
  size_t a, b;
  for (a = 0; a < m; a++)
    for (b = 0; b < n; b++)
      acc[a * n + b] += u[a] * v[b];
}

/* out = (softmax(z2 row i) - onehot(label)) * scale */
static void
score_grad (const gsl_matrix *z2, size_t i, size_t label, double scale,
            double *out)
{
  const double *z = gsl_matrix_const_ptr (z2, i, 0);
  size_t C = z2->size2, k;
  double mx = z[0], tot = 0.0;

  for (k = 1; k < C; k++)
    if (z[k] > mx)
      mx = z[k];
  for (k = 0; k < C; k++)
    {
      out[k] = exp (z[k] - mx);
      tot += out[k];
    }
  for (k = 0; k < C; k++)
    out[k] = (out[k] / tot - (k == label ? 1.0 : 0.0)) * scale;
}

/* dst = acc + 2 reg W */
static void
store_weights (gsl_matrix *dst, const double *acc, const gsl_matrix *W,
               double reg)
{
  size_t a, b, n = dst->size2;
  for (a = 0; a < dst->size1; a++)
    for (b = 0; b < n; b++)
      gsl_matrix_set (dst, a, b,
                      acc[a * n + b] + 2.0 * reg * gsl_matrix_get (W, a, b));
}

static void
output_layer (const bp_net *net, const size_t *y, double reg,
              const bp_cache *cache, bp_grads *g, double *acc)
{
  size_t N = cache->N, H = net->H, C = net->C, i, j, k;
  double *accb = acc + H * C;

  for (j = 0; j < H * C + C; j++)
    acc[j] = 0.0;
  for (i = 0; i < N; i++)
    {
      double *dz = gsl_matrix_ptr (g->dz2, i, 0);
      double *dp = gsl_matrix_ptr (g->dp1, i, 0);

      score_grad (cache->z2, i, y[i], 1.0 / (double) N, dz);
      outer_acc (acc, gsl_matrix_const_ptr (cache->p1, i, 0), H, dz, C);
      for (k = 0; k < C; k++)
        accb[k] += dz[k];
      for (j = 0; j < H; j++)
        {
          dp[j] = 0.0;
          for (k = 0; k < C; k++)
            dp[j] += dz[k] * gsl_matrix_get (net->W2, j, k);
        }
    }
  store_weights (g->dW2, acc, net->W2, reg);
  for (k = 0; k < C; k++)
    gsl_vector_set (g->db2, k, accb[k]);
}

static void
hidden_layer (const bp_net *net, const gsl_matrix *X, double reg,
              const bp_cache *cache, bp_grads *g, double *acc)
{
  size_t N = cache->N, D = net->D, H = net->H, i, j;
  double *accb = acc + D * H;

  for (j = 0; j < D * H + H; j++)
    acc[j] = 0.0;
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    {
      double *dz = gsl_matrix_ptr (g->dz1, i, 0);
      for (j = 0; j < H; j++)
        {
          if (!(gsl_matrix_get (cache->p1, i, j) > 0.0))
            dz[j] = 0.0;
          accb[j] += dz[j];
        }
      outer_acc (acc, gsl_matrix_const_ptr (X, i, 0), D, dz, H);
    }
  store_weights (g->dW1, acc, net->W1, reg);
  for (j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, accb[j]);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t D = net->D, H = net->H, C = net->C, n;
  double *work;

  if (X->size1 != cache->N || X->size2 != D || g->N != X->size1)
    return 1;
  n = H * C + C > D * H + H ? H * C + C : D * H + H;
  work = malloc (n * sizeof *work);
  if (work == NULL)
    return 1;
  output_layer (net, y, reg, cache, g, work);
  hidden_layer (net, X, reg, cache, g, work);
  free (work);
  g->present = BP_GRADS_ALL;
  return 0;
}
