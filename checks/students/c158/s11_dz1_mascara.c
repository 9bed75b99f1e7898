/*
 * TP2 - Retropropagacao
 * Vinicius Araujo Mendes
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define RELU_DERIV(x) ((x) > 0.0 ? 1.0 : 0.0)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1;
    size_t i, j, k;

    if (n != cache->N || X->size2 != net->D || g->N != n)
        return 1;

    /* softmax com entropia cruzada */
    for (i = 0; i < n; i++)
        for (k = 0; k < net->C; k++)
            gsl_matrix_set(g->dz2, i, k, gsl_matrix_get(cache->prob, i, k) / n);
    for (i = 0; i < n; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0 / n);

    /* segunda camada */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

    gsl_vector_set_zero(g->db2);
    for (i = 0; i < n; i++)
        for (k = 0; k < net->C; k++)
            gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + gsl_matrix_get(g->dz2, i, k));

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* derivada da relu: 1 onde passou, 0 onde nao passou */
    for (i = 0; i < n; i++)
        for (j = 0; j < net->H; j++) {
            double d = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, d * RELU_DERIV(d));
        }

    /* primeira camada */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    gsl_vector_set_zero(g->db1);
    for (i = 0; i < n; i++)
        for (j = 0; j < net->H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + gsl_matrix_get(g->dz1, i, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
