/* Backward pass, raw pointers.
 * Row-major in GSL: element (i,j) of A is A->data[i*A->tda + j]
 * (NOT i + j*rows like in MATLAB/Fortran, took me a while).
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    double *dW2 = g->dW2->data, *dW1 = g->dW1->data;
    const double *P = cache->prob->data, *h = cache->p1->data, *z = cache->z1->data;
    const double *W2 = net->W2->data, *W1 = net->W1->data, *x = X->data;
    const size_t tdz2 = g->dz2->tda, tdp1 = g->dp1->tda, tdz1 = g->dz1->tda;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            dz2[i*tdz2 + k] = P[i*cache->prob->tda + k] / N;
        dz2[i*tdz2 + y[i]] -= 1.0 / N;
    }

    /* dW2 = h'*dz2 + reg*W2   (derivative of the reg term) */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += h[i*cache->p1->tda + j] * dz2[i*tdz2 + k];
            dW2[j*g->dW2->tda + k] = s + reg * W2[j*net->W2->tda + k];
        }

    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz2[i*tdz2 + k];
        g->db2->data[k*g->db2->stride] = s;
    }

    /* dp1 = dz2*W2' ; dz1 = dp1 where z1 > 0 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += dz2[i*tdz2 + k] * W2[j*net->W2->tda + k];
            dp1[i*tdp1 + j] = s;
            dz1[i*tdz1 + j] = z[i*cache->z1->tda + j] > 0 ? s : 0.0;
        }

    /* dW1 = x'*dz1 + 2*reg*W1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (i = 0; i < N; i++)
                s += x[i*X->tda + k] * dz1[i*tdz1 + j];
            dW1[k*g->dW1->tda + j] = s + 2.0 * reg * W1[k*net->W1->tda + j];
        }

    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += dz1[i*tdz1 + j];
        g->db1->data[j*g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
