/* backward.c  (two layer net)
 *
 * Each Linear remembers the tensor it was applied to (ctx.save_for_backward
 * in torch), so linear_backward only needs grad_output. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct linear {
  const gsl_matrix *W;
  const gsl_matrix *input;      /* what forward multiplied by W */
  gsl_matrix *dW;
  gsl_vector *db;
  double l2;
};

static void
softmax_xent_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dlogits)
{
  size_t n, N = prob->size1;

  gsl_matrix_memcpy (dlogits, prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (dlogits, n, y[n], gsl_matrix_get (dlogits, n, y[n]) - 1.0);
  gsl_matrix_scale (dlogits, 1.0 / N);
}

static void
linear_backward (struct linear *self, const gsl_matrix *grad_output,
                 gsl_matrix *grad_input)
{
  gsl_vector *ones = gsl_vector_alloc (grad_output->size1);

  gsl_matrix_memcpy (self->dW, self->W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, self->input, grad_output,
                  2.0 * self->l2, self->dW);

  /* db = grad_output^T 1 */
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, grad_output, ones, 0.0, self->db);
  gsl_vector_free (ones);

  if (grad_input)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_output, self->W, 0.0,
                    grad_input);
}

static void
relu_backward (const gsl_matrix *grad_output, const gsl_matrix *z,
               gsl_matrix *grad_input)
{
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (grad_input, i, j,
                      gsl_matrix_get (z, i, j) > 0 ? gsl_matrix_get (grad_output, i, j) : 0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct linear fc1 = { .W = net->W1, .input = X,
                        .dW = g->dW1, .db = g->db1, .l2 = reg };
  struct linear fc2 = { .W = net->W2, .input = cache->z1,
                        .dW = g->dW2, .db = g->db2, .l2 = reg };

  softmax_xent_backward (cache->prob, y, g->dz2);
  linear_backward (&fc2, g->dz2, g->dp1);
  relu_backward (g->dp1, cache->z1, g->dz1);
  linear_backward (&fc1, g->dz1, NULL);

  g->present = BP_GRADS_ALL;
  return 0;
}
