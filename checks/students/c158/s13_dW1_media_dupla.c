/*
 * Trabalho 2 de RNA - retropropagacao "na mao"
 * Bruno Castro Moreira
 *
 * Lembrete: a perda e a MEDIA sobre as amostras, entao tem que dividir
 * por N.
 */

#include "backprop.h"

/* C = A^T B, com A (n x a) e B (n x b) */
static void mult_transposta(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
    size_t i, j, k;
    for (i = 0; i < A->size2; i++)
        for (j = 0; j < B->size2; j++) {
            double soma = 0.0;
            for (k = 0; k < A->size1; k++)
                soma += gsl_matrix_get(A, k, i) * gsl_matrix_get(B, k, j);
            gsl_matrix_set(C, i, j, soma);
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;
    double soma;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 (ja dividido por N) */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++) {
            double p = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                p = p - 1.0;
            gsl_matrix_set(g->dz2, i, j, p / N);
        }

    /* dW2 */
    mult_transposta(cache->p1, g->dz2, g->dW2);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                           + 2 * reg * gsl_matrix_get(net->W2, i, j));

    /* db2 */
    for (j = 0; j < C; j++) {
        soma = 0.0;
        for (i = 0; i < N; i++)
            soma += gsl_matrix_get(g->dz2, i, j);
        gsl_vector_set(g->db2, j, soma);
    }

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            size_t k;
            soma = 0.0;
            for (k = 0; k < C; k++)
                soma += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, soma);
        }

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1 = X^T dz1 / N + 2 reg W1 */
    mult_transposta(X, g->dz1, g->dW1);
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) / N
                           + 2 * reg * gsl_matrix_get(net->W1, i, j));

    /* db1 */
    for (j = 0; j < H; j++) {
        soma = 0.0;
        for (i = 0; i < N; i++)
            soma += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, soma);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
