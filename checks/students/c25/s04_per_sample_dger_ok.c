/* backward.c  --  sample-by-sample backprop
 *
 * I found it easier to think about one example at a time, so the loop
 * below walks over the batch: for sample i it makes the row of dscores,
 * adds its outer product into dW2 / db2, pushes it back through W2 and the
 * ReLU and adds its contribution to dW1 / db1.  Parameter grads are zeroed
 * first since they are sums over the batch.
 *
 * TODO: vectorise (dgemm) once it passes the check.
 */

#include <gsl/gsl_blas.h>
#include <backprop/net.h>
#include <backprop/grads.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

struct layer_grads {
  gsl_matrix *dW;
  gsl_vector *db;
};

/* add one sample's contribution: dW += x_i dout_i^T, db += dout_i */
static void
affine_backward_row (const gsl_vector *dout_i, const gsl_vector *x_i,
                     struct layer_grads *lg)
{
  gsl_blas_dger (1.0, x_i, dout_i, lg->dW);
  gsl_vector_add (lg->db, dout_i);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  struct layer_grads l1 = { g->dW1, g->db1 };
  struct layer_grads l2 = { g->dW2, g->db2 };

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);

  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_view dz2_i = gsl_matrix_row (g->dz2, i);
      gsl_vector_view dp1_i = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dz1_i = gsl_matrix_row (g->dz1, i);
      gsl_vector_const_view p1_i = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view x_i = gsl_matrix_const_row (X, i);

      /* softmax + cross-entropy, averaged over the N samples */
      for (size_t c = 0; c < C; c++)
        {
          double d = gsl_matrix_get (cache->prob, i, c);
          if (c == y[i])
            d = d - 1;
          gsl_vector_set (&dz2_i.vector, c, d / N);
        }
      affine_backward_row (&dz2_i.vector, &p1_i.vector, &l2);

      /* dp1_i = W2 dz2_i */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2_i.vector, 0.0,
                      &dp1_i.vector);

      /* relu */
      for (size_t h = 0; h < H; h++)
        gsl_vector_set (&dz1_i.vector, h,
                        gsl_matrix_get (cache->z1, i, h) > 0
                        ? gsl_vector_get (&dp1_i.vector, h) : 0);
      affine_backward_row (&dz1_i.vector, &x_i.vector, &l1);
    }

  /* regularisation: loss has reg*(|W1|^2+|W2|^2) so the grad is 2*reg*W */
  for (size_t d = 0; d < net->D; d++)
    for (size_t h = 0; h < H; h++)
      *gsl_matrix_ptr (g->dW1, d, h) += 2 * reg * gsl_matrix_get (net->W1, d, h);
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      *gsl_matrix_ptr (g->dW2, h, c) += 2 * reg * gsl_matrix_get (net->W2, h, c);

  g->present = BP_GRADS_ALL;
  return 0;
}
