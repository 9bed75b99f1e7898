/* two-layer net, backward -- Rafael Quintero, TD5
 *
 * One pass over the samples, all seven gradients at once: for sample i
 *   dz2_i = (softmax(z2_i) - e_{y_i}) / N            (C)
 *   dW2  += p1_i dz2_i^T        (dger)
 *   db2  += dz2_i               (daxpy)
 *   dp1_i = W2 dz2_i            (dgemv)
 *   dz1_i = dp1_i .* [z1_i > 0]
 *   dW1  += x_i dz1_i^T         (dger)
 *   db1  += dz1_i               (daxpy)
 * The accumulators start from the penalty (2 reg W) and from zero for the
 * biases.  Softmax from log-sum-exp of the scores. */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* log(sum(exp(v))) with the max trick */
static double
logsumexp (const gsl_vector *v)
{
  double m = gsl_vector_max (v), s = 0.0;
  for (size_t j = 0; j < v->size; j++)
    s += exp (gsl_vector_get (v, j) - m);
  return m + log (s);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const double invN = 1.0 / (double) N;

  /* accumulators: dW = 2 reg W, db = 0 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view z2i = gsl_matrix_const_row (cache->z2, i);
      gsl_vector_const_view z1i = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_const_view p1i = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view xi = gsl_matrix_const_row (X, i);
      gsl_vector_view dz2i = gsl_matrix_row (g->dz2, i);
      gsl_vector_view dp1i = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dz1i = gsl_matrix_row (g->dz1, i);

      /* dz2_i = (exp(z2_i - lse) - e_y) / N */
      double lse = logsumexp (&z2i.vector);
      for (size_t c = 0; c < net->C; c++)
        gsl_vector_set (&dz2i.vector, c,
                        (exp (gsl_vector_get (&z2i.vector, c) - lse)
                         - (c == y[i] ? 1.0 : 0.0)) * invN);

      /* dW2 += p1_i dz2_i^T ; db2 += dz2_i */
      gsl_blas_dger (1.0, &p1i.vector, &dz2i.vector, g->dW2);
      gsl_blas_daxpy (1.0, &dz2i.vector, g->db2);

      /* dp1_i = W2 dz2_i */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2i.vector, 0.0, &dp1i.vector);

      /* dz1_i = dp1_i .* [z1_i > 0] */
      for (size_t h = 0; h < net->H; h++)
        gsl_vector_set (&dz1i.vector, h, gsl_vector_get (&z1i.vector, h) > 0
                                         ? gsl_vector_get (&dp1i.vector, h) : 0.0);

      /* dW1 += x_i dz1_i^T ; db1 += dz1_i */
      gsl_blas_dger (1.0, &xi.vector, &dz1i.vector, g->dW1);
      gsl_blas_daxpy (1.0, &dz1i.vector, g->db1);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
