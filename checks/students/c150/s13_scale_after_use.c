// backward.c for the two layer net
// follows the numpy version from class:
//   dscores = probs; dscores[range(N), y] -= 1; dscores /= N
//   dW2 = h.T.dot(dscores) + 2*reg*W2 ; db2 = sum(dscores, axis=0)
//   dhidden = dscores.dot(W2.T); dhidden[h <= 0] = 0
//   dW1 = X.T.dot(dhidden) + 2*reg*W1 ; db1 = sum(dhidden, axis=0)
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t C = net->C;

    gsl_matrix *dscores = gsl_matrix_alloc(N, C);
    gsl_matrix *hT = gsl_matrix_alloc(H, N);
    gsl_matrix *W2T = gsl_matrix_alloc(C, H);
    gsl_matrix *dhidden = gsl_matrix_alloc(N, H);
    gsl_matrix *regW2 = gsl_matrix_alloc(H, C);
    gsl_matrix *regW1 = gsl_matrix_alloc(net->D, H);

    gsl_matrix_memcpy(dscores, cache->prob);
    for (size_t i = 0; i < N; i++) {
        double v = gsl_matrix_get(dscores, i, y[i]);
        gsl_matrix_set(dscores, i, y[i], v - 1.0);
    }

    // dW2 = h.T dscores + 2 reg W2
    gsl_matrix_transpose_memcpy(hT, cache->p1);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, hT, dscores, 0.0, g->dW2);
    gsl_matrix_memcpy(regW2, net->W2);
    gsl_matrix_scale(regW2, 2.0 * reg);
    gsl_matrix_add(g->dW2, regW2);

    // db2
    for (size_t j = 0; j < C; j++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(dscores, i, j);
        gsl_vector_set(g->db2, j, s);
    }

    // average over the batch
    gsl_matrix_scale(dscores, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, dscores);

    // dhidden = dscores W2.T
    gsl_matrix_transpose_memcpy(W2T, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, dscores, W2T, 0.0, dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);

    // dhidden[h <= 0] = 0
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            if (gsl_matrix_get(cache->p1, i, j) <= 0.0)
                gsl_matrix_set(dhidden, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, dhidden);

    // dW1 = X.T dhidden + 2 reg W1
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dhidden, 0.0, g->dW1);
    gsl_matrix_memcpy(regW1, net->W1);
    gsl_matrix_scale(regW1, 2.0 * reg);
    gsl_matrix_add(g->dW1, regW1);

    // db1
    for (size_t j = 0; j < H; j++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(dhidden, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(dscores);
    gsl_matrix_free(hT);
    gsl_matrix_free(W2T);
    gsl_matrix_free(dhidden);
    gsl_matrix_free(regW2);
    gsl_matrix_free(regW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
