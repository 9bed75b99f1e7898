// Homework 4 -- backward
// Rosa T.
//
// Variables named like the slides.  I keep pointers dZ2, dA1, ... into g
// so the formulas read like the slides.

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t m = X->size1;
    gsl_matrix *dZ2 = g->dz2;
    gsl_matrix *dA1 = g->dp1;
    gsl_matrix *dZ1 = g->dz1;
    size_t i, j;

    if (m != cache->N || X->size2 != net->D || g->N != m)
        return 1;

    // dZ2 = 1/m (A2 - Y)
    gsl_matrix_memcpy(dZ2, cache->prob);
    for (i = 0; i < m; i++)
        gsl_matrix_set(dZ2, i, y[i], gsl_matrix_get(dZ2, i, y[i]) - 1.0);
    gsl_matrix_scale(dZ2, 1.0 / (double) m);

    // dW2 = A1^T dZ2 + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dZ2, 2.0 * reg, g->dW2);

    // db2 = sum of the rows of dZ2
    for (j = 0; j < net->C; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(dZ2, j);
        double s = 0.0;
        for (i = 0; i < m; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, j, s);
    }

    // dA1 = dZ2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ2, net->W2, 0.0, dA1);

    // dZ1 = dA1 * 1(Z1 > 0)
    for (i = 0; i < m; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(dZ1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(dA1, i, j) : 0.0);

    // dW1 = X^T dZ1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dA1, 2.0 * reg, g->dW1);

    // db1 = sum of the rows of dZ1
    for (j = 0; j < net->H; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(dZ1, j);
        double s = 0.0;
        for (i = 0; i < m; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
