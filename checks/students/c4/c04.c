/*
 * Assignment 2 - backpropagation by hand
 *
 * I do it one sample at a time, the way the derivation on the board went:
 * for each sample i, compute its dz2 row, push it back through the second
 * layer, the ReLU and the first layer, and add each sample's contribution
 * to the parameter gradients (outer products with gsl_blas_dger).
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* the contribution of the L2 penalty reg*|W|^2 to dW */
static void
add_weight_decay (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      gsl_matrix_set (dW, r, c,
                      gsl_matrix_get (dW, r, c) + 2.0 * reg * gsl_matrix_get (W, r, c));
}

/* gradient of the loss for one sample with respect to its scores */
static void
softmax_grad_row (const gsl_matrix *prob, size_t i, size_t label,
                  size_t num_samples, gsl_matrix *dz2)
{
  size_t c;
  for (c = 0; c < prob->size2; c++)
    {
      double indicator = (c == label) ? 1.0 : 0.0;
      gsl_matrix_set (dz2, i, c,
                      (gsl_matrix_get (prob, i, c) - indicator) / num_samples);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t num_samples = X->size1;
  size_t num_hidden = net->H;
  size_t sample, unit;

  /* parameter gradients start at zero, then accumulate over samples */
  gsl_matrix_set_zero (g->dW1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (sample = 0; sample < num_samples; sample++)
    {
      gsl_vector_view dz2_row, dp1_row, dz1_row;

      softmax_grad_row (cache->prob, sample, y[sample], num_samples, g->dz2);
      dz2_row = gsl_matrix_row (g->dz2, sample);
      gsl_vector_const_view p1_row = gsl_matrix_const_row (cache->p1, sample);

      /* dW2 += p1_i dz2_i',  db2 += dz2_i */
      gsl_blas_dger (1.0, &p1_row.vector, &dz2_row.vector, g->dW2);
      gsl_vector_add (g->db2, &dz2_row.vector);

      /* dp1_i = W2 dz2_i */
      dp1_row = gsl_matrix_row (g->dp1, sample);
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2_row.vector, 0.0,
                      &dp1_row.vector);

      /* dz1_i = dp1_i masked by z1_i > 0 */
      dz1_row = gsl_matrix_row (g->dz1, sample);
      for (unit = 0; unit < num_hidden; unit++)
        {
          double pre_activation = gsl_matrix_get (cache->z1, sample, unit);
          double upstream = gsl_vector_get (&dp1_row.vector, unit);
          gsl_vector_set (&dz1_row.vector, unit,
                          pre_activation > 0.0 ? upstream : 0.0);
        }

      /* dW1 += x_i dz1_i',  db1 += dz1_i */
      gsl_vector_const_view x_row = gsl_matrix_const_row (X, sample);
      gsl_blas_dger (1.0, &x_row.vector, &dz1_row.vector, g->dW1);
      gsl_vector_add (g->db1, &dz1_row.vector);
    }

  add_weight_decay (g->dW2, net->W2, reg);
  add_weight_decay (g->dW1, net->W1, reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
