/* backward.c -- hw2 (two-layer net)
 * gsl_blas for the products; the bias sums go straight to cblas_dgemv. */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cblas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    const size_t N = X->size1, H = net->H, C = net->C;
    gsl_vector *ones;
    gsl_matrix *gate;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;
    ones = gsl_vector_alloc(N);
    gate = gsl_matrix_alloc(N, H);
    gsl_vector_set_all(ones, 1.0);

    /* dz2 = (p - onehot) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t n = 0; n < N; n++) gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* W2, b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    cblas_dgemv(CblasRowMajor, CblasTrans, (int) N, (int) C, 1.0, g->dz2->data, (int) g->dz2->tda,
                ones->data, 1, 0.0, g->db2->data, (int) g->db2->stride);

    /* hidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    for (size_t n = 0; n < N; n++)
        for (size_t h = 0; h < H; h++)
            gsl_matrix_set(gate, n, h, gsl_matrix_get(cache->z1, n, h) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, gate);

    /* W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    /* b1: dz1 is (N,H); as (H,N) we just sum each row -> NoTrans */
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int) H, (int) N, 1.0, g->dz1->data, (int) N,
                ones->data, 1, 0.0, g->db1->data, (int) g->db1->stride);

    gsl_matrix_free(gate);
    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
