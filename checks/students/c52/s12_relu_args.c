/*
 *  Intro to Neural Networks  --  Lab 4
 *  Student: Elif Yilmaz
 *
 *  Layer API: softmax_ce_backward, dense_backward, relu_backward.
 *  All of them write into the last arguments.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void softmax_ce_backward(const gsl_matrix *prob, const size_t *y,
                                gsl_matrix *dz)
{
    size_t N = prob->size1;
    size_t i;

    gsl_matrix_memcpy(dz, prob);
    for (i = 0; i < N; i++)
    {
        double *e = gsl_matrix_ptr(dz, i, y[i]);
        *e = *e - 1.0;
    }
    gsl_matrix_scale(dz, 1.0 / (double) N);
}

static void dense_backward(const gsl_matrix *in, const gsl_matrix *W,
                           const gsl_matrix *dout, double reg,
                           gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
    size_t n;
    gsl_vector *ones = gsl_vector_alloc(dout->size1);

    gsl_vector_set_all(ones, 1.0);

    /* dW = in^T dout + 2 reg W */
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);

    /* db = dout^T 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, dout, ones, 0.0, db);

    /* din = dout W^T */
    if (din != NULL)
    {
        for (n = 0; n < dout->size1; n++)
        {
            gsl_vector_const_view d = gsl_matrix_const_row(dout, n);
            gsl_vector_view o = gsl_matrix_row(din, n);
            gsl_blas_dgemv(CblasNoTrans, 1.0, W, &d.vector, 0.0, &o.vector);
        }
    }

    gsl_vector_free(ones);
}

/* din = dout * relu'(z) */
static void relu_backward(const gsl_matrix *dout, const gsl_matrix *z,
                          gsl_matrix *din)
{
    size_t i, j;

    for (i = 0; i < din->size1; i++)
    {
        for (j = 0; j < din->size2; j++)
        {
            double grad = (gsl_matrix_get(z, i, j) > 0.0) ? 1.0 : 0.0;
            gsl_matrix_set(din, i, j, grad * gsl_matrix_get(dout, i, j));
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    softmax_ce_backward(cache->prob, y, g->dz2);
    dense_backward(cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2, g->dp1);
    relu_backward(cache->z1, g->dp1, g->dz1);
    dense_backward(X, net->W1, g->dz1, reg, g->dW1, g->db1, NULL);

    g->present = BP_GRADS_ALL;
    return 0;
}
