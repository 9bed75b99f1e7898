/*
 * backward.c  --  two-layer net, backward, plain CBLAS (row major).
 * Build: cc -shared -fPIC -O2 $(pkg-config --cflags backprop) ...
 */
#include <stdlib.h>
#include <gsl/gsl_cblas.h>
#include "backprop.h"

#define PTR(m) ((m)->data)
#define LD(m) ((int) (m)->tda)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
    int i, j;
    double *ones;

    if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
        return 1;
    ones = malloc((size_t) N * sizeof(double));
    if (!ones)
        return 1;
    for (i = 0; i < N; i++)
        ones[i] = 1.0;

    /* dz2 */
    for (i = 0; i < N; i++) {
        double *d = PTR(g->dz2) + i * LD(g->dz2);
        const double *p = PTR(cache->prob) + i * LD(cache->prob);
        for (j = 0; j < C; j++)
            d[j] = (p[j] - ((size_t) j == y[i])) / N;
    }

    /* dW2 = p1' dz2 + 2 reg W2   (copy W2 in, beta = 2 reg) */
    for (i = 0; i < H; i++)
        cblas_dcopy(C, PTR(net->W2) + i * LD(net->W2), 1, PTR(g->dW2) + i * LD(g->dW2), 1);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, H, C, N, 1.0,
                PTR(cache->p1), LD(cache->p1), PTR(g->dz2), LD(g->dz2),
                2.0 * reg, PTR(g->dW2), LD(g->dW2));
    cblas_dgemv(CblasRowMajor, CblasTrans, N, C, 1.0, PTR(g->dz2), LD(g->dz2),
                ones, 1, 0.0, PTR(g->db2), (int) g->db2->stride);

    /* dp1 = dz2 W2'.  W2 row-major (H,C) is W2' column-major, so no
       transpose needed, ld = H */
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, H, C, 1.0, PTR(g->dz2), LD(g->dz2), PTR(net->W2), H, 0.0, PTR(g->dp1), LD(g->dp1));

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            PTR(g->dz1)[i * LD(g->dz1) + j] =
                PTR(cache->z1)[i * LD(cache->z1) + j] > 0 ? PTR(g->dp1)[i * LD(g->dp1) + j] : 0;

    /* dW1 = X' dz1 + 2 reg W1 */
    for (i = 0; i < D; i++)
        cblas_dcopy(H, PTR(net->W1) + i * LD(net->W1), 1, PTR(g->dW1) + i * LD(g->dW1), 1);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, D, H, N, 1.0,
                PTR(X), LD(X), PTR(g->dz1), LD(g->dz1),
                2.0 * reg, PTR(g->dW1), LD(g->dW1));
    cblas_dgemv(CblasRowMajor, CblasTrans, N, H, 1.0, PTR(g->dz1), LD(g->dz1),
                ones, 1, 0.0, PTR(g->db1), (int) g->db1->stride);

    free(ones);
    g->present = BP_GRADS_ALL;
    return 0;
}
