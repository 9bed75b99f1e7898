/* backward.c -- I did it one sample at a time because I understand it
   better that way (every sample adds its own outer product) */

#include "backprop.h"
#include <stdio.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
	      double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, a, b, c;
  double scale, tmp, tmp2;
  int rep;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  scale = 1.0 / N;

  /* the sums start at zero (they have junk in them otherwise) */
  gsl_matrix_set_zero(g->dW2);
  gsl_vector_set_zero(g->db2);
  gsl_matrix_set_zero(g->dW1);
  gsl_vector_set_zero(g->db1);

  for (i = 0; i < N; i++) {
      /* row i of dz2 */
      for (c = 0; c < net->C; c++) {
	  tmp = gsl_matrix_get(cache->prob, i, c);
	  if (c == y[i])
	    tmp -= 1.0;
	  tmp *= scale;
	  gsl_matrix_set(g->dz2, i, c, tmp);
	  /* db2 += dz2_i */
	  gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) + tmp);
	  /* dW2 += p1_i (outer) dz2_i */
	  for (a = 0; a < net->H; a++) {
	      tmp2 = gsl_matrix_get(g->dW2, a, c) + gsl_matrix_get(cache->p1, i, a) * tmp;
	      gsl_matrix_set(g->dW2, a, c, tmp2);
	  }
      }
      /* row i of dp1 = W2 dz2_i, and of dz1 */
      for (a = 0; a < net->H; a++) {
	  tmp = 0;
	  for (c = 0; c < net->C; c++)
	    tmp += gsl_matrix_get(net->W2, a, c) * gsl_matrix_get(g->dz2, i, c);
	  gsl_matrix_set(g->dp1, i, a, tmp);
	  if (!(gsl_matrix_get(cache->z1, i, a) > 0))
	    tmp = 0;
	  gsl_matrix_set(g->dz1, i, a, tmp);
	  gsl_vector_set(g->db1, a, gsl_vector_get(g->db1, a) + tmp);
	  /* dW1 += x_i (outer) dz1_i */
	  for (b = 0; b < net->D; b++) {
	      tmp2 = gsl_matrix_get(g->dW1, b, a) + gsl_matrix_get(X, i, b) * tmp;
	      gsl_matrix_set(g->dW1, b, a, tmp2);
	  }
      }
  }

  /* reg: d/dW of reg*W^2 is 2*reg*W, so add reg*W two times */
  for (rep = 0; rep < 2; rep++) {
      for (a = 0; a < net->H; a++)
	for (c = 0; c < net->C; c++)
	  gsl_matrix_set(g->dW2, a, c, gsl_matrix_get(g->dW2, a, c) + reg * gsl_matrix_get(net->W2, a, c));
      for (b = 0; b < net->D; b++)
	for (a = 0; a < net->H; a++)
	  gsl_matrix_set(g->dW1, b, a, gsl_matrix_get(g->dW1, b, a) + reg * gsl_matrix_get(net->W1, b, a));
  }
  //printf("%f %f\n", gsl_matrix_get(g->dW2,0,0), gsl_matrix_get(g->dW1,0,0));

  g->present = BP_GRADS_ALL;
  return 0;
}
