/* backward pass -- allocation-free after the first call.
 * One static scratch area holds the temporaries (the score gradient and
 * the hidden gradient, flat, row-major); it grows when a bigger batch or
 * net comes along and is otherwise reused as it is.  Every entry is
 * written before it is read, so what the last call left there does not
 * matter. */

#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double *scratch;
static size_t scratch_len;

static double *
get_scratch (size_t len)
{
  if (len > scratch_len)
    {
      double *p = realloc (scratch, len * sizeof *p);
      if (!p)
        return NULL;
      scratch = p;
      scratch_len = len;
    }
  return scratch;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double *ds, *dh;
  size_t i, j, k;

  ds = get_scratch (N * C + N * H);
  if (!ds)
    return 1;
  dh = ds + N * C;

  /* scores */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      ds[i * C + k] = (gsl_matrix_get (cache->prob, i, k)
                       - (k == y[i] ? 1.0 : 0.0)) / N;

  /* hidden */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += ds[i * C + k] * gsl_matrix_get (net->W2, j, k);
        dh[i * H + j] = s;
      }

  /* out to g */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        gsl_matrix_set (g->dz2, i, k, ds[i * C + k]);
      for (j = 0; j < H; j++)
        {
          gsl_matrix_set (g->dp1, i, j, dh[i * H + j]);
          gsl_matrix_set (g->dz1, i, j,
                          gsl_matrix_get (cache->z1, i, j) > 0.0 ? dh[i * H + j] : 0.0);
        }
    }

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * ds[i * C + k];
        gsl_matrix_set (g->dW2, j, k, s);
      }
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += ds[i * C + k];
      gsl_vector_set (g->db2, k, s);
    }

  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W1, i, j);
        for (k = 0; k < N; k++)
          s += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, s);
      }
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
