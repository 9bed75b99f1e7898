/* backward.c
 * Backpropagation, two layers.  I unrolled the bias sums by two samples,
 * same as the dot products in the DSP labs.
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, j, k;
    double a0, a1;

    /* err_out = (p - t) / N */
    for (n = 0; n < N; n++) {
        const double *p = &cache->prob->data[n * cache->prob->tda];
        double *err_out = &g->dz2->data[n * g->dz2->tda];
        for (k = 0; k < C; k++)
            err_out[k] = (p[k] - (y[n] == k)) / N;
    }

    /* output layer */
    for (k = 0; k < C; k++) {
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(cache->p1, n, j) * gsl_matrix_get(g->dz2, n, k);
            gsl_matrix_set(g->dW2, j, k, acc + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
        }
        a0 = a1 = 0.0;
        for (n = 0; n + 1 < N; n += 2) {
            a0 += gsl_matrix_get(g->dz2, n, k);
            a1 += gsl_matrix_get(g->dz2, n + 1, k);
        }
        if (N & 1)
            a0 += gsl_matrix_get(g->dz2, N - 1, k);
        gsl_vector_set(g->db2, k, a0 + a1);
    }

    /* hidden layer error and delta */
    for (n = 0; n < N; n++) {
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += gsl_matrix_get(g->dz2, n, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, n, j, acc);
            if (gsl_matrix_get(cache->z1, n, j) > 0.0)
                gsl_matrix_set(g->dz1, n, j, acc);
            else
                gsl_matrix_set(g->dz1, n, j, 0.0);
        }
    }

    /* hidden weights */
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, k) * gsl_matrix_get(g->dz1, n, j);
            gsl_matrix_set(g->dW1, k, j, acc + 2.0 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    /* hidden bias, unrolled */
    for (j = 0; j < H; j++) {
        a0 = a1 = 0.0;
        for (n = 0; n + 1 < N; n += 2) {
            a0 += gsl_matrix_get(g->dz1, n, j);
            a1 += gsl_matrix_get(g->dz1, n + 1, j);
        }
        gsl_vector_set(g->db1, j, a0 + a1);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
