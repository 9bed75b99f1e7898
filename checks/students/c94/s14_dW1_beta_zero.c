// backward.c
// Vectorised backward pass for the two-layer net.
// Pattern for every weight: copy W into dW, then dgemm adds the data term
// on top.

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1;
    const size_t H = net->H;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    gsl_vector *one = gsl_vector_alloc(N);
    gsl_matrix *gate = gsl_matrix_alloc(N, H);
    gsl_vector_set_all(one, 1.0);

    // dz2 = (softmax - onehot) / N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t n = 0; n < N; n++) {
        gsl_vector_view r = gsl_matrix_row(g->dz2, n);
        *gsl_vector_ptr(&r.vector, y[n]) -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // dW2 = p1^T dz2 + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    // db2
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);

    // dp1 = dz2 W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // dz1 = dp1 * [z1 > 0]
    for (size_t n = 0; n < N; n++)
        for (size_t k = 0; k < H; k++)
            gsl_matrix_set(gate, n, k, gsl_matrix_get(cache->z1, n, k) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, gate);

    // dW1 = X^T dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    // db1
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

    gsl_matrix_free(gate);
    gsl_vector_free(one);
    g->present = BP_GRADS_ALL;
    return 0;
}
