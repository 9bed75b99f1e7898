/*
 * Redes Neurais Artificiais - Trabalho 2
 * Aluna: Juliana Ribeiro Carvalho
 * Retropropagacao: calcula os 7 gradientes e guarda em g.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* 1) dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        double pc = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], pc - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* 2) dW2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* 3) db2: acumula amostra por amostra */
    for (i = 0; i < N; i++)
        for (k = 0; k < net->C; k++)
            gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + gsl_matrix_get(g->dz2, i, k));

    /* 4) dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* 5) dz1 = dp1 onde z1 > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++) {
            double v = 0.0;
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                v = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, v);
        }

    /* 6) dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* 7) db1 */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, i, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
