/* backward.c -- HW 3
 *
 * I make the transposes explicitly with gsl_matrix_transpose_memcpy and
 * then only ever call dgemm with NoTrans, NoTrans (I kept getting the
 * CblasTrans flags wrong).
 *
 * reg term: d/dW of reg*||W||^2, added through beta after copying W in.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;
    gsl_matrix *p1T, *W2T, *XT;
    gsl_vector *onesN;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    p1T = gsl_matrix_alloc(H, N);
    W2T = gsl_matrix_alloc(C, H);
    XT = gsl_matrix_alloc(D, N);
    onesN = gsl_vector_alloc(N);
    gsl_matrix_transpose_memcpy(p1T, cache->p1);
    gsl_matrix_transpose_memcpy(W2T, net->W2);
    gsl_matrix_transpose_memcpy(XT, X);
    gsl_vector_set_all(onesN, 1.0);

    /* scores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* W2: p1T * dz2 + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, p1T, g->dz2, 2.0 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, onesN, 0.0, g->db2);

    /* hidden: dz2 * W2T */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* W1: XT * dz1 + reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1, reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, onesN, 0.0, g->db1);

    gsl_matrix_free(p1T);
    gsl_matrix_free(W2T);
    gsl_matrix_free(XT);
    gsl_vector_free(onesN);
    g->present = BP_GRADS_ALL;
    return 0;
}
