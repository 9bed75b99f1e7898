/*
 * backward.c -- two-layer net
 *
 * Both affine layers go through the same helper, weight_grad(), which
 * does dW = in^T dout + 2 reg W with one dgemm.  The relu and db1 are one
 * loop, as are dz2 and db2.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

/* dW = in^T dout + 2 reg W */
static int weight_grad(const gsl_matrix *in, const gsl_matrix *dout,
                       const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    int err = gsl_matrix_memcpy(dW, W);
    if (err)
        return err;
    return gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    int err;

    if (cache->N != N || g->N != N)
        return 1;

    /* output layer: dz2 and db2 */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++) {
            double v = gsl_matrix_get(cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0);
            v /= (double)N;
            gsl_matrix_set(g->dz2, i, j, v);
            *gsl_vector_ptr(g->db2, j) += v;
        }
    err = weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    if (err)
        return err;

    /* back into the hidden layer */
    err = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    if (err)
        return err;

    /* relu mask (z1 > 0) and db1 in one go */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double v = gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0;
            gsl_matrix_set(g->dz1, i, j, v);
            *gsl_vector_ptr(g->db1, j) += v;
        }

    /* input layer */
    err = weight_grad(X, g->dp1, net->W1, reg, g->dW1);
    if (err)
        return err;

    g->present = BP_GRADS_ALL;
    return 0;
}
