/*
 * backward.c  (UE4, A2)
 * Paul Neumann
 *
 * Gradients of the two-layer net.  I compute dscores in a temporary and
 * copy it into g at the end of the output layer.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;
    gsl_matrix *dscores;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    dscores = gsl_matrix_alloc(N, C);
    if (!dscores)
        return 1;

    /* dscores = (probs - 1{y}) / N */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / N);

    /* dW2 = hidden^T dscores + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                   2.0 * reg, g->dW2);

    /* db2 = mean of dscores over the batch */
    for (j = 0; j < C; j++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(dscores, i, j);
        gsl_vector_set(g->db2, j, acc / N);
    }

    /* dhidden = dscores W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);

    gsl_matrix_memcpy(g->dz2, dscores);
    gsl_matrix_free(dscores);

    /* relu backward */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double m = gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, m * gsl_matrix_get(g->dp1, i, j));
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 = sum over the batch */
    for (j = 0; j < H; j++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
