/* assignment 3 -- backward
 * Kobayashi Ren, 2022-0815
 */
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const gsl_matrix *W1 = net->W1, *W2 = net->W2;
    gsl_matrix *gW1 = g->dW1, *gW2 = g->dW2;
    gsl_vector *gb1 = g->db1, *gb2 = g->db2;
    gsl_matrix *dS = g->dz2, *dH = g->dp1, *dA = g->dz1;
    size_t i, j;

    if (g->N != N || cache->N != N || X->size2 != net->D)
        return 1;

    // softmax + cross entropy
    gsl_matrix_memcpy(dS, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dS, i, y[i], gsl_matrix_get(dS, i, y[i]) - 1.0);
    gsl_matrix_scale(dS, 1.0 / (double)N);

    // layer 2
    gsl_matrix_memcpy(gW2, W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dS, 2.0 * reg, gW2);
    gsl_vector_set_zero(gb2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dS, i);
        gsl_vector_add(gb2, &r.vector);
    }

    // back to hidden
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dS, gW2, 0.0, dH);

    // relu
    gsl_matrix_memcpy(dA, dH);
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(dA, i, j, 0.0);
        }
    }

    // layer 1
    gsl_matrix_memcpy(gW1, W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dA, 2.0 * reg, gW1);
    gsl_vector_set_zero(gb1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dA, i);
        gsl_vector_add(gb1, &r.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
