// Backward pass for the 2-layer net (HW3).  BLAS version.
// Chain rule: dL/dprob -> (softmax Jacobian) -> dz2 -> ...
//
// The softmax Jacobian of one sample is J = diag(p) - p p^T  (C x C)
// and the backprop through it is dz = J^T dL/dp.

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t C = net->C;
    gsl_matrix *J;
    gsl_vector *dLdp, *ones;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D)
        return 1;

    J = gsl_matrix_alloc(C, C);
    dLdp = gsl_vector_alloc(C);
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    // ---- softmax + loss ----
    for (i = 0; i < N; i++) {
        gsl_vector_const_view p = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view dz = gsl_matrix_row(g->dz2, i);
        gsl_vector_view diag = gsl_matrix_diagonal(J);

        // dL/dp: zero except at the true class
        gsl_vector_set_zero(dLdp);
        gsl_vector_set(dLdp, y[i], -1.0 / ((double) N * gsl_vector_get(&p.vector, y[i])));

        // J = diag(p) - p p^T
        gsl_matrix_set_zero(J);
        gsl_vector_memcpy(&diag.vector, &p.vector);
        gsl_blas_dger(-1.0, &p.vector, &p.vector, J);

        // dz = J^T dLdp  (J is symmetric, so the T does not matter)
        gsl_blas_dgemv(CblasTrans, 1.0, J, dLdp, 0.0, &dz.vector);
    }

    // ---- second affine layer ----
    // dW2 = p1^T dz2 + 2*reg*W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    // db2 = dz2^T 1
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
    // dp1 = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // ---- relu ----
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    // ---- first affine layer ----
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_matrix_free(J);
    gsl_vector_free(dLdp);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
