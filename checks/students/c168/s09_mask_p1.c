// backward.c  -- hand backprop, lab 4
// output error, then back through W2, through the relu, into W1

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double invN = 1.0 / N;

    // err_out
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            double v = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
                v -= 1.0;
            gsl_matrix_set(g->dz2, i, k, v * invN);
        }
    }

    // grad_w_out, grad_b_out in one sweep over the batch
    for (k = 0; k < C; k++) {
        double sb = 0.0;
        for (i = 0; i < N; i++)
            sb += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, sb);
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, acc + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }

    // err_hid
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, acc);
        }
    }

    // delta_hid: relu'(x) = 1 where the output was non negative
    for (i = 0; i < N; i++) {
        const double *out = cache->p1->data + i * cache->p1->tda;
        const double *eh = g->dp1->data + i * g->dp1->tda;
        double *dh = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++)
            dh[j] = (out[j] >= 0.0) ? eh[j] : 0.0;
    }

    // grad_w_hid
    for (k = 0; k < D; k++) {
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (i = 0; i < N; i++)
                acc += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, acc + 2 * reg * gsl_matrix_get(net->W1, k, j));
        }
    }

    // grad_b_hid
    for (j = 0; j < H; j++) {
        double acc = 0.0;
        for (i = 0; i < N; i++)
            acc += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
