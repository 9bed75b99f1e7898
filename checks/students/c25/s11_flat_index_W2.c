/* backward.c
 *
 * I do the matrix products by hand on the raw arrays (GSL is row-major, so
 * A[i][j] is data[i * tda + j]); it is a lot faster than gsl_matrix_get
 * with range checking.  Only W2 and the dz's are touched this way.
 */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  const size_t N = probs->size1, C = probs->size2;
  for (size_t i = 0; i < N; i++)
    {
      const double *p = probs->data + i * probs->tda;
      double *d = dscores->data + i * dscores->tda;
      for (size_t c = 0; c < C; c++)
        d[c] = p[c] / N;
      d[y[i]] -= 1.0 / N;
    }
}

/* dw = x^T dout, db = column sums (dx done separately) */
static void
affine_backward_params (const gsl_matrix *dout, const gsl_matrix *x,
                        gsl_matrix *dw, gsl_vector *db)
{
  const size_t N = x->size1, K = x->size2, M = dout->size2;
  gsl_matrix_set_zero (dw);
  gsl_vector_set_zero (db);
  for (size_t n = 0; n < N; n++)
    for (size_t m = 0; m < M; m++)
      {
        double d = gsl_matrix_get (dout, n, m);
        for (size_t k = 0; k < K; k++)
          *gsl_matrix_ptr (dw, k, m) += gsl_matrix_get (x, n, k) * d;
        *gsl_vector_ptr (db, m) += d;
      }
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  for (size_t i = 0; i < x->size1; i++)
    for (size_t j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j,
                      gsl_matrix_get (x, i, j) > 0 ? gsl_matrix_get (dout, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  softmax_loss_backward (cache->prob, y, g->dz2);

  affine_backward_params (g->dz2, cache->p1, g->dW2, g->db2);
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      *gsl_matrix_ptr (g->dW2, h, c) += 2 * reg * gsl_matrix_get (net->W2, h, c);

  /* dp1 = dz2 W2^T  -> dp1[i][h] = sum_c dz2[i][c] W2[h][c] */
  {
    const double *dz2 = g->dz2->data;
    const double *w2 = net->W2->data;
    double *dp1 = g->dp1->data;
    for (size_t i = 0; i < N; i++)
      for (size_t h = 0; h < H; h++)
        {
          double s = 0.0;
          for (size_t c = 0; c < C; c++)
            s += dz2[i * C + c] * w2[c * H + h];
          dp1[i * H + h] = s;
        }
  }

  relu_backward (g->dp1, cache->z1, g->dz1);

  affine_backward_params (g->dz1, X, g->dW1, g->db1);
  for (size_t d = 0; d < net->D; d++)
    for (size_t h = 0; h < H; h++)
      *gsl_matrix_ptr (g->dW1, d, h) += 2 * reg * gsl_matrix_get (net->W1, d, h);

  g->present = BP_GRADS_ALL;
  return 0;
}
