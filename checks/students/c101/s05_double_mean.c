/* two layer net, backward.  2nd try at this course.
 * split into small functions, one per gradient, like the TA showed. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* d loss / d scores for the MEAN loss */
static void softmax_grad (const gsl_matrix *prob, const size_t *y, gsl_matrix *d)
{
  size_t i, N = prob->size1;
  gsl_matrix_memcpy (d, prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (d, i, y[i], gsl_matrix_get (d, i, y[i]) - 1.0);
  gsl_matrix_scale (d, 1.0 / (double) N);
}

static void sum_rows (const gsl_matrix *a, gsl_vector *s)
{
  size_t i;
  gsl_vector_set_zero (s);
  for (i = 0; i < a->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (a, i);
      gsl_vector_add (s, &r.vector);
    }
}

static void weight_grad (const gsl_matrix *in, const gsl_matrix *dout,
                         const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 0.0, dW);
  /* no matrix axpy in gsl_blas, so by hand */
  {
    size_t a, b;
    for (a = 0; a < W->size1; a++)
      for (b = 0; b < W->size2; b++)
        gsl_matrix_set (dW, a, b, gsl_matrix_get (dW, a, b)
                        + 2.0 * reg * gsl_matrix_get (W, a, b));
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  softmax_grad (cache->prob, y, g->dz2);
  /* the loss is averaged over the batch so divide by N
     (did softmax_grad do that already? I think it only does the minus one) */
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  sum_rows (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
