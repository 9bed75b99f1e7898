/* hw6 backward pass
   dgemm for the products, loops for the reg terms */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define G(m, i, j) gsl_matrix_get((m), (i), (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    // dz2
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], G(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // dW2 = p1' dz2 + 2 reg W2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (k = 0; k < H; k++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, k, j, G(g->dW2, k, j) + 2 * reg * G(net->W2, k, j));

    // db2
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_vector_set(g->db2, j, gsl_vector_get(g->db2, j) + G(g->dz2, i, j));

    // dp1, dz1
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (G(cache->z1, i, j) <= 0) gsl_matrix_set(g->dz1, i, j, 0);

    // dW1 = X' dz1 + 2 reg W1
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    for (k = 0; k < D; k++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW1, k, j, G(g->dW1, k, j) + 2 * reg * G(net->W1, k, j));

    // db1
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + G(g->dz1, i, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
