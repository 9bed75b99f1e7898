/*
 *  backward.c  --  Wojciech Piotrowski, MSI, lab 4
 *
 *  Gradienty liczone petlami:
 *    dz2 -> dW2, db2 -> dp1 -> dz1 -> dW1, db1
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* suma kolumny j macierzy A */
static double suma_kolumny(const gsl_matrix *A, size_t j)
{
    double suma = 0.0;
    size_t i;
    for (i = 0; i < A->size1; i++)
        suma += gsl_matrix_get(A, i, j);
    return suma;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t liczba_probek = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (liczba_probek != cache->N || X->size2 != D || g->N != liczba_probek)
        return 1;

    /* dz2 */
    for (i = 0; i < liczba_probek; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k, gsl_matrix_get(cache->prob, i, k) / liczba_probek);
    for (i = 0; i < liczba_probek; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0 / liczba_probek);

    /* dW2 (H x C): po wszystkich probkach aktywacja ukryta * blad wyjscia */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double suma = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
            for (i = 0; i < liczba_probek; i++)
                suma += gsl_matrix_get(cache->z1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, suma);
        }

    /* db2 */
    for (k = 0; k < C; k++)
        gsl_vector_set(g->db2, k, suma_kolumny(g->dz2, k));

    /* dp1 = dz2 * W2^T */
    for (i = 0; i < liczba_probek; i++)
        for (j = 0; j < H; j++) {
            double suma = 0.0;
            for (k = 0; k < C; k++)
                suma += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, suma);
        }

    /* dz1 */
    for (i = 0; i < liczba_probek; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                                         ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1 (D x H) */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double suma = 2.0 * reg * gsl_matrix_get(net->W1, i, j);
            for (k = 0; k < liczba_probek; k++)
                suma += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, suma);
        }

    /* db1 */
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, suma_kolumny(g->dz1, j));

    g->present = BP_GRADS_ALL;
    return 0;
}
