/*
 * Lista 3 - backward da rede de 2 camadas
 * Mariana Costa e Silva (turma B)
 *
 * Usei a BLAS da GSL (gsl_blas_dgemm) para os produtos de matrizes,
 * como o professor mostrou na aula 7.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_amostras = X->size1;
    size_t i, j;

    if (num_amostras != cache->N || X->size2 != net->D || g->N != num_amostras)
        return 1;

    /* gradiente da softmax + entropia cruzada */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < num_amostras; i++) {
        double p = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) num_amostras);

    /* grad_pesos da segunda camada: dW2 = p1^T dz2 + 2*reg*W2
     * (copio W2 e uso beta = 2*reg no dgemm) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* vies da segunda camada: soma das linhas */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < num_amostras; i++) {
        gsl_vector_const_view linha = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &linha.vector);
    }

    /* volta para a camada_oculta */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* ReLU */
    for (i = 0; i < num_amostras; i++) {
        for (j = 0; j < net->H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }
    }

    /* primeira camada */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    gsl_vector_set_zero(g->db1);
    for (i = 0; i < num_amostras; i++) {
        gsl_vector_const_view linha = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &linha.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
