/* backward.c -- two-layer net, backward pass.
 *
 * Done sample by sample: the loss is a mean of per-sample losses, so every
 * gradient is a sum of per-sample contributions (like summing the force of
 * each particle).  For sample n with delta = (p_n - e_{y_n}) / N:
 *   dW2 += p1_n (x) delta        (outer product, gsl_blas_dger)
 *   db2 += delta
 *   dp1_n = W2 delta
 *   dz1_n = dp1_n * theta(z1_n)
 *   dW1 += x_n (x) dz1_n,  db1 += dz1_n
 * and at the end the penalty 2 reg W for the two weight matrices. */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t n, j;
  double invN;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  /* the parameter gradients are sums over n: start from zero */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view prob_n = gsl_matrix_const_row (cache->prob, n);
      gsl_vector_const_view p1_n = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view z1_n = gsl_matrix_const_row (cache->z1, n);
      gsl_vector_const_view x_n = gsl_matrix_const_row (X, n);
      gsl_vector_view delta = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp1_n = gsl_matrix_row (g->dp1, n);
      gsl_vector_view dz1_n = gsl_matrix_row (g->dz1, n);

      /* delta = (p - onehot) / N */
      gsl_vector_memcpy (&delta.vector, &prob_n.vector);
      *gsl_vector_ptr (&delta.vector, y[n]) -= 1.0;
      gsl_vector_scale (&delta.vector, invN);

      /* output layer */
      gsl_blas_dger (1.0, &p1_n.vector, &delta.vector, g->dW2);
      gsl_vector_add (g->db2, &delta.vector);

      /* back through W2 */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &delta.vector, 0.0,
                      &dp1_n.vector);

      /* relu: step function of z1 */
      for (j = 0; j < H; j++)
        {
          double v = gsl_vector_get (&dp1_n.vector, j);
          gsl_vector_set (&dz1_n.vector, j,
                          gsl_vector_get (&z1_n.vector, j) > 0.0 ? v : 0.0);
        }

      /* input layer */
      gsl_blas_dger (1.0, &x_n.vector, &dz1_n.vector, g->dW1);
      gsl_vector_add (g->db1, &dz1_n.vector);
    }

  /* penalty: d/dW reg |W|^2 = 2 reg W (no 1/2 in our loss) */
  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view w2_j = gsl_matrix_const_row (net->W2, j);
      gsl_vector_view dw2_j = gsl_matrix_row (g->dW2, j);
      gsl_blas_daxpy (2.0 * reg, &w2_j.vector, &dw2_j.vector);
    }
  for (j = 0; j < net->D; j++)
    {
      gsl_vector_const_view w1_j = gsl_matrix_const_row (net->W1, j);
      gsl_vector_view dw1_j = gsl_matrix_row (g->dW1, j);
      gsl_blas_daxpy (2.0 * reg, &w1_j.vector, &dw1_j.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
