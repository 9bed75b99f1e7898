#include "backprop.h"
#include <gsl/gsl_blas.h>

/* backward pass -- batch processed STEP rows at a time */

#define STEP 3

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t lo, hi, m, i, j, r;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* W2: start from the regulariser, dgemm adds the data part (beta = 1) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (lo = 0; lo < N; lo = hi) {
        hi = lo + STEP < N ? lo + STEP : N;
        m = hi - lo;

        gsl_matrix_const_view prob = gsl_matrix_const_submatrix(cache->prob, lo, 0, m, C);
        gsl_matrix_const_view p1 = gsl_matrix_const_submatrix(cache->p1, lo, 0, m, H);
        gsl_matrix_view dz2 = gsl_matrix_submatrix(g->dz2, lo, 0, m, C);
        gsl_matrix_view dp1 = gsl_matrix_submatrix(g->dp1, lo, 0, m, H);

        gsl_matrix_memcpy(&dz2.matrix, &prob.matrix);
        for (r = 0; r < m; r++)
            *gsl_matrix_ptr(&dz2.matrix, r, y[lo + r]) -= 1.0;
        gsl_matrix_scale(&dz2.matrix, 1.0 / N);

        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &p1.matrix, &dz2.matrix, 1.0, g->dW2);
        for (r = 0; r < m; r++)
            for (j = 0; j < C; j++)
                *gsl_vector_ptr(g->db2, j) += gsl_matrix_get(&dz2.matrix, r, j);

        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &dz2.matrix, net->W2, 0.0, &dp1.matrix);

        /* hidden layer by hand */
        for (r = lo; r < hi; r++)
            for (j = 0; j < H; j++) {
                double v = gsl_matrix_get(g->dp1, r, j);
                gsl_matrix_set(g->dz1, r, j, gsl_matrix_get(cache->z1, r, j) > 0.0 ? v : 0.0);
            }

        for (i = 0; i < D; i++)
            for (j = 0; j < H; j++) {
                double acc = 0.0;
                for (r = lo; r < hi; r++)
                    acc += gsl_matrix_get(X, r, i) * gsl_matrix_get(g->dz1, r, j);
                *gsl_matrix_ptr(g->dW1, i, j) += acc + 2.0 * reg * gsl_matrix_get(net->W1, i, j);
            }
        for (r = lo; r < hi; r++)
            for (j = 0; j < H; j++)
                *gsl_vector_ptr(g->db1, j) += gsl_matrix_get(g->dz1, r, j);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
