// hw3 -- backward pass of the 2 layer net
// per sample version.  first pass does dz2, dp1, dz1 row by row straight
// on the data pointers, second pass adds up the weight grads with dger.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    // ---- pass 1: the per-sample deltas ----
    for (i = 0; i < N; i++) {
        const double *pr = cache->prob->data + i * cache->prob->tda;
        const double *zz = cache->z1->data + i * cache->z1->tda;
        double *d2 = g->dz2->data + i * g->dz2->tda;
        double *dp = g->dp1->data + i * g->dp1->tda;
        double *d1 = g->dz1->data + i * g->dz1->tda;

        for (k = 0; k < C; k++)
            d2[k] = pr[k] / N;
        d2[y[i]] -= 1.0 / N;

        // dp = W2 * d2, one hidden unit at a time (row j of W2)
        for (j = 0; j < H; j++) {
            const double *w = net->W2->data + j * net->W2->tda;
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += w[k] * d2[k];
            dp[j] = s;
            d1[j] = zz[j] > 0 ? s : 0.0;
        }
    }

    // ---- pass 2: sum the outer products ----
    gsl_matrix_set_zero(g->dW2);
    gsl_matrix_set_zero(g->dW1);
    gsl_vector_set_zero(g->db2);
    gsl_vector_set_zero(g->db1);

    for (i = 0; i < N; i++) {
        gsl_vector_const_view xi = gsl_matrix_const_row(X, i);
        gsl_vector_const_view hi = gsl_matrix_const_row(cache->p1, i);
        gsl_vector_view d2 = gsl_matrix_row(g->dz2, i);
        gsl_vector_view d1 = gsl_matrix_row(g->dz1, i);

        gsl_blas_dger(1.0, &hi.vector, &d2.vector, g->dW2);
        gsl_blas_daxpy(1.0, &d2.vector, g->db2);
        gsl_blas_dger(1.0, &xi.vector, &d1.vector, g->dW1);
        gsl_blas_daxpy(1.0, &d1.vector, g->db1);
    }

    // reg part: loss has reg*|W|^2 (no 1/2!) so dW += 2*reg*W
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            g->dW2->data[j * g->dW2->tda + k] +=
                2 * reg * net->W2->data[j * net->W2->tda + k];
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++)
            g->dW1->data[i * g->dW1->tda + j] +=
                2 * reg * net->W1->data[i * net->W1->tda + j];

    g->present = BP_GRADS_ALL;
    return 0;
}
