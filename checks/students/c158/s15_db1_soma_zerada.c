/*
 *  backward.c - Trabalho 2 (Redes Neurais)
 *  Matheus Fernandes Lopes
 *
 *  Versao com lacos, sem BLAS.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t num_amostras = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double soma = 0;

    if (num_amostras != cache->N || X->size2 != D || g->N != num_amostras)
        return 1;

    /* gradiente dos scores */
    for (i = 0; i < num_amostras; i++)
    {
        for (k = 0; k < C; k++)
        {
            double val = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                val -= 1;
            gsl_matrix_set(g->dz2, i, k, val / (double) num_amostras);
        }
    }

    /* grad_pesos da saida */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            soma = 0;
            for (i = 0; i < num_amostras; i++)
                soma += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, soma + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    /* vies da saida */
    for (k = 0; k < C; k++)
    {
        soma = 0;
        for (i = 0; i < num_amostras; i++)
            soma += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, soma);
    }

    /* camada oculta (dp1) e relu (dz1) */
    for (i = 0; i < num_amostras; i++)
    {
        for (j = 0; j < H; j++)
        {
            soma = 0;
            for (k = 0; k < C; k++)
                soma += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, soma);
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, soma);
            else
                gsl_matrix_set(g->dz1, i, j, 0);
        }
    }

    /* grad_pesos da entrada */
    for (k = 0; k < D; k++)
    {
        for (j = 0; j < H; j++)
        {
            soma = 0;
            for (i = 0; i < num_amostras; i++)
                soma += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, soma + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    /* vies da entrada */
    for (j = 0; j < H; j++)
    {
        for (i = 0; i < num_amostras; i++)
        {
            soma = 0;
            soma += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, soma);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
