#include "backprop.h"
#include <gsl/gsl_blas.h>

/* Backprop, one training example at a time.
 * Notation: a = z1 (pre-activation), h = relu(a) = p1, s = z2, q = softmax(s)
 *   dL/ds   = (q - onehot)/N
 *   dL/dW2 += (hidden) (x) dL/ds
 *   dL/dh   = W2 dL/ds
 *   dL/da   = dL/dh * step(a)
 *   dL/dW1 += x (x) dL/da
 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, H = net->H;
    size_t n, j;

    if (N != cache->N || X->size2 != net->D || g->N != N) {
        return 1;
    }

    gsl_matrix_set_zero(g->dW2);
    gsl_vector_set_zero(g->db2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db1);

    for (n = 0; n < N; n++) {
        gsl_vector_const_view q = gsl_matrix_const_row(cache->prob, n);
        gsl_vector_const_view a = gsl_matrix_const_row(cache->z1, n);
        gsl_vector_const_view x = gsl_matrix_const_row(X, n);
        gsl_vector_view ds = gsl_matrix_row(g->dz2, n);
        gsl_vector_view dh = gsl_matrix_row(g->dp1, n);
        gsl_vector_view da = gsl_matrix_row(g->dz1, n);

        gsl_vector_memcpy(&ds.vector, &q.vector);
        gsl_vector_set(&ds.vector, y[n], gsl_vector_get(&q.vector, y[n]) - 1.0);
        gsl_vector_scale(&ds.vector, 1.0 / N);

        gsl_blas_dger(1.0, &a.vector, &ds.vector, g->dW2);
        gsl_vector_add(g->db2, &ds.vector);

        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &ds.vector, 0.0, &dh.vector);

        for (j = 0; j < H; j++) {
            double step = gsl_vector_get(&a.vector, j) > 0 ? 1.0 : 0.0;
            gsl_vector_set(&da.vector, j, step * gsl_vector_get(&dh.vector, j));
        }

        gsl_blas_dger(1.0, &x.vector, &da.vector, g->dW1);
        gsl_vector_add(g->db1, &da.vector);
    }

    /* + 2 reg W from the penalty */
    {
        gsl_matrix_const_view W2 = gsl_matrix_const_submatrix(net->W2, 0, 0, H, net->C);
        gsl_matrix_const_view W1 = gsl_matrix_const_submatrix(net->W1, 0, 0, net->D, H);
        size_t r;
        for (r = 0; r < H; r++) {
            gsl_vector_const_view w = gsl_matrix_const_row(&W2.matrix, r);
            gsl_vector_view dw = gsl_matrix_row(g->dW2, r);
            gsl_blas_daxpy(2 * reg, &w.vector, &dw.vector);
        }
        for (r = 0; r < net->D; r++) {
            gsl_vector_const_view w = gsl_matrix_const_row(&W1.matrix, r);
            gsl_vector_view dw = gsl_matrix_row(g->dW1, r);
            gsl_blas_daxpy(2 * reg, &w.vector, &dw.vector);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
