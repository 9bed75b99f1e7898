/* backward.c   (lab 3, part 2)
 *
 * TODO: clean up before handing in
 */
#include <stdio.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1;
  int D = (int) net->D;
  int H = (int) net->H;
  int C = (int) net->C;
  int i, j, k;
  double sum, d;

  /* 1) dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++) {
      d = gsl_matrix_get (cache->prob, i, j);
      if ((size_t) j == y[i])
        d = d - 1.0;
      gsl_matrix_set (g->dz2, i, j, d / (double) N);
    }

  /* 2) dW2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++) {
      sum = 0.0;
      for (k = 0; k < N; k++)
        sum += gsl_matrix_get (cache->p1, k, i) * gsl_matrix_get (g->dz2, k, j);
      gsl_matrix_set (g->dW2, i, j, sum + 2.0 * reg * gsl_matrix_get (net->W2, i, j));
    }

  /* 3) db2 */
  for (j = 0; j < C; j++) {
    sum = 0.0;
    for (k = 0; k < N; k++)
      sum += gsl_matrix_get (g->dz2, k, j);
    gsl_vector_set (g->db2, j, sum);
  }

  /* 4) dp1 = dz2 * W2^T, and then the relu: the gradient can only go back
   *    through the units that were active */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      sum = 0.0;
      for (k = 0; k < C; k++)
        sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
	  if (gsl_matrix_get (cache->z1, i, j) <= 0.0) sum = 0.0;
      gsl_matrix_set (g->dp1, i, j, sum);
    }

  /* 5) dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      d = gsl_matrix_get (g->dp1, i, j);
      if (gsl_matrix_get (cache->z1, i, j) > 0.0)
        gsl_matrix_set (g->dz1, i, j, d);
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);
      /* gsl_matrix_set (g->dz1, i, j, d * gsl_matrix_get (cache->p1, i, j)); */
    }

  /* 6) dW1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++) {
      sum = 0.0;
      for (k = 0; k < N; k++)
        sum += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
      gsl_matrix_set (g->dW1, i, j, sum + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
    }

  /* 7) db1 */
  for (j = 0; j < H; j++) {
    sum = 0.0;
    for (k = 0; k < N; k++)
      sum += gsl_matrix_get (g->dz1, k, j);
    gsl_vector_set (g->db1, j, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
