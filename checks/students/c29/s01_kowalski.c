/* backward.c -- HW3 part 2, backprop for the two-layer net
 * Marta Kowalski
 *
 * I do the backward pass one training example at a time, like the
 * "for each example" version of backprop on the lecture 9 slides.
 * Everything is summed WITHOUT the 1/N and I divide once at the very
 * end (all seven, also dz2/dp1/dz1, since the loss is a mean), and the
 * weight decay goes in last.  Checked with gradcheck on 5-10-3 and 6-8-4.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* g is reused between calls during training -> start from zero */
static void
clear_grads (bp_grads *g)
{
  gsl_matrix_set_zero (g->dz2);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dp1);
  gsl_matrix_set_zero (g->dz1);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);
}

/* dW += 2 * reg * W   (loss has reg*|W|^2, no 1/2) */
static void
add_weight_decay (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      gsl_matrix_set (dW, r, c,
                      gsl_matrix_get (dW, r, c)
                      + 2.0 * reg * gsl_matrix_get (W, r, c));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H;
  size_t n, h;
  double invN;

  if (N != cache->N || g->N != N)
    return 1;

  clear_grads (g);

  for (n = 0; n < N; n++)
    {
      /* rows of this example */
      gsl_vector_const_view x_n = gsl_matrix_const_row (X, n);
      gsl_vector_const_view a_n = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view pr_n = gsl_matrix_const_row (cache->prob, n);
      gsl_vector_view delta2 = gsl_matrix_row (g->dz2, n);
      gsl_vector_view da = gsl_matrix_row (g->dp1, n);
      gsl_vector_view delta1 = gsl_matrix_row (g->dz1, n);

      /* output error  delta2 = softmax - e_y */
      gsl_vector_memcpy (&delta2.vector, &pr_n.vector);
      gsl_vector_set (&delta2.vector, y[n],
                      gsl_vector_get (&delta2.vector, y[n]) - 1.0);

      /* layer 2 weights: outer product a_n delta2^T */
      gsl_blas_dger (1.0, &a_n.vector, &delta2.vector, g->dW2);
      gsl_vector_add (g->db2, &delta2.vector);

      /* send it back: da = W2 delta2 */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &delta2.vector,
                      0.0, &da.vector);

      /* relu: only where the unit was on */
      for (h = 0; h < H; h++)
        {
          double on = gsl_matrix_get (cache->z1, n, h) > 0.0 ? 1.0 : 0.0;
          gsl_vector_set (&delta1.vector, h, on * gsl_vector_get (&da.vector, h));
        }

      /* layer 1 weights */
      gsl_blas_dger (1.0, &x_n.vector, &delta1.vector, g->dW1);
      gsl_vector_add (g->db1, &delta1.vector);
    }

  /* the loss is the MEAN over the batch */
  invN = 1.0 / (double) N;
  gsl_matrix_scale (g->dz2, invN);
  gsl_matrix_scale (g->dW2, invN);
  gsl_vector_scale (g->db2, invN);
  gsl_matrix_scale (g->dp1, invN);
  gsl_matrix_scale (g->dz1, invN);
  gsl_matrix_scale (g->dW1, invN);
  gsl_vector_scale (g->db1, invN);

  /* regularisation, after the averaging (it is not averaged) */
  add_weight_decay (g->dW2, net->W2, reg);
  add_weight_decay (g->dW1, net->W1, reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
