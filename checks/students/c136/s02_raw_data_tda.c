/* Backward pass, two-layer net.  Homework 3.
 * I index the GSL storage directly (row r, column c is data[r*tda + c]),
 * it is faster than gsl_matrix_get and the notes do it the same way. */
#include <stddef.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, m;

    if (N != cache->N || X->size2 != D || g->N != N) {
        return 1;
    }

    double *delta_out = g->dz2->data;       size_t t_do = g->dz2->tda;
    double *err_hid = g->dp1->data;         size_t t_eh = g->dp1->tda;
    double *delta_hid = g->dz1->data;       size_t t_dh = g->dz1->tda;
    double *grad_w_out = g->dW2->data;      size_t t_wo = g->dW2->tda;
    double *grad_w_hid = g->dW1->data;      size_t t_wh = g->dW1->tda;
    const double *prob = cache->prob->data; size_t t_pr = cache->prob->tda;
    const double *a_hid = cache->p1->data;  size_t t_a = cache->p1->tda;
    const double *net_hid = cache->z1->data; size_t t_z = cache->z1->tda;
    const double *w_out = net->W2->data;    size_t t_w2 = net->W2->tda;
    const double *w_hid = net->W1->data;    size_t t_w1 = net->W1->tda;
    const double *x = X->data;              size_t t_x = X->tda;

    /* output deltas */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double target = (y[i] == k) ? 1.0 : 0.0;
            delta_out[i * t_do + k] = (prob[i * t_pr + k] - target) / N;
        }
    }

    /* output layer weights and biases */
    for (j = 0; j < H; j++) {
        for (k = 0; k < C; k++) {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += a_hid[i * t_a + j] * delta_out[i * t_do + k];
            grad_w_out[j * t_wo + k] = acc + 2 * reg * w_out[j * t_w2 + k];
        }
    }
    for (k = 0; k < C; k++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += delta_out[i * t_do + k];
        g->db2->data[k * g->db2->stride] = acc;
    }

    /* back to the hidden layer */
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += delta_out[i * t_do + k] * w_out[j * t_w2 + k];
            err_hid[i * t_eh + j] = acc;
            /* relu'(net) */
            delta_hid[i * t_dh + j] = net_hid[i * t_z + j] > 0 ? acc : 0.0;
        }
    }

    /* hidden layer weights and biases */
    for (m = 0; m < D; m++) {
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += x[i * t_x + m] * delta_hid[i * t_dh + j];
            grad_w_hid[m * t_wh + j] = acc + 2 * reg * w_hid[m * t_w1 + j];
        }
    }
    for (j = 0; j < H; j++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += delta_hid[i * t_dh + j];
        g->db1->data[j * g->db1->stride] = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
