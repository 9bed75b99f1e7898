/* backward.c  --  backward pass, two-layer net
 *
 *   recompute_hidden : z1 and p1 again from X, W1, b1
 *   my_softmax       : probabilities from the cached scores z2
 */

#include <math.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
recompute_hidden (const bp_net *net, const gsl_matrix *X,
                  gsl_matrix *z1, gsl_matrix *p1)
{
  size_t n, h, d;
  for (n = 0; n < X->size1; n++)
    for (h = 0; h < net->H; h++)
      {
        double t = gsl_vector_get (net->b1, h);
        for (d = 0; d < net->D; d++)
          t += gsl_matrix_get (X, n, d) * gsl_matrix_get (net->W1, d, h);
        gsl_matrix_set (z1, n, h, t);
        gsl_matrix_set (p1, n, h, t > 0 ? t : 0);
      }
}

/* prob = softmax of each row of scores (max subtracted first) */
static void
my_softmax (const gsl_matrix *scores, gsl_matrix *prob)
{
  size_t n, c;
  for (n = 0; n < scores->size1; n++)
    {
      double m = gsl_matrix_get (scores, n, 0), sum = 0;
      for (c = 1; c < scores->size2; c++)
        m = fmax (m, gsl_matrix_get (scores, n, c));
      for (c = 0; c < scores->size2; c++)
        sum += exp (gsl_matrix_get (scores, n, c) - m);
      for (c = 0; c < scores->size2; c++)
        gsl_matrix_set (prob, n, c, exp (gsl_matrix_get (scores, n, c) - m) / sum);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;
  gsl_matrix *z1 = gsl_matrix_alloc (N, H);
  gsl_matrix *p1 = gsl_matrix_alloc (N, H);
  gsl_matrix *prob = gsl_matrix_alloc (N, C);

  if (!z1 || !p1 || !prob)
    {
      gsl_matrix_free (z1);
      gsl_matrix_free (p1);
      gsl_matrix_free (prob);
      return 1;
    }
  recompute_hidden (net, X, z1, p1);
  my_softmax (cache->z2, prob);

  /* dz2 = (prob - onehot) / N */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c,
                      (gsl_matrix_get (prob, n, c) - (c == y[n] ? 1 : 0)) / N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double t = 0;
        for (n = 0; n < N; n++)
          t += gsl_matrix_get (p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        t += 2 * reg * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dW2, h, c, t);
      }

  /* db2 */
  for (c = 0; c < C; c++)
    {
      double t = 0;
      for (n = 0; n < N; n++)
        t += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, t);
    }

  /* dp1 = dz2 W2^T */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double t = 0;
        for (c = 0; c < C; c++)
          t += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, t);
      }

  /* dz1 = dp1 * (z1 > 0) */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (z1, n, h) > 0
                      ? gsl_matrix_get (g->dp1, n, h) : 0);

  /* dW1 = X^T dz1 + reg W1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double t = 0;
        for (n = 0; n < N; n++)
          t += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        t += reg * gsl_matrix_get (net->W1, d, h);
        gsl_matrix_set (g->dW1, d, h, t);
      }

  /* db1 */
  for (h = 0; h < H; h++)
    {
      double t = 0;
      for (n = 0; n < N; n++)
        t += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, t);
    }

  gsl_matrix_free (z1);
  gsl_matrix_free (p1);
  gsl_matrix_free (prob);
  g->present = BP_GRADS_ALL;
  return 0;
}
