/*
 * Tarea 3: backward()
 * Lucas Fernandez Pino
 *
 * Lo hice en el mismo orden que el codigo de numpy de la clase:
 *   dscores = probs; dscores /= N; dscores[range(N), y] -= 1
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    gsl_matrix *mascara;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);
    for (i = 0; i < N; i++)
        *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;

    /* grads['W2'] */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* grads['b2'] */
    for (j = 0; j < net->C; j++) {
        gsl_vector_view col = gsl_matrix_column(g->dz2, j);
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, j, s);
    }

    /* dhidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dhidden[hidden <= 0] = 0, con una mascara de 0 y 1 */
    mascara = gsl_matrix_alloc(N, net->H);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(mascara, i, j, gsl_matrix_get(cache->p1, i, j) > 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mascara);
    gsl_matrix_free(mascara);

    /* grads['W1'] */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* grads['b1'] */
    for (j = 0; j < net->H; j++) {
        gsl_vector_view col = gsl_matrix_column(g->dz1, j);
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
