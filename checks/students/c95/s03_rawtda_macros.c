// backward.c  --  hand-written backprop, sample loop, raw arrays
// (gsl_matrix_get is too slow for my taste, index ->data directly)
//
// element (i,j) of a gsl_matrix A is A->data[i*A->tda + j]

#include "backprop.h"
#include <string.h>

#define EL(A, i, j)  ((A)->data[(i) * (A)->tda + (j)])
#define VE(v, i)     ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double w = 1.0 / (double)N;     // weight of one sample in the mean
    size_t n, a, b;

    if (N != cache->N || D != X->size2 || g->N != N)
        return 1;

    // start the weight gradients at the penalty term 2*reg*W,
    // then the sample loop adds the data part on top
    for (a = 0; a < H; a++)
        for (b = 0; b < C; b++)
            EL(g->dW2, a, b) = 2.0 * reg * EL(net->W2, a, b);
    for (a = 0; a < D; a++)
        for (b = 0; b < H; b++)
            EL(g->dW1, a, b) = 2.0 * reg * EL(net->W1, a, b);
    for (b = 0; b < C; b++) VE(g->db2, b) = 0.0;
    for (b = 0; b < H; b++) VE(g->db1, b) = 0.0;

    for (n = 0; n < N; n++)
    {
        double *d2 = &EL(g->dz2, n, 0);        // row n of dz2
        double *dp = &EL(g->dp1, n, 0);
        double *dz = &EL(g->dz1, n, 0);
        const double *pr = &EL(cache->prob, n, 0);
        const double *h  = &EL(cache->p1, n, 0);
        const double *u  = &EL(cache->z1, n, 0);
        const double *x  = &EL(X, n, 0);

        for (b = 0; b < C; b++)
            d2[b] = w * pr[b];
        d2[y[n]] -= w;

        for (a = 0; a < H; a++)
        {
            double acc = 0.0;
            for (b = 0; b < C; b++)
            {
                EL(g->dW2, a, b) += h[a] * d2[b];
                acc += EL(net->W2, a, b) * d2[b];
            }
            dp[a] = acc;
        }
        for (b = 0; b < C; b++)
            VE(g->db2, b) += d2[b];

        // relu: copy dp1 row over and kill the dead units in place
        memcpy(dz, dp, H * sizeof(double));
        for (a = 0; a < H; a++)
            if (u[a] <= 0.0)
                dz[a] = 0.0;

        for (a = 0; a < D; a++)
            for (b = 0; b < H; b++)
                EL(g->dW1, a, b) += x[a] * dz[b];
        for (b = 0; b < H; b++)
            VE(g->db1, b) += dz[b];
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
