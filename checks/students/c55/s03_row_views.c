/* backward.c -- two-layer net: the backward pass, one sample at a time.
 *
 * Each sample i is a row; every step below works on row views of the
 * cache and of the gradients, with level-1 and level-2 BLAS:
 *   dz2_i = (prob_i - e_{y_i}) / N
 *   dW2  += p1_i dz2_i'          (dger)      db2 += dz2_i
 *   dp1_i = W2 dz2_i             (dgemv)
 *   dz1_i = dp1_i .* [p1_i > 0]  (p1 > 0 exactly where z1 > 0)
 *   dW1  += x_i dz1_i'           (dger)      db1 += dz1_i
 * The weight gradients start from the penalty 2 reg W.  */

#include <assert.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = 2 reg W.  */
static void
start_with_penalty (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix_memcpy (dW, W);
  gsl_matrix_scale (dW, 2.0 * reg);
}

/* d = d .* [a > 0], entrywise.  */
static void
mask_by_activation (gsl_vector *d, const gsl_vector *a)
{
  size_t j;

  assert (d->size == a->size);
  for (j = 0; j < d->size; j++)
    if (!(gsl_vector_get (a, j) > 0.0))
      gsl_vector_set (d, j, 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t n_samples = X->size1;
  const double scale = 1.0 / (double) n_samples;
  size_t i;

  assert (cache->N == n_samples && g->N == n_samples);
  assert (X->size2 == net->D);

  start_with_penalty (g->dW2, net->W2, reg);
  start_with_penalty (g->dW1, net->W1, reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < n_samples; i++)
    {
      gsl_vector_const_view prob_i = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_const_view p1_i = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view x_i = gsl_matrix_const_row (X, i);
      gsl_vector_view dz2_i = gsl_matrix_row (g->dz2, i);
      gsl_vector_view dp1_i = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dz1_i = gsl_matrix_row (g->dz1, i);

      /* scores */
      gsl_vector_memcpy (&dz2_i.vector, &prob_i.vector);
      gsl_vector_set (&dz2_i.vector, y[i],
                      gsl_vector_get (&dz2_i.vector, y[i]) - 1.0);
      gsl_vector_scale (&dz2_i.vector, scale);

      /* second layer */
      gsl_blas_dger (1.0, &p1_i.vector, &dz2_i.vector, g->dW2);
      gsl_vector_add (g->db2, &dz2_i.vector);
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2_i.vector, 0.0,
                      &dp1_i.vector);

      /* ReLU */
      gsl_vector_memcpy (&dz1_i.vector, &dp1_i.vector);
      mask_by_activation (&dz1_i.vector, &p1_i.vector);

      /* first layer */
      gsl_blas_dger (1.0, &x_i.vector, &dz1_i.vector, g->dW1);
      gsl_vector_add (g->db1, &dz1_i.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
