/* Assignment 2 -- backward()
 * I go through ->data directly (row i starts at data + i*tda), it is
 * faster than gsl_matrix_get. */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    const gsl_matrix *P = cache->prob, *A1 = cache->p1, *W2 = net->W2, *W1 = net->W1;
    gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;
    gsl_matrix *dW2 = g->dW2, *dW1 = g->dW1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            dz2->data[i * dz2->tda + k] = P->data[i * P->tda + k] / N;
        dz2->data[i * dz2->tda + y[i]] -= 1.0 / N;
    }

    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += A1->data[i * A1->tda + j] * dz2->data[i * dz2->tda + k];
            dW2->data[j * dW2->tda + k] = s + 2 * reg * W2->data[j * W2->tda + k];
        }

    for (k = 0; k < C; k++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += dz2->data[i * dz2->tda + k];
        g->db2->data[k * g->db2->stride] = s;
    }

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += dz2->data[i * dz2->tda + k] * W2->data[j * W2->tda + k];
            dp1->data[i * dp1->tda + j] = s;
        }

    /* relu derivative */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            if (A1->data[i * A1->tda + j] >= 0)
                dz1->data[i * dz1->tda + j] = dp1->data[i * dp1->tda + j];
            else
                dz1->data[i * dz1->tda + j] = 0;
        }

    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += X->data[i * X->tda + k] * dz1->data[i * dz1->tda + j];
            dW1->data[k * dW1->tda + j] = s + 2 * reg * W1->data[k * W1->tda + j];
        }

    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += dz1->data[i * dz1->tda + j];
        g->db1->data[j * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
