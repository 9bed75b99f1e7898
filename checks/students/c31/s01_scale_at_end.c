/* backward.c  --  HW3 part 2, backward pass for the 2 layer net
 *
 * I do everything WITHOUT the 1/N first and divide all of it at the end,
 * like the lecture slides (slide 41?).  the reg part must not be divided,
 * that is why it is added after.
 *
 * TODO: clean up the prints before handing in
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <stdio.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y, double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  double tmp, tmp2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /*** 1. dz2 = prob - onehot   (no 1/N yet!!) ***/
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++) {
      tmp = gsl_matrix_get(g->dz2, i, y[i]);
      gsl_matrix_set(g->dz2, i, y[i], tmp - 1.0);
  }
  //for (i=0;i<N;i++) { for(j=0;j<3;j++) printf("%f ", gsl_matrix_get(g->dz2,i,j)); printf("\n"); }

  /*** 2. dW2 = p1^T dz2 ***/
  // gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);   <- gsl error, bad length
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);

  /*** 3. db2 ***/
  for (j = 0; j < net->C; j++) {
    tmp = 0;
    for (i = 0; i < N; i++)
        tmp += gsl_matrix_get(g->dz2, i, j);
    gsl_vector_set(g->db2, j, tmp);
  }

  /*** 4. dp1 = dz2 W2^T    (N x 3)(3 x 10) ***/
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /*** 5. dz1 ***/
  gsl_matrix_memcpy(g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++) {
      tmp2 = gsl_matrix_get(cache->z1, i, j);
      if (tmp2 <= 0)
        gsl_matrix_set(g->dz1, i, j, 0.0);
    }

  /*** 6. dW1 = X^T dz1 ***/
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

  /*** 7. db1 ***/
  for (j = 0; j < cache->H; j++) {
    tmp = 0;
    for (i = 0; i < N; i++) tmp += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, tmp);
  }

  /* NOW divide everything by N (all 7, the intermediate ones too, they are
     gradients of the mean loss) */
  tmp = 1.0 / (double) N;
  gsl_matrix_scale(g->dz2, tmp);
  gsl_matrix_scale(g->dW2, tmp);
  gsl_vector_scale(g->db2, tmp);
  gsl_matrix_scale(g->dp1, tmp);
  gsl_matrix_scale(g->dz1, tmp);
  gsl_matrix_scale(g->dW1, tmp);
  gsl_vector_scale(g->db1, tmp);

  /* reg AFTER the division (I had it before and it was off by 7x) */
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++) {
      tmp2 = gsl_matrix_get(g->dW2, i, j) + 2.0 * reg * gsl_matrix_get(net->W2, i, j);
      gsl_matrix_set(g->dW2, i, j, tmp2);
    }
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++) {
      tmp2 = gsl_matrix_get(g->dW1, i, j) + 2.0 * reg * gsl_matrix_get(net->W1, i, j);
      gsl_matrix_set(g->dW1, i, j, tmp2);
    }
  //printf("dW1[0][0] = %g\n", gsl_matrix_get(g->dW1, 0, 0));

  g->present = BP_GRADS_ALL;
  return 0;
}
