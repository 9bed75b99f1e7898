/* backward.c -- hand-written backprop, one sample per iteration.
 * gate is a work vector of length H reused for every sample: it holds the
 * gradient after the ReLU before it goes into g->dz1 and the dger.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H;
    gsl_vector *gate = gsl_vector_calloc(H);
    size_t i, j;

    if (gate == NULL)
        return 1;
    if (N != cache->N || X->size2 != D || g->N != N) {
        gsl_vector_free(gate);
        return 1;
    }

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (i = 0; i < N; i++) {
        gsl_vector_const_view xr = gsl_matrix_const_row(X, i);
        gsl_vector_const_view pr = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_const_view ar = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view zr = gsl_matrix_const_row(cache->z1, i);
        gsl_vector_view d2 = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dp = gsl_matrix_row(g->dp1, i);
        gsl_vector_view d1 = gsl_matrix_row(g->dz1, i);

        /* d2 = (p - y) / N */
        gsl_vector_memcpy(&d2.vector, &pr.vector);
        gsl_vector_set(&d2.vector, y[i], gsl_vector_get(&pr.vector, y[i]) - 1.0);
        gsl_vector_scale(&d2.vector, 1.0 / (double) N);

        gsl_blas_dger(1.0, &ar.vector, &d2.vector, g->dW2);
        gsl_blas_daxpy(1.0, &d2.vector, g->db2);
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &d2.vector, 0.0, &dp.vector);

        /* relu: keep the entries where the unit was active */
        for (j = 0; j < H; j++)
            if (gsl_vector_get(&zr.vector, j) > 0) gsl_vector_set(gate, j, gsl_vector_get(&dp.vector, j));
        gsl_vector_memcpy(&d1.vector, gate);

        gsl_blas_dger(1.0, &xr.vector, gate, g->dW1);
        gsl_blas_daxpy(1.0, gate, g->db1);
    }
    gsl_vector_free(gate);

    /* regularization: 2 * reg * W */
    for (i = 0; i < H; i++) {
        gsl_vector_view dst = gsl_matrix_row(g->dW2, i);
        gsl_vector_const_view src = gsl_matrix_const_row(net->W2, i);
        gsl_blas_daxpy(2.0 * reg, &src.vector, &dst.vector);
    }
    for (i = 0; i < D; i++) {
        gsl_vector_view dst = gsl_matrix_row(g->dW1, i);
        gsl_vector_const_view src = gsl_matrix_const_row(net->W1, i);
        gsl_blas_daxpy(2.0 * reg, &src.vector, &dst.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
