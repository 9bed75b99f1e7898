/* backward.c
 *
 * I compute everything into my own arrays first (easier to debug with
 * printf) and copy the results into g at the end.  The softmax is
 * recomputed from the scores, with the usual max trick.
 */

#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double *s2 = malloc (N * C * sizeof *s2);   /* dz2 */
  double *w2 = malloc (H * C * sizeof *w2);   /* dW2 */
  double *b2 = calloc (C, sizeof *b2);        /* db2 */
  double *a1 = malloc (N * H * sizeof *a1);   /* dp1 */
  double *s1 = malloc (N * H * sizeof *s1);   /* dz1 */
  double *w1 = calloc (D * H, sizeof *w1);    /* dW1 */
  double *b1 = calloc (H, sizeof *b1);        /* db1 */
  size_t i, j, k;

  if (!s2 || !w2 || !b2 || !a1 || !s1 || !w1 || !b1)
    return 1;

  /* softmax of each row of z2, then subtract one-hot, then mean */
  for (i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (cache->z2, i, 0), sum = 0.0;
      for (k = 1; k < C; k++)
        if (gsl_matrix_get (cache->z2, i, k) > m)
          m = gsl_matrix_get (cache->z2, i, k);
      for (k = 0; k < C; k++)
        {
          s2[i * C + k] = exp (gsl_matrix_get (cache->z2, i, k) - m);
          sum += s2[i * C + k];
        }
      for (k = 0; k < C; k++)
        s2[i * C + k] /= sum;
      s2[i * C + y[i]] -= 1.0;
      for (k = 0; k < C; k++)
        s2[i * C + k] /= (double) N;
    }

  /* W2, b2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * s2[i * C + k];
        w2[j * C + k] = acc;
      }
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      b2[k] += s2[i * C + k];

  /* back through W2 and the relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < C; k++)
          acc += s2[i * C + k] * gsl_matrix_get (net->W2, j, k);
        a1[i * H + j] = acc;
        s1[i * H + j] = gsl_matrix_get (cache->z1, i, j) > 0.0 ? acc : 0.0;
      }

  /* W1, b1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        for (k = 0; k < D; k++)
          w1[k * H + j] += gsl_matrix_get (X, i, k) * s1[i * H + j];
        b1[j] += s1[i * H + j];
      }
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      w1[k * H + j] += 2.0 * reg * gsl_matrix_get (net->W1, k, j);

  /* copy out */
  {
    gsl_matrix_view v;
    v = gsl_matrix_view_array (s2, N, C);
    gsl_matrix_memcpy (g->dz2, &v.matrix);
    v = gsl_matrix_view_array (w2, H, C);
    gsl_matrix_memcpy (g->dW2, &v.matrix);
    v = gsl_matrix_view_array (a1, N, H);
    gsl_matrix_memcpy (g->dp1, &v.matrix);
    v = gsl_matrix_view_array (s1, N, H);
    gsl_matrix_memcpy (g->dz1, &v.matrix);
    v = gsl_matrix_view_array (w1, D, H);
    gsl_matrix_memcpy (g->dW1, &v.matrix);
  }
  memcpy (g->db2->data, b2, C * sizeof (double));
  memcpy (g->db1->data, b1, H * sizeof (double));

  free (s2); free (w2); free (b2); free (a1); free (s1); free (w1); free (b1);
  g->present = BP_GRADS_ALL;
  return 0;
}
