/*
 * backward.c
 * Ana Beatriz Ferreira - Aprendizado de Maquina 2023/2
 *
 * Separei em funcoes auxiliares pra reaproveitar nas duas camadas.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* vies = soma das linhas de delta */
static void soma_linhas(const gsl_matrix *delta, gsl_vector *vies)
{
    size_t i, j;
    for (j = 0; j < delta->size2; j++)
    {
        double soma = 0.0;
        for (i = 0; i < delta->size1; i++)
            soma += gsl_matrix_get(delta, i, j);
        gsl_vector_set(vies, j, soma);
    }
}

/* grad_pesos = entrada^T delta + 2 reg W */
static void grad_pesos(const gsl_matrix *entrada, const gsl_matrix *delta,
                       const gsl_matrix *W, double reg, gsl_matrix *grad)
{
    gsl_matrix_memcpy(grad, W);
    gsl_matrix_scale(grad, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, entrada, delta, 1.0, grad);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_amostras = X->size1;
    size_t i, j;
    gsl_matrix *mascara;

    if (num_amostras != cache->N || X->size2 != net->D || g->N != num_amostras)
        return 1;

    /* saida: dz2 = (prob - one_hot) / N, feito in-place */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < num_amostras; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / num_amostras);

    grad_pesos(cache->p1, g->dz2, net->W2, reg, g->dW2);
    soma_linhas(g->dz2, g->db2);

    /* camada oculta */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    mascara = gsl_matrix_alloc(num_amostras, net->H);
    if (mascara == NULL)
        return 1;
    for (i = 0; i < num_amostras; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(mascara, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);

    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mascara);   /* dz1 = dp1 .* mascara */
    gsl_matrix_free(mascara);

    grad_pesos(X, g->dz1, net->W1, reg, g->dW1);
    soma_linhas(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
