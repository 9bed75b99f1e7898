/* TP3 -- Retropropagation dans un reseau a une couche cachee
 * Auteurs : Nathan Colin, Oceane Roux
 *
 * Rappel du cours : la perte est une moyenne sur les N exemples, donc
 * chaque gradient des poids est divise par N.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    double inv_n = 1.0 / (double) N;
    gsl_vector *uns;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (P - Y) / N, la division par N est faite ici */
    for (i = 0; i < N; i++) {
        for (j = 0; j < net->C; j++) {
            double p = gsl_matrix_get(cache->prob, i, j);
            gsl_matrix_set(g->dz2, i, j, inv_n * (j == y[i] ? p - 1.0 : p));
        }
    }

    /* vecteur de uns pour sommer sur les exemples */
    uns = gsl_vector_alloc(N);
    gsl_vector_set_all(uns, 1.0);

    /* dW2 = p1^T dz2 + 2 reg W2 ; db2 = dz2^T 1 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, uns, 0.0, g->db2);

    /* dp1 = dz2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dz1 = dp1 . 1[z1 > 0] */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view z = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_view d = gsl_matrix_row(g->dz1, i);
        for (j = 0; j < net->H; j++)
            if (gsl_vector_get(&z.vector, j) <= 0.0)
                gsl_vector_set(&d.vector, j, 0.0);
    }

    /* dW1 = X^T dz1 / N + 2 reg W1 ; db1 = dz1^T 1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, inv_n, X, g->dz1, 2.0 * reg, g->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, uns, 0.0, g->db1);

    gsl_vector_free(uns);
    g->present = BP_GRADS_ALL;
    return 0;
}
