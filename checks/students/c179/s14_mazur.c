/* MSI 2023/2024 - propagacja wsteczna
 * Aleksandra Mazur
 *
 * Oznaczenia jak na wykladzie:
 *   blad_wyjscia = dL/dz2, blad_ukryty = dL/dp1, blad_relu = dL/dz1 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t liczba_probek = X->size1;
    gsl_matrix *blad_wyjscia = g->dz2;
    gsl_matrix *blad_ukryty = g->dp1;
    gsl_matrix *blad_relu = g->dz1;
    size_t i, j;

    if (liczba_probek != cache->N || X->size2 != net->D || g->N != liczba_probek)
        return 1;

    /* blad_wyjscia = (prob - onehot) / N */
    gsl_matrix_memcpy(blad_wyjscia, cache->prob);
    for (i = 0; i < liczba_probek; i++)
        gsl_matrix_set(blad_wyjscia, i, y[i], gsl_matrix_get(blad_wyjscia, i, y[i]) - 1.0);
    gsl_matrix_scale(blad_wyjscia, 1.0 / (double) liczba_probek);

    /* gradient_wag W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, blad_wyjscia, 2.0 * reg, g->dW2);

    /* db2 */
    for (j = 0; j < net->C; j++) {
        gsl_vector_view kol = gsl_matrix_column(blad_wyjscia, j);
        double suma = 0.0;
        for (i = 0; i < liczba_probek; i++)
            suma += gsl_vector_get(&kol.vector, i);
        gsl_vector_set(g->db2, j, suma);
    }

    /* blad_ukryty = blad_wyjscia * W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, blad_wyjscia, net->W2, 0.0, blad_ukryty);

    /* blad_relu: zerujemy tam gdzie neuron byl nieaktywny */
    for (i = 0; i < liczba_probek; i++)
        for (j = 0; j < net->H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(blad_relu, i, j, gsl_matrix_get(blad_ukryty, i, j));
            else
                gsl_matrix_set(blad_relu, i, j, 0.0);
        }

    /* gradient_wag W1 = X^T * blad + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, blad_ukryty, 2.0 * reg, g->dW1);

    /* db1 */
    for (j = 0; j < net->H; j++) {
        gsl_vector_view kol = gsl_matrix_column(blad_relu, j);
        double suma = 0.0;
        for (i = 0; i < liczba_probek; i++)
            suma += gsl_vector_get(&kol.vector, i);
        gsl_vector_set(g->db1, j, suma);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
