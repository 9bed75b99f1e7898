/*
 * Trabalho 2 - Retropropagacao
 * Fernanda Oliveira Santos
 *
 * Obs: a regularizacao L2 entra nos gradientes dos pesos (nao nos vieses).
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_amostras = X->size1;
    size_t i, j, k;
    double soma;

    if (num_amostras != cache->N || X->size2 != net->D || g->N != num_amostras)
        return 1;

    /* ---- camada de saida ---- */
    for (i = 0; i < num_amostras; i++)
    {
        for (k = 0; k < net->C; k++)
        {
            double indicador = (k == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, k,
                           (gsl_matrix_get(cache->prob, i, k) - indicador) / num_amostras);
        }
    }

    /* grad_pesos2 = camada_oculta^T * dz2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);

    for (k = 0; k < net->C; k++)
    {
        soma = 0.0;
        for (i = 0; i < num_amostras; i++)
            soma += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, soma);
    }

    /* ---- camada oculta ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (i = 0; i < num_amostras; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            double mascara = gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, mascara * gsl_matrix_get(g->dp1, i, j));
        }
    }

    /* grad_pesos1 = X^T * dz1 + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    for (j = 0; j < net->H; j++)
    {
        soma = 0.0;
        for (i = 0; i < num_amostras; i++)
            soma += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, soma);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
