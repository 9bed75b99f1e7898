/* backward.c -- Oluwaseun Adeyemi
 * EE/CS two-layer net, backward pass.
 *
 * probs: my own softmax of the scores (max-subtracted)
 * delta: probs - onehot(y), for each sample, before the 1/N
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double row_max(const gsl_matrix *A, size_t i)
{
    double m = gsl_matrix_get(A, i, 0);
    for (size_t j = 1; j < A->size2; j++)
        if (gsl_matrix_get(A, i, j) > m)
            m = gsl_matrix_get(A, i, j);
    return m;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    gsl_matrix *probs = gsl_matrix_alloc(N, C);
    gsl_matrix *delta = gsl_matrix_alloc(N, C);

    /* forward bit: softmax */
    for (size_t i = 0; i < N; i++) {
        double m = row_max(cache->z2, i), sum = 0;
        for (size_t c = 0; c < C; c++) {
            double e = exp(gsl_matrix_get(cache->z2, i, c) - m);
            gsl_matrix_set(probs, i, c, e);
            sum += e;
        }
        for (size_t c = 0; c < C; c++)
            gsl_matrix_set(probs, i, c, gsl_matrix_get(probs, i, c) / sum);
    }

    /* delta = probs - Y */
    gsl_matrix_memcpy(delta, probs);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(delta, i, y[i], gsl_matrix_get(delta, i, y[i]) - 1);

    /* 1. dz2 = delta / N */
    gsl_matrix_memcpy(g->dz2, delta);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* 2. dW2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (size_t j = 0; j < H; j++)
        for (size_t c = 0; c < C; c++)
            gsl_matrix_set(g->dW2, j, c,
                           gsl_matrix_get(g->dW2, j, c) + 2 * reg * gsl_matrix_get(net->W2, j, c));

    /* 3. db2 */
    for (size_t c = 0; c < C; c++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, s);
    }

    /* 4. dp1 = delta W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, delta, net->W2, 0.0, g->dp1);

    /* 5. dz1 */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* 6. dW1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    for (size_t d = 0; d < net->D; d++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, d, j,
                           gsl_matrix_get(g->dW1, d, j) + 2 * reg * gsl_matrix_get(net->W1, d, j));

    /* 7. db1 */
    for (size_t j = 0; j < H; j++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(probs);
    gsl_matrix_free(delta);
    g->present = BP_GRADS_ALL;
    return 0;
}
