// Backward pass for the 2-layer net (lab 3).
// I accumulate the weight gradients sample by sample with daxpy:
//   dW2 += p1[n][h] * dz2[n,:]   (row h of dW2)
//   dW1 += X[n][d]  * dz1[n,:]   (row d of dW1)
// and the bias gradients are sums of the rows of dz.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = X->size2, H = net->H;
    size_t n, h, d;

    if (N != cache->N || D != net->D || g->N != N)
        return 1;

    // dz2: softmax minus one-hot, averaged over the batch
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++) {
        double *e = gsl_matrix_ptr(g->dz2, n, y[n]);
        *e -= 1.0;
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    // dW2 and db2, starting from the reg term / zero
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_vector_set_zero(g->db2);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view dz2n = gsl_matrix_const_row(g->dz2, n);
        for (h = 0; h < H; h++) {
            gsl_vector_view dw2h = gsl_matrix_row(g->dW2, h);
            gsl_blas_daxpy(gsl_matrix_get(cache->p1, n, h), &dz2n.vector,
                           &dw2h.vector);
        }
        gsl_blas_daxpy(1.0, &dz2n.vector, g->db2);
    }

    // dp1 = dz2 W2^T, one dot per entry
    for (n = 0; n < N; n++) {
        gsl_vector_const_view dz2n = gsl_matrix_const_row(g->dz2, n);
        for (h = 0; h < H; h++) {
            gsl_vector_const_view w2h = gsl_matrix_const_row(net->W2, h);
            double v;
            gsl_blas_ddot(&dz2n.vector, &w2h.vector, &v);
            gsl_matrix_set(g->dp1, n, h, v);
        }
    }

    // dz1: relu gate, straight on the arrays (rows are tda apart)
    {
        const double *z = cache->z1->data, *dp = g->dp1->data;
        double *dz = g->dz1->data;
        size_t tz = cache->z1->tda, tp = g->dp1->tda, td = g->dz1->tda;
        for (n = 0; n < N; n++)
            for (h = 0; h < H; h++)
                dz[n * td + h] = z[n * tz + h] > 0 ? dp[n * tp + h] : 0.0;
    }

    // dW1 and db1 the same way as layer 2
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_vector_set_zero(g->db1);
    for (n = 0; n < N; n++) {
        gsl_vector_const_view dz1n = gsl_matrix_const_row(g->dz1, n);
        for (d = 0; d < D; d++) {
            gsl_vector_view dw1d = gsl_matrix_row(g->dW1, d);
            gsl_blas_daxpy(gsl_matrix_get(X, n, d), &dz1n.vector, &dw1d.vector);
        }
        gsl_blas_daxpy(1.0, &dz1n.vector, g->db1);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
