#include <gsl/gsl_blas.h>
#include "backprop.h"

// Backward pass.  Bias gradients are accumulated over the batch with
// daxpy (db += row n of dz), everything else is ddot of rows/columns.

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h, c, d;
    double v;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // softmax gradient
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            gsl_matrix_set(g->dz2, n, c,
                (gsl_matrix_get(cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0)) / N);

    // second layer weights
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++) {
            gsl_vector_const_view p = gsl_matrix_const_column(cache->p1, h);
            gsl_vector_view dz = gsl_matrix_column(g->dz2, c);
            gsl_blas_ddot(&p.vector, &dz.vector, &v);
            gsl_matrix_set(g->dW2, h, c, v + 2 * reg * gsl_matrix_get(net->W2, h, c));
        }

    // second layer bias
    gsl_vector_set_zero(g->db2);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, n);
        gsl_blas_daxpy(1.0, &r.vector, g->db2);
    }

    // back into the hidden layer
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, n);
            gsl_vector_const_view w = gsl_matrix_const_row(net->W2, h);
            gsl_blas_ddot(&r.vector, &w.vector, &v);
            gsl_matrix_set(g->dp1, n, h, v);
        }

    // relu
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            double z = gsl_matrix_get(cache->z1, n, h);
            gsl_matrix_set(g->dz1, n, h, z > 0 ? gsl_matrix_get(g->dp1, n, h) : 0.0);
        }

    // first layer weights
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            gsl_vector_const_view x = gsl_matrix_const_column(X, d);
            gsl_vector_const_view dz = gsl_matrix_const_column(g->dz1, h);
            gsl_blas_ddot(&x.vector, &dz.vector, &v);
            gsl_matrix_set(g->dW1, d, h, v + 2 * reg * gsl_matrix_get(net->W1, d, h));
        }

    // first layer bias
    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dp1, n);
        gsl_blas_daxpy(1.0, &r.vector, g->db1);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
