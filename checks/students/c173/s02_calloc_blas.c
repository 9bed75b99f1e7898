/* HW4 -- backprop by hand.  Section B skeleton (buffers are calloc'd,
 * free them at the end).  TODOs 1-7 filled in, uses BLAS for the three
 * matrix products because the loops were slow on the big net.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;
  int ret = 0;

  double *dscores = calloc (N * C, sizeof (double));
  double *dW2 = calloc (H * C, sizeof (double));
  double *db2 = calloc (C, sizeof (double));
  double *dhidden = calloc (N * H, sizeof (double));
  double *dz1 = calloc (N * H, sizeof (double));
  double *dW1 = calloc (D * H, sizeof (double));
  double *db1 = calloc (H, sizeof (double));

  if (!dscores || !dW2 || !db2 || !dhidden || !dz1 || !dW1 || !db1)
    {
      ret = 1;
      goto done;
    }

  /* matrix views on the buffers, for blas */
  gsl_matrix_view mdsc = gsl_matrix_view_array (dscores, N, C);
  gsl_matrix_view mdW2 = gsl_matrix_view_array (dW2, H, C);
  gsl_matrix_view mdh = gsl_matrix_view_array (dhidden, N, H);
  gsl_matrix_view mdz1 = gsl_matrix_view_array (dz1, N, H);
  gsl_matrix_view mdW1 = gsl_matrix_view_array (dW1, D, H);

  /* TODO 1: dscores */
  gsl_matrix_memcpy (&mdsc.matrix, cache->prob);
  for (i = 0; i < N; i++)
    dscores[i * C + y[i]] -= 1.0;
  gsl_matrix_scale (&mdsc.matrix, 1.0 / (double) N);

  /* TODO 2: dW2 -- copy W2 first so beta = 2*reg adds the reg term */
  gsl_matrix_memcpy (&mdW2.matrix, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, &mdsc.matrix,
                  2.0 * reg, &mdW2.matrix);

  /* TODO 3: db2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      db2[j] += dscores[i * C + j];

  /* TODO 4: dhidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &mdsc.matrix, net->W2,
                  0.0, &mdh.matrix);

  /* TODO 5: dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0.0)
        dz1[i * H + j] = dhidden[i * H + j];
  /* (calloc'd, so the rest is already 0) */

  /* TODO 6: dW1 */
  gsl_matrix_memcpy (&mdW1.matrix, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, &mdz1.matrix,
                  2.0 * reg, &mdW1.matrix);

  /* TODO 7: db1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      db1[j] += dz1[i * H + j];

  /* copy out */
  gsl_matrix_memcpy (g->dz2, &mdsc.matrix);
  gsl_matrix_memcpy (g->dW2, &mdW2.matrix);
  gsl_matrix_memcpy (g->dp1, &mdh.matrix);
  gsl_matrix_memcpy (g->dz1, &mdz1.matrix);
  gsl_matrix_memcpy (g->dW1, &mdW1.matrix);
  for (j = 0; j < C; j++)
    gsl_vector_set (g->db2, j, db2[j]);
  for (j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, db1[j]);
  g->present = BP_GRADS_ALL;

done:
  free (dscores);
  free (dW2);
  free (db2);
  free (dhidden);
  free (dz1);
  free (dW1);
  free (db1);
  return ret;
}
