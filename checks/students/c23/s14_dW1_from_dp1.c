// backward.c -- HW3 -- Irina Volkova
// fwd: z1 = XW1+b1, p1 = relu(z1), z2 = p1W2+b2
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define TWO_REG (2.0 * reg)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    gsl_matrix *tmp;

    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    tmp = gsl_matrix_alloc(H, C);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, tmp);
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, TWO_REG);
    gsl_matrix_add(g->dW2, tmp);
    gsl_matrix_free(tmp);

    for (size_t k = 0; k < C; k++) {
        double s = 0;
        for (size_t i = 0; i < N; i++) s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    tmp = gsl_matrix_alloc(net->D, H);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dp1, 0.0, tmp);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, TWO_REG);
    gsl_matrix_add(g->dW1, tmp);
    gsl_matrix_free(tmp);

    for (size_t j = 0; j < H; j++) {
        double s = 0;
        for (size_t i = 0; i < N; i++) s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

#if 0
    // old loop version, too slow
    for (size_t d = 0; d < net->D; d++)
        for (size_t j = 0; j < H; j++) {
            double s = 0;
            for (size_t i = 0; i < N; i++) s += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, d, j, s + TWO_REG * gsl_matrix_get(net->W1, d, j));
        }
#endif

    g->present = BP_GRADS_ALL;
    return 0;
}
