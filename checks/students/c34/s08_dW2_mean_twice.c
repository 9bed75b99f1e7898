/* backward.c  (Project 2 -- backprop)
 *
 * Written with gsl_blas_dgemm, the fast way.  Each gradient has its own
 * little function so I can test them one at a time (see my test_backward.c,
 * not handed in).
 *
 * Lecture notation: a1 = relu(z1), yhat = softmax(z2),
 * delta2 = dL/dz2, delta1 = dL/dz1.
 */

#include <assert.h>
#include <stddef.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* delta2 = (yhat - onehot(y)) / N */
static void
grad_z2 (const gsl_matrix *yhat, const size_t *y, gsl_matrix *delta2)
{
  const size_t N = yhat->size1;
  gsl_matrix_memcpy (delta2, yhat);
  for (size_t i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (delta2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (delta2, 1.0 / (double) N);
}

/* grad_W2 = a1^T delta2, averaged over the batch, + 2 reg W2 */
static void
grad_W2_compute (const gsl_matrix *a1, const gsl_matrix *delta2,
                 const gsl_matrix *W2, double reg, gsl_matrix *grad_W2)
{
  const double invN = 1.0 / (double) a1->size1;
  gsl_matrix_memcpy (grad_W2, W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, invN, a1, delta2, 2.0 * reg, grad_W2);
}

/* grad_b2 = column sums of delta2 */
static void
grad_b_compute (const gsl_matrix *delta, gsl_vector *grad_b)
{
  gsl_vector_set_zero (grad_b);
  for (size_t i = 0; i < delta->size1; i++)
    for (size_t j = 0; j < delta->size2; j++)
      *gsl_vector_ptr (grad_b, j) += gsl_matrix_get (delta, i, j);
}

/* dp1 = delta2 W2^T */
static void
grad_p1 (const gsl_matrix *delta2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, delta2, W2, 0.0, dp1);
}

/* delta1 = dp1 .* 1{z1 > 0} */
static void
grad_z1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *delta1)
{
  for (size_t i = 0; i < z1->size1; i++)
    for (size_t j = 0; j < z1->size2; j++)
      {
        double d = 0.0;
        if (gsl_matrix_get (z1, i, j) > 0.0)
          d = gsl_matrix_get (dp1, i, j);
        gsl_matrix_set (delta1, i, j, d);
      }
}

/* grad_W1 = X^T delta1 + 2 reg W1 */
static void
grad_W1_compute (const gsl_matrix *X, const gsl_matrix *delta1,
                 const gsl_matrix *W1, double reg, gsl_matrix *grad_W1)
{
  gsl_matrix_memcpy (grad_W1, W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, delta1, 2.0 * reg, grad_W1);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N)
    return 1;
  if (X->size2 != net->D || g->N != X->size1)
    return 1;

  grad_z2 (cache->prob, y, g->dz2);
  grad_W2_compute (cache->p1, g->dz2, net->W2, reg, g->dW2);
  grad_b_compute (g->dz2, g->db2);
  grad_p1 (g->dz2, net->W2, g->dp1);
  grad_z1 (g->dp1, cache->z1, g->dz1);
  grad_W1_compute (X, g->dz1, net->W1, reg, g->dW1);
  grad_b_compute (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
