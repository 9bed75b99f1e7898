/* MSI - lab 4 - backward
 * Pawel Lewandowski
 *
 * dz2 -> (dW2, db2, dp1) -> dz1 -> (dW1, db1)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t liczba_probek = X->size1;
    size_t D = net->D, H = net->H;
    size_t i, j, n;
    gsl_matrix *maska;

    if (liczba_probek != cache->N || X->size2 != D || g->N != liczba_probek)
        return 1;

    maska = gsl_matrix_alloc(liczba_probek, H);
    if (!maska)
        return 1;

    /* gradient straty po wynikach (scores) */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < liczba_probek; n++)
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / liczba_probek);

    /* W2, b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    for (j = 0; j < net->C; j++) {
        gsl_vector_view kolumna = gsl_matrix_column(g->dz2, j);
        double suma = 0.0;
        for (n = 0; n < liczba_probek; n++)
            suma += gsl_vector_get(&kolumna.vector, n);
        gsl_vector_set(g->db2, j, suma);
    }

    /* p1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* maska ReLU: 1 gdzie z1 > 0 */
    for (n = 0; n < liczba_probek; n++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(maska, n, j, gsl_matrix_get(cache->z1, n, j) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, maska);

    /* W1: srednia po probkach + regularyzacja */
    for (i = 0; i < D; i++) {
        for (j = 0; j < H; j++) {
            double suma = 0.0;
            for (n = 0; n < liczba_probek; n++)
                suma += gsl_matrix_get(X, n, i) * gsl_matrix_get(g->dz1, n, j);
            gsl_matrix_set(g->dW1, i, j, suma / liczba_probek + 2.0 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }

    /* b1 */
    for (j = 0; j < H; j++) {
        double suma = 0.0;
        for (n = 0; n < liczba_probek; n++)
            suma += gsl_matrix_get(g->dz1, n, j);
        gsl_vector_set(g->db1, j, suma);
    }

    gsl_matrix_free(maska);
    g->present = BP_GRADS_ALL;
    return 0;
}
