/* Propagacja wsteczna - Agnieszka Wozniak
 * Metody Sztucznej Inteligencji, lab. 4, wtorek 14:15 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t liczba_probek = X->size1;
    size_t liczba_wejsc = net->D;
    size_t warstwa_ukryta = net->H;     /* liczba neuronow ukrytych */
    size_t liczba_klas = net->C;
    size_t i, j, k;
    double suma;

    if (liczba_probek != cache->N || X->size2 != liczba_wejsc || g->N != liczba_probek)
        return 1;

    /* blad_wyjscia = (softmax - y_onehot) / N */
    for (i = 0; i < liczba_probek; i++)
        for (k = 0; k < liczba_klas; k++)
            gsl_matrix_set(g->dz2, i, k,
                           (gsl_matrix_get(cache->prob, i, k) - (k == y[i])) / liczba_probek);

    /* gradient wag wyjsciowych */
    for (j = 0; j < warstwa_ukryta; j++)
        for (k = 0; k < liczba_klas; k++) {
            suma = 0.0;
            for (i = 0; i < liczba_probek; i++)
                suma += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, suma + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }

    /* gradient biasu wyjsciowego - suma po probkach */
    suma = 0.0;
    for (k = 0; k < liczba_klas; k++) {
        for (i = 0; i < liczba_probek; i++)
            suma += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, suma);
    }

    /* blad warstwy ukrytej (przed ReLU) */
    for (i = 0; i < liczba_probek; i++)
        for (j = 0; j < warstwa_ukryta; j++) {
            suma = 0.0;
            for (k = 0; k < liczba_klas; k++)
                suma += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, suma);
        }

    /* ReLU */
    for (i = 0; i < liczba_probek; i++)
        for (j = 0; j < warstwa_ukryta; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0
                           ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* gradient wag wejsciowych */
    for (k = 0; k < liczba_wejsc; k++)
        for (j = 0; j < warstwa_ukryta; j++) {
            suma = 0.0;
            for (i = 0; i < liczba_probek; i++)
                suma += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, suma + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }

    /* gradient biasu ukrytego */
    for (j = 0; j < warstwa_ukryta; j++) {
        suma = 0.0;
        for (i = 0; i < liczba_probek; i++)
            suma += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, suma);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
