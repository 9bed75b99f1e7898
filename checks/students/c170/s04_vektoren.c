/* Backpropagation fuer das 2-Schicht-Netz (Uebung 3)
 * Beispielweise gerechnet: fuer jedes Beispiel i wird der Beitrag
 * a_i * delta_i^T mit gsl_blas_dger auf die Gewichtsgradienten addiert.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* dW = 2*reg*W  (Anteil der Regularisierung), danach wird aufaddiert */
static void regularisierung_setzen(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    gsl_matrix_memcpy(dW, W);
    gsl_matrix_scale(dW, 2.0 * reg);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;
    gsl_matrix *maske;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    maske = gsl_matrix_alloc(N, net->H);
    if (maske == NULL)
        return 1;

    /* fehler_ausgabe = (softmax - onehot) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        gsl_vector_view zeile = gsl_matrix_row(g->dz2, i);
        gsl_vector_set(&zeile.vector, y[i], gsl_vector_get(&zeile.vector, y[i]) - 1.0);
        gsl_vector_scale(&zeile.vector, 1.0 / (double) N);
    }

    regularisierung_setzen(g->dW2, net->W2, reg);
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view a = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view d = gsl_matrix_const_row(g->dz2, i);
        gsl_blas_dger(1.0, &a.vector, &d.vector, g->dW2);
        gsl_vector_add(g->db2, &d.vector);
    }

    /* dp1 = dz2 W2^T, zeilenweise: dp1_i = W2 * dz2_i */
    for (i = 0; i < N; i++) {
        gsl_vector_const_view d = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_view ziel = gsl_matrix_row(g->dp1, i);
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &d.vector, 0.0, &ziel.vector);
    }

    /* maske = 1 wo z1 > 0, sonst 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(maske, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, maske);

    regularisierung_setzen(g->dW1, net->W1, reg);
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view x = gsl_matrix_const_row(X, i);
        gsl_vector_const_view d = gsl_matrix_const_row(g->dz1, i);
        gsl_blas_dger(1.0, &x.vector, &d.vector, g->dW1);
        gsl_vector_add(g->db1, &d.vector);
    }

    gsl_matrix_free(maske);
    g->present = BP_GRADS_ALL;
    return 0;
}
