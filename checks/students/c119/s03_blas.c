/* backward.c
 * Lab 4 two-layer net. Matrix products with gsl_blas_dgemm (from the
 * tutorial sheet), the rest with loops.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = cache->N, D = net->D, H = net->H, C = net->C;
    size_t i, j;
    double p;
    gsl_vector_view row;

    if (X->size2 != D || g->C != C)
        return 1;

    /* ---- dz2 ---- */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        p = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* ---- dW2 = p1' dz2 + 2 reg W2 ---- */
    /* put W2 in first, dgemm does C = alpha A B + beta C */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* ---- db2: add up the rows of dz2 ---- */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        row = gsl_matrix_row(g->dz2, i);
        gsl_vector_add(g->db2, &row.vector);
    }

    /* ---- dp1 = dz2 W2' ---- */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                   0.0, g->dp1);

    /* ---- dz1: copy dp1 and kill the dead units ---- */
    /* p1 > 0 exactly when z1 > 0 so I can use p1 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->p1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }
    }

    /* ---- dW1 = X' dz1 + 2 reg W1 ---- */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   2.0 * reg, g->dW1);

    /* ---- db1 ---- */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        row = gsl_matrix_row(g->dz1, i);
        gsl_vector_add(g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
