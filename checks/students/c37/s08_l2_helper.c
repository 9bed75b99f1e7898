/* backward.c -- manual backprop, 2-layer net
 *
 * Same layout as my torch code: Linear / ReLU / CrossEntropy "modules",
 * each with a saved-tensors struct and a backward().  The L2 penalty is
 * its own little op (like adding weight_decay in the optimizer), applied
 * to the weight grads after the data part.
 *
 * gsl_blas_dgemm(TransA, TransB, alpha, A, B, beta, C): C = a op(A)op(B) + b C
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

typedef struct {
  const gsl_matrix *saved_x;
  const gsl_matrix *saved_w;
} Linear;

typedef struct {
  const gsl_matrix *saved_z;
} ReLU;

/* ---------------------------------------------------------------------- */

static void
cross_entropy_backward (const gsl_matrix *prob, const size_t *y,
                        gsl_matrix *grad_z)
{
  size_t N = prob->size1, C = prob->size2, i, k;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double g = gsl_matrix_get (prob, i, k);
        if (k == y[i])
          g -= 1.0;
        gsl_matrix_set (grad_z, i, k, g / N);
      }
}

static void
linear_backward (const Linear *m, const gsl_matrix *grad_out,
                 gsl_matrix *grad_in, gsl_matrix *grad_w, gsl_vector *grad_b)
{
  size_t k;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, m->saved_x, grad_out,
                  0.0, grad_w);

  for (k = 0; k < grad_out->size2; k++)
    {
      gsl_vector_const_view c = gsl_matrix_const_column (grad_out, k);
      double s = 0.0;
      size_t i;
      for (i = 0; i < c.vector.size; i++)
        s += c.vector.data[i * c.vector.stride];
      gsl_vector_set (grad_b, k, s);
    }

  if (grad_in != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, grad_out, m->saved_w,
                    0.0, grad_in);
}

static void
relu_backward (const ReLU *m, const gsl_matrix *grad_out, gsl_matrix *grad_in)
{
  size_t i, j;
  for (i = 0; i < grad_in->size1; i++)
    for (j = 0; j < grad_in->size2; j++)
      gsl_matrix_set (grad_in, i, j, gsl_matrix_get (m->saved_z, i, j) > 0
                      ? gsl_matrix_get (grad_out, i, j) : 0.0);
}

/* grad_w += d/dW (reg * ||W||^2) */
static void
l2_backward (const gsl_matrix *w, double reg, gsl_matrix *grad_w)
{
  const double coef = reg;      /* derivative of the penalty */
  size_t i, j;

  for (i = 0; i < w->size1; i++)
    for (j = 0; j < w->size2; j++)
      gsl_matrix_set (grad_w, i, j, gsl_matrix_get (grad_w, i, j)
                      + coef * gsl_matrix_get (w, i, j));
}

/* ---------------------------------------------------------------------- */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  Linear fc1 = { X, net->W1 }, fc2 = { cache->p1, net->W2 };
  ReLU relu = { cache->z1 };

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  cross_entropy_backward (cache->prob, y, g->dz2);

  linear_backward (&fc2, g->dz2, g->dp1, g->dW2, g->db2);
  l2_backward (net->W2, reg, g->dW2);

  relu_backward (&relu, g->dp1, g->dz1);

  linear_backward (&fc1, g->dz1, NULL, g->dW1, g->db1);
  l2_backward (net->W1, reg, g->dW1);

#if 0
  /* debug: print dW2 */
  gsl_matrix_fprintf (stdout, g->dW2, "%g");
#endif

  g->present = BP_GRADS_ALL;
  return 0;
}
