/* Backward pass.  I compute everything into my own plain arrays first
 * (easier to debug with printf) and copy into g at the end. */

#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
copy_in (gsl_matrix *dst, const double *src)
{
  size_t i, j;
  for (i = 0; i < dst->size1; i++)
    for (j = 0; j < dst->size2; j++)
      gsl_matrix_set (dst, i, j, src[i * dst->size2 + j]);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *dscores = calloc (N * C, sizeof (double));
  double *dW2 = calloc (H * C, sizeof (double));
  double *db2 = calloc (C, sizeof (double));
  double *dhidden = calloc (N * H, sizeof (double));
  double *dpre = calloc (N * H, sizeof (double));
  double *dW1 = calloc (D * H, sizeof (double));
  double *db1 = calloc (H, sizeof (double));

  if (!dscores || !dW2 || !db2 || !dhidden || !dpre || !dW1 || !db1)
    return 1;

  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        dscores[i * C + k] = gsl_matrix_get (cache->prob, i, k);
      dscores[i * C + y[i]] -= 1.0;
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      for (k = 0; k < C; k++)
        dW2[j * C + k] += gsl_matrix_get (cache->p1, i, j) * dscores[i * C + k];
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      dW2[j * C + k] += 2 * reg * gsl_matrix_get (net->W2, j, k);

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      db2[k] += dscores[i * C + k];

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      for (k = 0; k < C; k++)
        dhidden[i * H + j] += dscores[i * C + k] * gsl_matrix_get (net->W2, j, k);

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        dpre[i * H + j] = dhidden[i * H + j];

  for (i = 0; i < N; i++)
    for (k = 0; k < D; k++)
      for (j = 0; j < H; j++)
        dW1[k * H + j] += gsl_matrix_get (X, i, k) * dpre[i * H + j];
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      dW1[k * H + j] += 2 * reg * gsl_matrix_get (net->W1, k, j);

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      db1[j] += dpre[i * H + j];

  copy_in (g->dz2, dscores);
  copy_in (g->dW2, dW2);
  for (k = 0; k < C; k++)
    gsl_vector_set (g->db2, k, db2[k]);
  copy_in (g->dp1, dhidden);
  copy_in (g->dz1, dpre);
  copy_in (g->dW1, dW1);
  for (j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, db1[j]);

  free (dscores); free (dW2); free (db2); free (dhidden);
  free (dpre); free (dW1); free (db1);
  g->present = BP_GRADS_ALL;
  return 0;
}
