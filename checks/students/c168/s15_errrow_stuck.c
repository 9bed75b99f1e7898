/*
 * backward.c -- Assignment 2 (backprop)
 * One pass over the batch does the output bias and the hidden error;
 * the weight gradients are done with dgemm afterwards.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    const size_t tw = net->W2->tda;
    double *grad_b_out = g->db2->data;   /* stride 1 */
    const double *err;
    double *err_hid;
    size_t n, h, c;

    /* err_out = (prob - onehot) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 0; n < N; n++)
        gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    /* grad_w_out = p1' err_out + 2 reg W2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

    /* grad_b_out and err_hid, row by row */
    for (c = 0; c < C; c++)
        grad_b_out[c * g->db2->stride] = 0.0;
    err = g->dz2->data;
    err_hid = g->dp1->data;
    for (n = 0; n < N; n++, err_hid += g->dp1->tda) {
        for (c = 0; c < C; c++)
            grad_b_out[c * g->db2->stride] += err[c];
        for (h = 0; h < H; h++) {
            double acc = 0.0;
            for (c = 0; c < C; c++)
                acc += err[c] * net->W2->data[h * tw + c];
            err_hid[h] = acc;
        }
    }

    /* delta_hid */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dz1, n, h,
                           gsl_matrix_get(cache->z1, n, h) > 0.0 ? gsl_matrix_get(g->dp1, n, h) : 0.0);

    /* grad_w_hid = X' delta_hid + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* grad_b_hid */
    for (h = 0; h < H; h++) {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
