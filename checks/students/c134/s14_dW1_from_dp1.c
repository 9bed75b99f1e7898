/* Two-layer net: backward pass by hand (no BLAS).
   Indexing: A[i][j] lives at A->data[i*A->tda + j]. */

#include "backprop.h"

#define IDX(A, i, j) ((i) * (A)->tda + (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double *P = cache->prob->data, *A1 = cache->p1->data, *Z1 = cache->z1->data;
    const double *W1 = net->W1->data, *W2 = net->W2->data, *x = X->data;
    double *dZ2 = g->dz2->data, *dA1 = g->dp1->data, *dZ1 = g->dz1->data;
    double *dW1 = g->dW1->data, *dW2 = g->dW2->data;
    size_t i, j, k;

    if (cache->N != N || g->N != N) return 1;

    /* output layer */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dZ2[IDX(g->dz2, i, k)] = (P[IDX(cache->prob, i, k)] - (y[i] == k ? 1.0 : 0.0)) / N;

    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += A1[IDX(cache->p1, i, j)] * dZ2[IDX(g->dz2, i, k)];
            dW2[IDX(g->dW2, j, k)] = s + 2 * reg * W2[IDX(net->W2, j, k)];
        }

    for (k = 0; k < C; k++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += dZ2[IDX(g->dz2, i, k)];
        gsl_vector_set(g->db2, k, s);
    }

    /* hidden layer */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += dZ2[IDX(g->dz2, i, k)] * W2[IDX(net->W2, j, k)];
            dA1[IDX(g->dp1, i, j)] = s;
            dZ1[IDX(g->dz1, i, j)] = Z1[IDX(cache->z1, i, j)] > 0 ? s : 0;
        }

    /* input layer */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += x[IDX(X, i, k)] * dA1[IDX(g->dp1, i, j)];
            dW1[IDX(g->dW1, k, j)] = s + 2 * reg * W1[IDX(net->W1, k, j)];
        }

    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += dZ1[IDX(g->dz1, i, j)];
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
