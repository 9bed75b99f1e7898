/* backward.c -- Homework 3, two-layer network.
 *
 * I use GSL row/column views so each gradient entry is a dot product
 * (gsl_blas_ddot) of two columns.
 *
 * Reg: d/dW of reg*|W|^2 is reg*W.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double d;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(g->dz2, i);
        gsl_vector_set(&row.vector, y[i], gsl_vector_get(&row.vector, y[i]) - 1.0);
        gsl_vector_scale(&row.vector, 1.0 / N);
    }

    /* dW2 and db2 */
    for (j = 0; j < H; j++) {
        gsl_vector_const_view a = gsl_matrix_const_column(cache->p1, j);
        for (k = 0; k < C; k++) {
            gsl_vector_view b = gsl_matrix_column(g->dz2, k);
            gsl_blas_ddot(&a.vector, &b.vector, &d);
            gsl_matrix_set(g->dW2, j, k, d + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }
    for (k = 0; k < C; k++) {
        gsl_vector_view b = gsl_matrix_column(g->dz2, k);
        gsl_vector_set(g->db2, k, gsl_vector_sum(&b.vector));
    }

    /* dp1[i][j] = dz2 row i . W2 row j */
    for (i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(g->dz2, i);
        for (j = 0; j < H; j++) {
            gsl_vector_const_view w = gsl_matrix_const_row(net->W2, j);
            gsl_blas_ddot(&r.vector, &w.vector, &d);
            gsl_matrix_set(g->dp1, i, j, d);
        }
    }

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* dW1 and db1 */
    for (k = 0; k < D; k++) {
        gsl_vector_const_view a = gsl_matrix_const_column(X, k);
        for (j = 0; j < H; j++) {
            gsl_vector_view b = gsl_matrix_column(g->dz1, j);
            gsl_blas_ddot(&a.vector, &b.vector, &d);
            gsl_matrix_set(g->dW1, k, j, d + reg * gsl_matrix_get(net->W1, k, j));
        }
    }
    for (j = 0; j < H; j++) {
        gsl_vector_view b = gsl_matrix_column(g->dz1, j);
        gsl_vector_set(g->db1, j, gsl_vector_sum(&b.vector));
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
