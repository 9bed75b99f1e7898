/* Assignment 2, part B: backward pass in C with GSL.
 *
 * I transpose p1, X and the dz's first so that every product is a dot of
 * two ROWS (contiguous in memory, stride 1).  Temporaries are freed at the
 * end. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D, H = net->H, C = net->C;
    size_t row, col;
    double dot;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix *p1T  = gsl_matrix_alloc(H, N);
    gsl_matrix *dz2T = gsl_matrix_alloc(C, N);
    gsl_matrix *XT   = gsl_matrix_alloc(D, N);
    gsl_matrix *dz1T = gsl_matrix_alloc(H, N);
    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (row = 0; row < N; row++)
    {
        double p = gsl_matrix_get(g->dz2, row, y[row]);
        gsl_matrix_set(g->dz2, row, y[row], p - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);
    gsl_matrix_transpose_memcpy(dz2T, g->dz2);
    gsl_matrix_transpose_memcpy(p1T, cache->p1);

    /* dW2 (H,C): row of p1T . row of dz2T,  db2: row of dz2T . ones */
    for (row = 0; row < H; row++)
    {
        gsl_vector_const_view a = gsl_matrix_const_row(p1T, row);
        for (col = 0; col < C; col++)
        {
            gsl_vector_const_view b = gsl_matrix_const_row(dz2T, col);
            gsl_blas_ddot(&a.vector, &b.vector, &dot);
            gsl_matrix_set(g->dW2, row, col,
                           dot + 2.0 * reg * gsl_matrix_get(net->W2, row, col));
        }
    }
    for (col = 0; col < C; col++)
    {
        gsl_vector_const_view b = gsl_matrix_const_row(dz2T, col);
        gsl_blas_ddot(&b.vector, ones, &dot);
        gsl_vector_set(g->db2, col, dot);
    }

    /* dp1 (N,H) */
    for (row = 0; row < N; row++)
    {
        gsl_vector_view a = gsl_matrix_row(g->dz2, row);
        for (col = 0; col < H; col++)
        {
            gsl_vector_const_view w = gsl_matrix_const_row(net->W2, col);
            gsl_blas_ddot(&a.vector, &w.vector, &dot);
            gsl_matrix_set(g->dp1, row, col, dot);
        }
    }

    /* dz1: copy dp1 then kill the entries where the unit was off */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (row = 0; row < N; row++)
        for (col = 0; col < H; col++)
            if (gsl_matrix_get(cache->z1, row, col) <= 0.0)
                gsl_matrix_set(g->dz1, row, col, 0.0);
    gsl_matrix_transpose_memcpy(dz1T, g->dz1);
    gsl_matrix_transpose_memcpy(XT, X);

    /* dW1 (D,H), db1 (H) */
    for (row = 0; row < D; row++)
    {
        gsl_vector_const_view a = gsl_matrix_const_row(XT, row);
        for (col = 0; col < H; col++)
        {
            gsl_vector_const_view b = gsl_matrix_const_row(dz1T, col);
            gsl_blas_ddot(&a.vector, &b.vector, &dot);
            gsl_matrix_set(g->dW1, row, col,
                           dot + 2.0 * reg * gsl_matrix_get(net->W1, row, col));
        }
    }
    for (col = 0; col < H; col++)
    {
        gsl_vector_const_view b = gsl_matrix_const_row(dz1T, col);
        gsl_blas_ddot(&b.vector, ones, &dot);
        gsl_vector_set(g->db1, col, dot);
    }

    gsl_matrix_free(p1T);
    gsl_matrix_free(dz2T);
    gsl_matrix_free(XT);
    gsl_matrix_free(dz1T);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
