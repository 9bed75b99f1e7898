/*
 * HW 3 -- backward pass of the 2-layer net
 * Ravi Shankar
 *
 * Biases: sum the rows of the upstream gradient with a pointer into the
 * bias vector.  Weights: gsl_blas_dgemm, then the reg term added in place.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t C = net->C;
    gsl_matrix *tmp;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* ----- dz2 ----- */
    for (size_t i = 0; i < N; i++) {
        double *d = gsl_matrix_ptr(g->dz2, i, 0);
        const double *p = gsl_matrix_const_ptr(cache->prob, i, 0);
        for (size_t c = 0; c < C; c++)
            d[c] = p[c];
        d[y[i]] -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* ----- dW2, db2 ----- */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    tmp = gsl_matrix_alloc(H, C);
    gsl_matrix_memcpy(tmp, net->W2);
    gsl_matrix_scale(tmp, 2.0 * reg);
    gsl_matrix_add(g->dW2, tmp);
    gsl_matrix_free(tmp);

    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < N; i++)
        for (size_t c = 0; c < C; c++)
            *gsl_vector_ptr(g->db2, c) += gsl_matrix_get(g->dz2, i, c);

    /* ----- dp1, dz1 ----- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (size_t i = 0; i < N; i++) {
        const double *z = gsl_matrix_const_ptr(cache->z1, i, 0);
        const double *dp = gsl_matrix_const_ptr(g->dp1, i, 0);
        double *dz = gsl_matrix_ptr(g->dz1, i, 0);
        for (size_t h = 0; h < H; h++)
            dz[h] = (z[h] > 0.0) ? dp[h] : 0.0;
    }

    /* ----- dW1, db1 ----- */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    tmp = gsl_matrix_alloc(net->D, H);
    gsl_matrix_memcpy(tmp, net->W1);
    gsl_matrix_scale(tmp, 2.0 * reg);
    gsl_matrix_add(g->dW1, tmp);
    gsl_matrix_free(tmp);

    for (size_t i = 0; i < N; i++) {
        const double *dz = gsl_matrix_const_ptr(g->dz1, i, 0);
        for (size_t h = 0; h < H; h++)
            *gsl_vector_ptr(g->db1, h) += dz[h];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
