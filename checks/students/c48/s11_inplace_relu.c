/* backward.c -- NN lab 4: backpropagation by hand.
 *
 * Name: Mihai Popescu                 Group: C1
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
    size_t i;
    size_t batch = prob->size1;

    gsl_matrix_memcpy(dz2, prob);
    for (i = 0; i < batch; i++)
        *gsl_matrix_ptr(dz2, i, y[i]) -= 1.0;
    gsl_matrix_scale(dz2, 1.0 / (double) batch);
}

/* (2) s[j] = sum over the rows i of A[i][j].   A (N x M), s (M). */
static void column_sums(const gsl_matrix *A, gsl_vector *s)
{
    size_t i, j;

    for (j = 0; j < s->size; j++) {
        double sum = 0.0;
        for (i = 0; i < A->size1; i++)
            sum += gsl_matrix_get(A, i, j);
        gsl_vector_set(s, j, sum);
    }
}

/* (3) dW += 2 reg W, the gradient of the penalty reg * ||W||^2. */
static void add_l2(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t i, j;

    for (i = 0; i < dW->size1; i++)
        for (j = 0; j < dW->size2; j++)
            *gsl_matrix_ptr(dW, i, j) += 2.0 * reg * gsl_matrix_get(W, i, j);
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
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 0.0, dW);
    add_l2(dW, W, reg);
    column_sums(dout, db);
    if (din != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

/* (5) Backward of p = max(0, z): din = dout where z > 0, 0 elsewhere.
 *     z, dout, din (N x H). */
static void relu_backward(const gsl_matrix *z, const gsl_matrix *dout,
                          gsl_matrix *din)
{
    size_t i, j;

    /* entry by entry, so din may be the same matrix as dout */
    for (i = 0; i < z->size1; i++)
        for (j = 0; j < z->size2; j++) {
            double v = gsl_matrix_get(dout, i, j);
            gsl_matrix_set(din, i, j, gsl_matrix_get(z, i, j) > 0.0 ? v : 0.0);
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
    relu_backward(cache->z1, g->dp1, g->dp1);   /* in place, like dh[z1 <= 0] = 0 */
    gsl_matrix_memcpy(g->dz1, g->dp1);

    /* -- first layer: dW1, db1 (no din) -- */
    linear_backward(X, net->W1, g->dz1, reg, g->dW1, g->db1, NULL);

    /* all seven gradients are filled */
    g->present = BP_GRADS_ALL;
    return 0;
}
