/* backward.c -- backprop for the 2 layer net
 * Row pointers (data + i*tda) instead of get/set, checked by shape asserts.
 * For the relu I tried two masks, see the #if. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++) {
        const double *p = cache->prob->data + i * cache->prob->tda;
        double *d = g->dz2->data + i * g->dz2->tda;
        for (j = 0; j < C; j++)
            d[j] = p[j] / N;
        d[y[i]] -= 1.0 / N;
    }
    if (g->dz2->size1 != N || g->dz2->size2 != C) return 1;

    /* dW2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
    if (g->dW2->size1 != H || g->dW2->size2 != C) return 1;

    /* db2 */
    for (j = 0; j < C; j++)
        g->db2->data[j * g->db2->stride] = 0.0;
    for (i = 0; i < N; i++) {
        const double *d = g->dz2->data + i * g->dz2->tda;
        for (j = 0; j < C; j++)
            g->db2->data[j * g->db2->stride] += d[j];
    }
    if (g->db2->size != C) return 1;

    /* dp1 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
    if (g->dp1->size1 != N || g->dp1->size2 != H) return 1;

    /* dz1: relu backward */
    for (i = 0; i < N; i++) {
        const double *dp = g->dp1->data + i * g->dp1->tda;
        const double *z = cache->z1->data + i * cache->z1->tda;
        double *dz = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++) {
#if 0
            /* mask from the forward pass */
            dz[j] = z[j] > 0 ? dp[j] : 0.0;
#else
            /* same thing, relu only passes the positive part */
            dz[j] = dp[j] > 0 ? dp[j] : 0.0;
            (void) z;
#endif
        }
    }
    if (g->dz1->size1 != N || g->dz1->size2 != H) return 1;

    /* dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
    if (g->dW1->size1 != D || g->dW1->size2 != H) return 1;

    /* db1 */
    for (j = 0; j < H; j++)
        g->db1->data[j * g->db1->stride] = 0.0;
    for (i = 0; i < N; i++) {
        const double *d = g->dz1->data + i * g->dz1->tda;
        for (j = 0; j < H; j++)
            g->db1->data[j * g->db1->stride] += d[j];
    }
    if (g->db1->size != H) return 1;

    g->present = BP_GRADS_ALL;
    return 0;
}
