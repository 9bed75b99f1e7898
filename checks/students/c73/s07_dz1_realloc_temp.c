/* backward.c  (Assignment 2, Machine Learning for the Life Sciences)
 *
 * Backward pass.  For each layer I allocate a work matrix, do the step,
 * copy the result into g and free the work matrix again, so nothing is
 * left over between calls. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* === output layer: softmax + cross entropy === */
  /* output_gradient = (probabilities - one_hot(y)) / N */
  gsl_matrix *output_gradient = gsl_matrix_calloc (N, C);
  gsl_matrix_memcpy (output_gradient, cache->prob);
  for (i = 0; i < N; i++)
    {
      double p_true_class = gsl_matrix_get (output_gradient, i, y[i]);
      gsl_matrix_set (output_gradient, i, y[i], p_true_class - 1.0);
    }
  gsl_matrix_scale (output_gradient, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, output_gradient);

  /* dW2 = p1^T * output_gradient, plus 2*reg*W2 for the penalty */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, output_gradient,
                  2.0 * reg, g->dW2);

  /* db2 = column sums of output_gradient */
  for (j = 0; j < C; j++)
    {
      gsl_vector_view column = gsl_matrix_column (output_gradient, j);
      double column_total = 0.0;
      for (i = 0; i < N; i++)
        column_total += gsl_vector_get (&column.vector, i);
      gsl_vector_set (g->db2, j, column_total);
    }

  /* === hidden layer === */
  /* hidden_gradient = output_gradient * W2^T */
  gsl_matrix *hidden_gradient = gsl_matrix_calloc (N, H);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, output_gradient, net->W2,
                  0.0, hidden_gradient);
  gsl_matrix_memcpy (g->dp1, hidden_gradient);
  gsl_matrix_free (output_gradient);
  gsl_matrix_free (hidden_gradient);

  /* relu: keep the hidden gradient where z1 > 0, set it to 0 elsewhere */
  hidden_gradient = gsl_matrix_calloc (N, H);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double relu_derivative = (gsl_matrix_get (cache->z1, i, j) > 0.0) ? 1.0 : 0.0;
        gsl_matrix_set (hidden_gradient, i, j, gsl_matrix_get (hidden_gradient, i, j) * relu_derivative);
      }
  gsl_matrix_memcpy (g->dz1, hidden_gradient);

  /* dW1 = X^T * dz1 + 2*reg*W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, hidden_gradient,
                  2.0 * reg, g->dW1);

  /* db1 = column sums of dz1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view column = gsl_matrix_column (hidden_gradient, j);
      double column_total = 0.0;
      for (i = 0; i < N; i++)
        column_total += gsl_vector_get (&column.vector, i);
      gsl_vector_set (g->db1, j, column_total);
    }
  gsl_matrix_free (hidden_gradient);

  g->present = BP_GRADS_ALL;
  return 0;
}
