/*
 * backward.c  --  2-layer net, backward.
 *
 * Trick: keep dscores = prob - Y unscaled and fold 1/N into alpha of every
 * BLAS call that reads it; scale dz2 itself only at the very end (it is
 * reported, so it has to hold the real gradient).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *, const gsl_matrix *, const size_t *, double,
             const bp_cache *, bp_grads *);

/* dW += 2 reg W, row by row (dW may be a view with its own tda) */
static void l2_grad(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    size_t r;
    for (r = 0; r < W->size1; r++) {
        gsl_vector_const_view w = gsl_matrix_const_row(W, r);
        gsl_vector_view dw = gsl_matrix_row(dW, r);
        gsl_blas_daxpy(2 * reg, &w.vector, &dw.vector);
    }
}

/* d = d .* [z > 0] in place */
static void relu_back(gsl_matrix *d, const gsl_matrix *z)
{
    size_t r, c;
    for (r = 0; r < d->size1; r++)
        for (c = 0; c < d->size2; c++)
            if (gsl_matrix_get(z, r, c) <= 0)
                gsl_matrix_set(d, r, c, 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, i;
    double inv_n;
    gsl_vector *ones;

    if (n != cache->N || X->size2 != net->D || g->N != n)
        return 1;
    inv_n = 1.0 / (double) n;
    ones = gsl_vector_alloc(n);
    gsl_vector_set_all(ones, 1.0);

    /* dscores, NOT divided by n yet */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < n; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, inv_n, cache->p1, g->dz2,
                   0.0, g->dW2);
    l2_grad(g->dW2, net->W2, reg);
    gsl_blas_dgemv(CblasTrans, inv_n, g->dz2, ones, 0.0, g->db2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, inv_n, g->dz2, net->W2,
                   0.0, g->dp1);

    /* now dp1 is the true dp1; dz2 can be finished */
    gsl_matrix_scale(g->dz2, inv_n);

    gsl_matrix_memcpy(g->dz1, g->dp1);
    relu_back(g->dz1, cache->z1);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    l2_grad(g->dW1, net->W1, reg);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
