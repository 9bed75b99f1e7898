/* backward.c -- NN lab 4: backpropagation by hand.
 *
 * Name: Mateusz Nowak                 Group: B1
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
    const double invN = 1.0 / (double) prob->size1;
    size_t row;

    for (row = 0; row < prob->size1; row++) {
        gsl_vector_const_view p = gsl_matrix_const_row(prob, row);
        gsl_vector_view d = gsl_matrix_row(dz2, row);

        gsl_vector_memcpy(&d.vector, &p.vector);
        /* d = p - e_y, then the 1/N of the mean */
        gsl_vector_set(&d.vector, y[row], gsl_vector_get(&d.vector, y[row]) - 1.0);
        gsl_vector_scale(&d.vector, invN);
    }
}

/* (2) s[j] = sum over the rows i of A[i][j].   A (N x M), s (M). */
static void column_sums(const gsl_matrix *A, gsl_vector *s)
{
    size_t row;

    gsl_vector_set_zero(s);
    for (row = 0; row < A->size1; row++) {
        gsl_vector_const_view r = gsl_matrix_const_row(A, row);
        gsl_vector_add(s, &r.vector);       /* add up the rows */
    }
}

/* (3) dW += 2 reg W, the gradient of the penalty reg * ||W||^2. */
static void add_l2(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    gsl_matrix *tmp = gsl_matrix_alloc(W->size1, W->size2);

    gsl_matrix_memcpy(tmp, W);
    gsl_matrix_scale(tmp, 2.0 * reg);
    gsl_matrix_add(dW, tmp);
    gsl_matrix_free(tmp);
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
    size_t n;

    /* dW as a sum of outer products, one per sample */
    gsl_matrix_set_zero(dW);
    for (n = 0; n < in->size1; n++) {
        gsl_vector_const_view x = gsl_matrix_const_row(in, n);
        gsl_vector_const_view d = gsl_matrix_const_row(dout, n);
        gsl_blas_dger(1.0, &x.vector, &d.vector, dW);
    }
    add_l2(dW, W, reg);

    column_sums(dout, db);

    if (din == NULL)
        return;             /* first layer: nothing below it */

    for (n = 0; n < dout->size1; n++) {
        gsl_vector_const_view d = gsl_matrix_const_row(dout, n);
        gsl_vector_view r = gsl_matrix_row(din, n);
        gsl_blas_dgemv(CblasNoTrans, 1.0, W, &d.vector, 0.0, &r.vector);
    }
}

/* (5) Backward of p = max(0, z): din = dout where z > 0, 0 elsewhere.
 *     z, dout, din (N x H). */
static void relu_backward(const gsl_matrix *z, const gsl_matrix *dout,
                          gsl_matrix *din)
{
    size_t i, j;

    gsl_matrix_memcpy(din, dout);
    for (i = 0; i < din->size1; i++)
        for (j = 0; j < din->size2; j++)
            if (!(gsl_matrix_get(z, i, j) > 0.0))
                gsl_matrix_set(din, i, j, 0.0);
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
    /* p1 > 0 exactly where z1 > 0, so the activation works as the mask too */
    relu_backward(cache->p1, g->dp1, g->dz1);

    /* -- first layer: dW1, db1 (no din) -- */
    linear_backward(X, net->W1, g->dz1, reg, g->dW1, g->db1, NULL);

    /* all seven gradients are filled */
    g->present = BP_GRADS_ALL;
    return 0;
}
