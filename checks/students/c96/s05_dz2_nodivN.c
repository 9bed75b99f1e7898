/* backward.c  (Lab 6)
 * Tyler Okafor
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int status = 0;
  size_t N, H, C, i, j;
  gsl_vector *ones = NULL;
  gsl_matrix *relu_mask = NULL;

  if (!net || !X || !y || !cache || !g)
    return GSL_EFAULT;
  N = X->size1;
  H = net->H;
  C = net->C;
  if (N != cache->N || N != g->N || X->size2 != net->D)
    return GSL_EBADLEN;

  ones = gsl_vector_calloc (N);
  relu_mask = gsl_matrix_calloc (N, H);
  if (ones == NULL || relu_mask == NULL) {
    status = GSL_ENOMEM;
    goto end;
  }
  gsl_vector_set_all (ones, 1.0);

  /* dL/dz2: softmax minus one-hot of the label */
  for (i = 0; i < N; i++) {
    if (y[i] >= C) {
      status = GSL_EINVAL;
      goto end;
    }
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0));
  }

  /* dW2 = p1^T dz2 + 2*reg*W2 */
  status = gsl_matrix_memcpy (g->dW2, net->W2);
  if (status) goto end;
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  if (status) goto end;

  /* db2 */
  status = gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  if (status) goto end;

  /* dp1 = dz2 W2^T */
  status = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  if (status) goto end;

  /* relu backward: mask of 1s where z1 was positive */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (relu_mask, i, j, 1.0);
  status = gsl_matrix_memcpy (g->dz1, g->dp1);
  if (status) goto end;
  status = gsl_matrix_mul_elements (g->dz1, relu_mask);
  if (status) goto end;

  /* dW1 = X^T dz1 + 2*reg*W1 */
  status = gsl_matrix_memcpy (g->dW1, net->W1);
  if (status) goto end;
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  if (status) goto end;

  /* db1 */
  status = gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

end:
  if (relu_mask) gsl_matrix_free (relu_mask);
  if (ones) gsl_vector_free (ones);
  if (status == 0)
    g->present = BP_GRADS_ALL;
  return status;
}
