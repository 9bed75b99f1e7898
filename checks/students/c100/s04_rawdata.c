/* backward.c -- ML3 coursework 2
 *
 * Goes straight through ->data (row i of A starts at A->data + i*A->tda),
 * because gsl_matrix_get was slow in the timing exercise.  The weight
 * gradients are accumulated one sample at a time as outer products,
 * like the derivation on the board (dW2 = sum_i h_i^T ds_i).
 */
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define ROW(A, i) ((A)->data + (i) * (A)->tda)

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* start the parameter gradients with the regularisation part */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      ROW (g->dW2, j)[k] = 2.0 * reg * ROW (net->W2, j)[k];
  for (j = 0; j < D; j++)
    for (k = 0; k < H; k++)
      ROW (g->dW1, j)[k] = 2.0 * reg * ROW (net->W1, j)[k];
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      const double *prob = ROW (cache->prob, i);
      const double *hid = ROW (cache->p1, i);
      const double *pre = ROW (cache->z1, i);
      const double *x = ROW (X, i);
      double *ds = ROW (g->dz2, i);
      double *dh = ROW (g->dp1, i);
      double *dz = ROW (g->dz1, i);

      /* scores */
      memcpy (ds, prob, C * sizeof (double));
      ds[y[i]] -= 1.0;
      for (k = 0; k < C; k++)
        ds[k] /= (double) N;

      for (j = 0; j < H; j++)
        {
          double acc = 0.0;
          for (k = 0; k < C; k++)
            {
              ROW (g->dW2, j)[k] += hid[j] * ds[k];
              acc += ds[k] * ROW (net->W2, j)[k];
            }
          dh[j] = acc;
          dz[j] = pre[j] > 0.0 ? acc : 0.0;
        }
      for (k = 0; k < C; k++)
        g->db2->data[k * g->db2->stride] += ds[k];

      for (j = 0; j < D; j++)
        for (k = 0; k < H; k++)
          ROW (g->dW1, j)[k] += x[j] * dz[k];
      for (k = 0; k < H; k++)
        g->db1->data[k * g->db1->stride] += dz[k];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
