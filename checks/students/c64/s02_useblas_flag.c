/* backward.c  --  resubmission (v2)
 *
 * v1 was all loops and too slow + dW1 wrong.  v2 has a BLAS path; the old
 * loop path is still there behind use_blas in case blas gives trouble on
 * the lab machines. */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define USE_BLAS 1

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, H = net->H, C = net->C;
    size_t n, h, c;
    int use_blas = USE_BLAS;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    if (use_blas) {
        /* dW2 = p1' dz2 + 2 reg W2 */
        gsl_matrix_memcpy(g->dW2, net->W2);
        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0*reg, g->dW2);
        /* db2 = dz2' 1 */
        gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
        /* dp1 = dz2 W2' */
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    } else {
        /* old loops (v1) */
        for (h = 0; h < H; h++)
            for (c = 0; c < C; c++) {
                double s = 0;
                for (n = 0; n < N; n++)
                    s += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
                gsl_matrix_set(g->dW2, h, c, s + reg * gsl_matrix_get(net->W2, h, c));
            }
        for (c = 0; c < C; c++) {
            double s = 0;
            for (n = 0; n < N; n++) s += gsl_matrix_get(g->dz2, n, c);
            gsl_vector_set(g->db2, c, s);
        }
        for (n = 0; n < N; n++)
            for (h = 0; h < H; h++) {
                double s = 0;
                for (c = 0; c < C; c++)
                    s += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
                gsl_matrix_set(g->dp1, n, h, s);
            }
    }

    /* dz1: relu */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dz1, n, h,
                gsl_matrix_get(cache->z1, n, h) > 0.0 ? gsl_matrix_get(g->dp1, n, h) : 0.0);

    /* dW1 = 2 reg W1 + sum_n x_n dz1_n'   (rank-1 updates) */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view xr = gsl_matrix_const_row(X, n);
        gsl_vector_const_view dr = gsl_matrix_const_row(g->dz1, n);
        gsl_blas_dger(1.0, &xr.vector, &dr.vector, g->dW1);
    }

    /* db1 = dz1' 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

    gsl_vector_free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
