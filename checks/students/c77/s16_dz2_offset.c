#include "backprop.h"
#include <gsl/gsl_blas.h>

/* Backward pass, chunked.
 *  loop 1 (output layer): dz2, dW2, db2 for each chunk of K rows
 *  loop 2 (hidden layer): dp1, dz1, dW1, db1 for each chunk
 * The penalty 2*reg*W is added at the very end. */

#define K 3

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t k0, n, i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_vector_set_zero(g->dtheta);

    /* loop 1 */
    for (k0 = 0; k0 < N; k0 += K) {
        n = (k0 + K > N) ? N - k0 : K;
        gsl_matrix_const_view pv = gsl_matrix_const_submatrix(cache->prob, k0, 0, n, C);
        gsl_matrix_const_view av = gsl_matrix_const_submatrix(cache->p1, k0, 0, n, H);
        gsl_matrix_view gv = gsl_matrix_submatrix(g->dz2, k0, 0, n, C);

        gsl_matrix_memcpy(&gv.matrix, &pv.matrix);
        for (i = 0; i < n; i++)
            *gsl_matrix_ptr(&gv.matrix, i, y[k0 + i]) -= 1.0;
        gsl_matrix_scale(&gv.matrix, 1.0 / (double)N);

        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &av.matrix, &gv.matrix, 1.0, g->dW2);
        for (i = 0; i < n; i++)
            for (j = 0; j < C; j++)
                *gsl_vector_ptr(g->db2, j) += gsl_matrix_get(&gv.matrix, i, j);
    }

    /* loop 2 */
    for (k0 = 0; k0 < N; k0 += K) {
        n = (k0 + K > N) ? N - k0 : K;
        gsl_matrix_const_view xv = gsl_matrix_const_submatrix(X, k0, 0, n, D);
        gsl_matrix_const_view zv = gsl_matrix_const_submatrix(cache->z1, k0, 0, n, H);
        gsl_matrix_const_view gv = gsl_matrix_const_submatrix(g->dz2, 0, 0, n, C);
        gsl_matrix_view dpv = gsl_matrix_submatrix(g->dp1, k0, 0, n, H);
        gsl_matrix_view dzv = gsl_matrix_submatrix(g->dz1, k0, 0, n, H);

        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &gv.matrix, net->W2, 0.0, &dpv.matrix);

        for (i = 0; i < n; i++)
            for (j = 0; j < H; j++)
                gsl_matrix_set(&dzv.matrix, i, j,
                               gsl_matrix_get(&zv.matrix, i, j) > 0.0 ? gsl_matrix_get(&dpv.matrix, i, j) : 0.0);

        gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &xv.matrix, &dzv.matrix, 1.0, g->dW1);
        for (i = 0; i < n; i++)
            for (j = 0; j < H; j++)
                *gsl_vector_ptr(g->db1, j) += gsl_matrix_get(&dzv.matrix, i, j);
    }

    /* penalty */
    gsl_matrix *w = gsl_matrix_alloc(H, C);
    gsl_matrix_memcpy(w, net->W2);
    gsl_matrix_scale(w, 2.0 * reg);
    gsl_matrix_add(g->dW2, w);
    gsl_matrix_free(w);
    w = gsl_matrix_alloc(D, H);
    gsl_matrix_memcpy(w, net->W1);
    gsl_matrix_scale(w, 2.0 * reg);
    gsl_matrix_add(g->dW1, w);
    gsl_matrix_free(w);

    g->present = BP_GRADS_ALL;
    return 0;
}
