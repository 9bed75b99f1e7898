/*
 * backward.c  --  backprop for the 2 layer net, by hand, no blas.
 *
 * Everything goes through plain double arrays:
 *   buf   (N*C)  dz2
 *   work  (N*H)  dp1, then dz1 (masked in place)
 *   t1    (H)    column sums, for db2 and then db1 (H >= C ... I hope)
 * and the gsl matrices are read through ->data and ->tda.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define MAT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, d;
  double *buf, *work, *t1;
  double s;

  if (N != cache->N || D != X->size2 || g->N != N)
    return 1;

  buf = malloc (N * C * sizeof (double));
  work = malloc (N * H * sizeof (double));
  t1 = malloc ((H > C ? H : C) * sizeof (double));
  if (buf == NULL || work == NULL || t1 == NULL)
    {
      free (buf); free (work); free (t1);
      return 1;
    }

  /* dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        s = MAT (cache->prob, i, k);
        if (k == y[i])
          s -= 1.0;
        buf[i * C + k] = s / (double) N;
        MAT (g->dz2, i, k) = buf[i * C + k];
      }

  /* dW2 (H,C) = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += MAT (cache->p1, i, j) * buf[i * C + k];
        MAT (g->dW2, j, k) = s + 2.0 * reg * MAT (net->W2, j, k);
      }

  /* db2 */
  for (k = 0; k < C; k++)
    t1[k] = 0.0;
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      t1[k] += buf[i * C + k];
  for (k = 0; k < C; k++)
    g->db2->data[k * g->db2->stride] = t1[k];

  /* dp1 (N,H) = dz2 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        for (k = 0; k < C; k++)
          s += buf[i * C + k] * MAT (net->W2, j, k);
        work[i * H + j] = s;
        MAT (g->dp1, i, j) = s;
      }

  /* dz1, in place: work *= [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (!(MAT (cache->z1, i, j) > 0.0))
          work[i * H + j] = 0.0;
        MAT (g->dz1, i, j) = work[i * H + j];
      }

  /* dW1 (D,H) = X' dz1 + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += MAT (X, i, d) * work[i * H + j];
        MAT (g->dW1, d, j) = s + 2.0 * reg * MAT (net->W1, d, j);
      }

  /* db1, t1 again */
  for (j = 0; j < H; j++)
    t1[j] = 0.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      t1[j] += work[i * H + j];
  for (j = 0; j < H; j++)
    g->db1->data[j * g->db1->stride] = t1[j];

  free (buf);
  free (work);
  free (t1);
  g->present = BP_GRADS_ALL;
  return 0;
}
