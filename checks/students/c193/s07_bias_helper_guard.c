/* backward.c - two layer net backprop
 * helpers for the repeated bits; every helper checks its arguments
 * so a shape mix-up can't write out of bounds. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B + 2 reg W */
static int weight_grad(const gsl_matrix *A, const gsl_matrix *B,
                       const gsl_matrix *W, double reg, gsl_matrix *out) {
    if (out->size1 != A->size2 || out->size2 != B->size2)
        return -1;
    gsl_matrix_memcpy(out, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 2.0 * reg, out);
    return 0;
}

/* bias gradient: add up the rows of A */
static void sum_rows(const gsl_matrix *A, gsl_vector *out) {
    size_t i, j;
    if (out->size != A->size1)
        return;
    gsl_vector_set_zero(out);
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            gsl_vector_set(out, j, gsl_vector_get(out, j) + gsl_matrix_get(A, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double d = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) d -= 1.0;
            gsl_matrix_set(g->dz2, i, j, d / N);
        }
    }
    if (g->dz2->size1 != N || g->dz2->size2 != C) return 1;

    /* dW2, db2 */
    if (weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2) != 0) return 1;
    sum_rows(g->dz2, g->db2);
    if (g->db2->size != C) return 1;

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    if (g->dp1->size1 != N || g->dp1->size2 != H) return 1;

    /* dz1 */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }
    }
    if (g->dz1->size1 != N || g->dz1->size2 != H) return 1;

    /* dW1, db1 */
    if (weight_grad(X, g->dz1, net->W1, reg, g->dW1) != 0) return 1;
    sum_rows(g->dz1, g->db1);
    if (g->db1->size != H) return 1;

    g->present = BP_GRADS_ALL;
    return 0;
}
