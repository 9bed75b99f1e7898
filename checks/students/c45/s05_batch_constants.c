/* backward.c -- hand-derived gradients for the 2-layer network
   Name: Lukas Brandt    Matr.-Nr. 4471190
   Course: Machine Learning Systems, WS
   
   Strategy: compute the batch constants once at the top, then do one
   pass over the samples.  Each sample contributes an outer product to the
   weight gradients (dger) and its row to the bias gradients. */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* d(mean cross-entropy)/d(scores) for one sample, in place:
   row <- (row - e_label) * scale */
static void
softmax_grad_inplace (gsl_vector *row, size_t label, double scale)
{
  double p = gsl_vector_get (row, label);
  gsl_vector_set (row, label, p - 1.0);
  gsl_vector_scale (row, scale);
}

/* out = upstream, zeroed where the pre-activation was not positive */
static int
relu_backward (const gsl_vector *pre, const gsl_vector *upstream,
               gsl_vector *out)
{
  size_t k;
  int status = gsl_vector_memcpy (out, upstream);
  if (status != GSL_SUCCESS)
    return status;
  for (k = 0; k < out->size; k++)
    {
      if (gsl_vector_get (pre, k) <= 0.0)
        gsl_vector_set (out, k, 0.0);
    }
  return GSL_SUCCESS;
}

/* W_grad <- 2 * reg * W, the starting value before the data term */
static int
init_with_l2 (gsl_matrix *W_grad, const gsl_matrix *W, double reg)
{
  int status = gsl_matrix_memcpy (W_grad, W);
  if (status != GSL_SUCCESS)
    return status;
  return gsl_matrix_scale (W_grad, 2.0 * reg);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t n_samples = X->size1;
  const double inv_batch = 1 / n_samples;
  size_t s;
  int status;

  if (n_samples == 0 || n_samples != cache->N || g->N != n_samples
      || X->size2 != net->D)
    return GSL_EBADLEN;

  /* regularisation first, the data terms get added on top */
  status = init_with_l2 (g->dW2, net->W2, reg);
  if (status != GSL_SUCCESS)
    goto cleanup;
  status = init_with_l2 (g->dW1, net->W1, reg);
  if (status != GSL_SUCCESS)
    goto cleanup;
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (s = 0; s < n_samples; s++)
    {
      gsl_vector_const_view x_s = gsl_matrix_const_row (X, s);
      gsl_vector_const_view prob_s = gsl_matrix_const_row (cache->prob, s);
      gsl_vector_const_view act_s = gsl_matrix_const_row (cache->p1, s);
      gsl_vector_const_view pre_s = gsl_matrix_const_row (cache->z1, s);
      gsl_vector_view dz2_s = gsl_matrix_row (g->dz2, s);
      gsl_vector_view dp1_s = gsl_matrix_row (g->dp1, s);
      gsl_vector_view dz1_s = gsl_matrix_row (g->dz1, s);

      status = gsl_vector_memcpy (&dz2_s.vector, &prob_s.vector);
      if (status != GSL_SUCCESS)
        goto cleanup;
      softmax_grad_inplace (&dz2_s.vector, y[s], inv_batch);

      status = gsl_blas_dger (1.0, &act_s.vector, &dz2_s.vector, g->dW2);
      if (status != GSL_SUCCESS)
        goto cleanup;
      status = gsl_vector_add (g->db2, &dz2_s.vector);
      if (status != GSL_SUCCESS)
        goto cleanup;

      status = gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2_s.vector,
                               0.0, &dp1_s.vector);
      if (status != GSL_SUCCESS)
        goto cleanup;

      status = relu_backward (&pre_s.vector, &dp1_s.vector, &dz1_s.vector);
      if (status != GSL_SUCCESS)
        goto cleanup;

      status = gsl_blas_dger (1.0, &x_s.vector, &dz1_s.vector, g->dW1);
      if (status != GSL_SUCCESS)
        goto cleanup;
      status = gsl_vector_add (g->db1, &dz1_s.vector);
      if (status != GSL_SUCCESS)
        goto cleanup;
    }

  g->present = BP_GRADS_ALL;

cleanup:
  return status;
}
