/* backward.c -- NN lab 4: backpropagation by hand.
 *
 * Name: Anna Svoboda                  Group: C1
 *
 * Complete the five helper functions below, then call them from
 * backward() in backprop order (the places are marked).  backward() must
 * fill all seven gradients of g.  Shapes: N samples (rows), D inputs,
 * H hidden units, C classes; all matrices are GSL row-major.
 *
 *   build:  cc -shared -fPIC $(pkg-config --cflags backprop) \
 *              -o backward.so backward.c
 *   check:  gradcheck --backward ./backward.so
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* (1) Gradient of the mean softmax cross-entropy w.r.t. the scores z2.
 *     prob (N x C) = softmax(z2) row by row, y (N) the labels.
 *     Writes dz2 (N x C). */
static void softmax_xent_backward(const gsl_matrix *prob, const size_t *y,
                                  gsl_matrix *dz2)
{
  size_t s;
  double batch = (double) prob->size2;

  /* dL/dz2 = (softmax - onehot) / batch size */
  gsl_matrix_memcpy (dz2, prob);
  for (s = 0; s < dz2->size1; s++)
    {
      double *e = gsl_matrix_ptr (dz2, s, y[s]);
      *e -= 1.0;
    }
  gsl_matrix_scale (dz2, 1.0 / batch);
}

/* (2) s[j] = sum over the rows i of A[i][j].   A (N x M), s (M). */
static void column_sums(const gsl_matrix *A, gsl_vector *s)
{
  size_t r, c;

  for (c = 0; c < A->size2; c++)
    gsl_vector_set (s, c, 0.0);
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < A->size2; c++)
      *gsl_vector_ptr (s, c) += gsl_matrix_get (A, r, c);
}

/* (3) dW += 2 reg W, the gradient of the penalty reg * ||W||^2. */
static void add_l2(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;

  for (r = 0; r < dW->size1; r++)
    for (c = 0; c < dW->size2; c++)
      *gsl_matrix_ptr (dW, r, c) += 2 * reg * gsl_matrix_get (W, r, c);
}

/* (4) Backward of the affine layer out = in W + 1 b^T.
 *     in (N x K), W (K x M), dout (N x M).
 *       dW  (K x M) = in^T dout + 2 reg W      (use add_l2)
 *       db  (M)     = column sums of dout      (use column_sums)
 *       din (N x K) = dout W^T                 (skip when din == NULL) */
static void linear_backward(const gsl_matrix *in, const gsl_matrix *W,
                            const gsl_matrix *dout, double reg,
                            gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 0.0, dW);
  add_l2 (dW, W, reg);
  column_sums (dout, db);

  if (din == NULL)
    return;
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

/* (5) Backward of p = max(0, z): din = dout where z > 0, 0 elsewhere.
 *     z, dout, din (N x H). */
static void relu_backward(const gsl_matrix *z, const gsl_matrix *dout,
                          gsl_matrix *din)
{
  size_t r, c;

  for (r = 0; r < din->size1; r++)
    for (c = 0; c < din->size2; c++)
      {
        double v = gsl_matrix_get (dout, r, c);
        gsl_matrix_set (din, r, c, gsl_matrix_get (z, r, c) > 0.0 ? v : 0.0);
      }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    /* shapes come from gradcheck; a mismatch is an error */
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* -- dz2 -- */
    softmax_xent_backward(cache->prob, y, g->dz2);

    /* -- second layer: dW2, db2, dp1 -- */
    linear_backward(cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2, g->dp1);

    /* -- ReLU: dz1 -- */
    relu_backward(cache->z1, g->dp1, g->dz1);

    /* -- first layer: dW1, db1 (no din) -- */
    linear_backward(X, net->W1, g->dz1, reg, g->dW1, g->db1, NULL);

    /* all seven gradients are filled */
    g->present = BP_GRADS_ALL;
    return 0;
}
