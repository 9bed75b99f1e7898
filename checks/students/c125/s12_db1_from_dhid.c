/**
 * backward.c -- Problem set 4, question 3
 * @author Jonas Weber
 *
 * Backprop through   X -> affine -> relu -> affine -> softmax loss
 * one example at a time.  Weight gradients with gsl_blas_dger,
 * the biases with a plain loop.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, H = net->H, C = net->C;
    double dscore_buf[C], dhid_buf[H], drelu_buf[H];
    gsl_vector_view dscore = gsl_vector_view_array(dscore_buf, C);
    gsl_vector_view dhid = gsl_vector_view_array(dhid_buf, H);
    gsl_vector_view drelu = gsl_vector_view_array(drelu_buf, H);

    gsl_matrix_set_zero(g->dW1);
    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db1);
    gsl_vector_set_zero(g->db2);

    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view a1 = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_const_view xi = gsl_matrix_const_row(X, i);

        // (p - y) / N
        for (size_t c = 0; c < C; c++) {
            double t = gsl_matrix_get(cache->prob, i, c);
            if (c == y[i]) t -= 1.0;
            dscore_buf[c] = t / N;
        }
        gsl_matrix_set_row(g->dz2, i, &dscore.vector);
        gsl_blas_dger(1.0, &a1.vector, &dscore.vector, g->dW2);
        for (size_t c = 0; c < C; c++)
            gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) + dscore_buf[c]);

        // hidden
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dscore.vector, 0.0, &dhid.vector);
        gsl_matrix_set_row(g->dp1, i, &dhid.vector);
        for (size_t j = 0; j < H; j++)
            drelu_buf[j] = gsl_matrix_get(cache->z1, i, j) > 0 ? dhid_buf[j] : 0.0;
        gsl_matrix_set_row(g->dz1, i, &drelu.vector);
        gsl_blas_dger(1.0, &xi.vector, &drelu.vector, g->dW1);
        for (size_t j = 0; j < H; j++)
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + dhid_buf[j]);
    }

    // regularization (no 0.5 in the loss -> factor 2)
    for (size_t j = 0; j < H; j++)
        for (size_t c = 0; c < C; c++)
            *gsl_matrix_ptr(g->dW2, j, c) += 2.0 * reg * gsl_matrix_get(net->W2, j, c);
    for (size_t d = 0; d < net->D; d++)
        for (size_t j = 0; j < H; j++)
            *gsl_matrix_ptr(g->dW1, d, j) += 2.0 * reg * gsl_matrix_get(net->W1, d, j);

    g->present = BP_GRADS_ALL;
    return 0;
}
