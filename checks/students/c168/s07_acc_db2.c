/*
 * backward.c -- Assignment 2, part B.
 * Output layer error is e = (y_hat - d) / N (mean over the batch),
 * hidden delta = (e W2^T) .* f'(net_hid), f = relu.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    const size_t ts = cache->prob->tda;
    size_t n, h, c, d;

    if (g->N != N || D != net->D)
        return 1;

    /* e = (y_hat - d)/N */
    for (n = 0; n < N; n++) {
        const double *yh = cache->prob->data + n * ts;
        double *e = g->dz2->data + n * g->dz2->tda;
        for (c = 0; c < C; c++) {
            double d_nc = (c == y[n]) ? 1.0 : 0.0;
            e[c] = (yh[c] - d_nc) / (double)N;
        }
    }

    /* output weights */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++) {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += cache->p1->data[n * cache->p1->tda + h]
                       * g->dz2->data[n * g->dz2->tda + c];
            gsl_matrix_set(g->dW2, h, c, acc + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
        }

    /* output bias: sum e over the batch */
    {
        double acc = 0.0;
        for (c = 0; c < C; c++) {
            for (n = 0; n < N; n++)
                acc += g->dz2->data[n * g->dz2->tda + c];
            gsl_vector_set(g->db2, c, acc);
        }
    }

    /* hidden error and delta */
    for (n = 0; n < N; n++) {
        const double *e = g->dz2->data + n * g->dz2->tda;
        for (h = 0; h < H; h++) {
            const double *w = net->W2->data + h * net->W2->tda;
            double acc = 0.0;
            for (c = 0; c < C; c++)
                acc += e[c] * w[c];
            gsl_matrix_set(g->dp1, n, h, acc);
            gsl_matrix_set(g->dz1, n, h,
                           gsl_matrix_get(cache->z1, n, h) > 0.0 ? acc : 0.0);
        }
    }

    /* input weights */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            double acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, acc + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
        }

    /* hidden bias */
    for (h = 0; h < H; h++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
