/* backward.c -- HW3 part 2, backward pass of the two layer net.
 * Uses gsl blas for the products.  tmp holds the score gradient and
 * tmp2 the hidden one, both reused all the way down.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    gsl_matrix *tmp, *tmp2;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    tmp = gsl_matrix_alloc(N, C);     /* (N,C) */
    tmp2 = gsl_matrix_alloc(N, H);    /* (N,H) */
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* 1. dz2 = (prob - onehot(y)) / N */
    gsl_matrix_memcpy(tmp, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(tmp, i, y[i], gsl_matrix_get(tmp, i, y[i]) - 1.0);
    gsl_matrix_scale(tmp, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, tmp);

    /* 2. dW2 = p1^T dz2 + 2 reg W2  (W2 copied in first, beta does the reg) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, tmp,
                   2.0 * reg, g->dW2);

    /* 3. db2 = column sums of dz2 = dz2^T * ones */
    gsl_blas_dgemv(CblasTrans, 1.0, tmp, ones, 0.0, g->db2);

    /* 4. dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, tmp, net->W2, 0.0, tmp2);
    gsl_matrix_memcpy(g->dp1, tmp2);

    /* 5. dz1: relu lets nothing through where z1 <= 0, zero those in tmp2 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(tmp2, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, tmp2);

    /* 6. dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, tmp2, 2.0 * reg, g->dW1);

    /* 7. db1 */
    gsl_blas_dgemv(CblasTrans, 1.0, tmp2, ones, 0.0, g->db1);

    gsl_matrix_free(tmp);
    gsl_matrix_free(tmp2);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
