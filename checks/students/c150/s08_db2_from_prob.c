/* backward.c -- my backward pass
 * (shapes: X N x D, W1 D x H, W2 H x C) */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;
    double s;

    gsl_matrix *dscores = gsl_matrix_alloc(N, C);
    gsl_matrix *hiddenT = gsl_matrix_alloc(H, N);
    gsl_matrix *W2T = gsl_matrix_alloc(C, H);
    gsl_matrix *XT = gsl_matrix_alloc(D, N);
    gsl_matrix *dhidden = gsl_matrix_alloc(N, H);
    gsl_matrix *tmpW1 = gsl_matrix_alloc(D, H);
    gsl_matrix *tmpW2 = gsl_matrix_alloc(H, C);

    /* dscores */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1);
    gsl_matrix_scale(dscores, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, dscores);

    /* dW2 */
    gsl_matrix_transpose_memcpy(hiddenT, cache->p1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, hiddenT, dscores, 0.0, g->dW2);
    gsl_matrix_memcpy(tmpW2, net->W2);
    gsl_matrix_scale(tmpW2, 2 * reg);
    gsl_matrix_add(g->dW2, tmpW2);

    /* db2: sum over the batch */
    for (j = 0; j < C; j++) {
        s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(cache->prob, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    /* dhidden */
    gsl_matrix_transpose_memcpy(W2T, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, dscores, W2T, 0.0, dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);

    /* relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(dhidden, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, dhidden);

    /* dW1 */
    gsl_matrix_transpose_memcpy(XT, X);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, XT, dhidden, 0.0, g->dW1);
    gsl_matrix_memcpy(tmpW1, net->W1);
    gsl_matrix_scale(tmpW1, 2 * reg);
    gsl_matrix_add(g->dW1, tmpW1);

    /* db1 */
    for (j = 0; j < H; j++) {
        s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(dhidden, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(dscores);
    gsl_matrix_free(hiddenT);
    gsl_matrix_free(W2T);
    gsl_matrix_free(XT);
    gsl_matrix_free(dhidden);
    gsl_matrix_free(tmpW1);
    gsl_matrix_free(tmpW2);

    g->present = BP_GRADS_ALL;
    return 0;
}
