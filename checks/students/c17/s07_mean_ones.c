/* backward pass, problem set 2
 * Olusegun Adeyemi
 *
 * bias gradients via dgemv with a vector of ones (sum over the batch),
 * weight gradients via dgemm.
 * TODO: free-list / preallocate workspace instead of alloc every call
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t batch = X->size1;
  size_t hid = net->H, cls = net->C;

  /* workspace */
  gsl_matrix *target = gsl_matrix_calloc (batch, cls);
  gsl_matrix *on = gsl_matrix_alloc (batch, hid);
  gsl_vector *avg = gsl_vector_alloc (batch);
  gsl_vector_set_all (avg, 1.0 / batch);   /* bias grad = average over batch */

  for (size_t b = 0; b < batch; b++)
    gsl_matrix_set (target, b, y[b], 1.0);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, target);
  gsl_matrix_scale (g->dz2, 1.0 / batch);

  /* db2 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, avg, 0.0, g->db2);

  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (size_t b = 0; b < batch; b++)
    for (size_t h = 0; h < hid; h++)
      gsl_matrix_set (on, b, h, gsl_matrix_get (cache->z1, b, h) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, on);

  /* db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, avg, 0.0, g->db1);

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_matrix_free (target);
  gsl_matrix_free (on);
  gsl_vector_free (avg);
  g->present = BP_GRADS_ALL;
  return 0;
}
